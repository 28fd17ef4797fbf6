#include "settingsdialog.h"

#include "counted.h"
#include "store/database.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace Ui {

namespace {

QSpinBox *spin(int min, int max, int value, const QString &suffix, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setRange(min, max);
    box->setValue(value);
    box->setSuffix(suffix);
    box->setGroupSeparatorShown(true);
    return box;
}

QPlainTextEdit *addressEdit(const QStringList &addresses, const QString &name, QWidget *parent)
{
    auto *edit = new QPlainTextEdit(addresses.join(QLatin1Char('\n')), parent);
    edit->setObjectName(name);
    edit->setFixedHeight(edit->fontMetrics().height() * 4);
    return edit;
}

QStringList addressLines(const QPlainTextEdit *edit)
{
    QStringList lines;
    for (const QString &line : edit->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (!line.trimmed().isEmpty())
            lines.append(line.trimmed());
    }
    return lines;
}

QLineEdit *fileEdit(const QString &path, const QString &name, QWidget *parent)
{
    auto *edit = new QLineEdit(path, parent);
    edit->setObjectName(name);
    return edit;
}

// The edit with a Browse button that picks a file to read, in one widget to enable as one.
QWidget *openFileRow(QLineEdit *edit, const QString &title, const QString &filter, QWidget *parent)
{
    auto *row = new QWidget(parent);
    auto *browse = new QPushButton(QObject::tr("Browse…"), row);
    QObject::connect(browse, &QPushButton::clicked, edit, [edit, title, filter] {
        const QString path = QFileDialog::getOpenFileName(edit->window(), title, edit->text(), filter);
        if (!path.isEmpty())
            edit->setText(path);
    });
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    return row;
}

} // namespace

SettingsDialog::SettingsDialog(const AppSettings &s, QWidget *parent)
    : QDialog(parent), m_base(s)
{
    setWindowTitle(tr("Mailscope Settings"));
    m_listen = addressEdit(s.listen, QStringLiteral("listenEdit"), this);
    m_listen->setToolTip(tr("One address and port a line: 127.0.0.1:1025, [::1]:1025, or :1025 for all addresses."));
    m_hostname = new QLineEdit(s.hostname, this);

    m_tls = new QCheckBox(tr("Offer TLS: STARTTLS, and implicit TLS on the addresses below"), this);
    m_tls->setObjectName(QStringLiteral("tlsEnabled"));
    m_tls->setChecked(s.tls);
    m_selfSigned = new QRadioButton(tr("Self-signed, made on first use beside the database"), this);
    m_selfSigned->setObjectName(QStringLiteral("selfSigned"));
    m_certificateFiles = new QRadioButton(tr("My certificate and key files (PEM):"), this);
    m_certificateFiles->setObjectName(QStringLiteral("certificateFiles"));
    auto *certificateChoice = new QButtonGroup(this); // apart from the AUTH choice
    certificateChoice->addButton(m_selfSigned);
    certificateChoice->addButton(m_certificateFiles);
    (s.tlsCertificate.isEmpty() ? m_selfSigned : m_certificateFiles)->setChecked(true);
    m_certificate = fileEdit(s.tlsCertificate, QStringLiteral("certificateFile"), this);
    m_key = fileEdit(s.tlsKey, QStringLiteral("keyFile"), this);
    const QString pem = tr("PEM files (*.pem *.crt *.key);;All files (*)");
    QWidget *certificateRow = openFileRow(m_certificate, tr("Certificate"), pem, this);
    QWidget *keyRow = openFileRow(m_key, tr("Private key"), pem, this);
    m_implicitTls = addressEdit(s.implicitTls, QStringLiteral("implicitTlsEdit"), this);
    m_implicitTls->setToolTip(tr("SMTPS (RFC 8314): TLS from the first byte. One address and port a line, e.g. "
                                 "127.0.0.1:1465; none by default."));
    m_requireTls = new QCheckBox(tr("Refuse mail before STARTTLS (530 5.7.0)"), this);
    m_requireTls->setObjectName(QStringLiteral("requireTls"));
    m_requireTls->setChecked(s.requireTls);

    m_anyCredentials = new QRadioButton(tr("Accept any user name and password"), this);
    m_anyCredentials->setObjectName(QStringLiteral("anyCredentials"));
    m_usersFile = new QRadioButton(tr("Check them against a file, one user:password a line:"), this);
    m_usersFile->setObjectName(QStringLiteral("usersFile"));
    auto *credentialsChoice = new QButtonGroup(this);
    credentialsChoice->addButton(m_anyCredentials);
    credentialsChoice->addButton(m_usersFile);
    (s.authUsers.isEmpty() ? m_anyCredentials : m_usersFile)->setChecked(true);
    m_authUsers = fileEdit(s.authUsers, QStringLiteral("authUsersFile"), this);
    QWidget *usersRow = openFileRow(m_authUsers, tr("AUTH users file"), tr("Text files (*.txt);;All files (*)"), this);
    m_authTlsOnly = new QCheckBox(tr("Offer AUTH only after STARTTLS, as production servers do"), this);
    m_authTlsOnly->setObjectName(QStringLiteral("authTlsOnly"));
    m_authTlsOnly->setChecked(s.authTlsOnly);
    m_requireAuth = new QCheckBox(tr("Refuse mail before AUTH (530 5.7.0)"), this);
    m_requireAuth->setObjectName(QStringLiteral("requireAuth"));
    m_requireAuth->setChecked(s.requireAuth);
    m_recordPasswords = new QCheckBox(tr("Record passwords"), this);
    m_recordPasswords->setObjectName(QStringLiteral("recordPasswords"));
    m_recordPasswords->setChecked(s.recordPasswords);
    auto *recordPasswordsNote = new QLabel(tr("Off: only the mechanism, the user and the password's length are "
                                              "stored. On: AUTH lines are stored as sent, passwords included, and "
                                              "the transcript can reveal them."), this);
    recordPasswordsNote->setObjectName(QStringLiteral("recordPasswordsNote"));
    recordPasswordsNote->setWordWrap(true);

    m_maxSizeMb = spin(1, 1024 * 1024, int(std::max<qint64>(1, s.limits.maxMessageSize / (1024 * 1024))), tr(" MiB"), this);
    m_maxRecipients = spin(1, 1000000, s.limits.maxRecipients, {}, this);
    m_maxLineLength = spin(64, 1 << 20, s.limits.maxLineLength, tr(" octets"), this);
    m_idleTimeout = spin(1, 86400, s.limits.idleTimeoutMs / 1000, tr(" s"), this);
    m_maxConnections = spin(1, 100000, s.limits.maxConnections, {}, this);
    m_database = new QLineEdit(s.databasePath, this);
    m_database->setPlaceholderText(Store::defaultDatabasePath());
    m_fullDurability = new QCheckBox(tr("Every acknowledged message survives a power loss (slower on slow disks)"), this);
    m_fullDurability->setChecked(s.durability == Store::Writer::Durability::Full);
    m_maxMessages = spin(0, 100000000, int(std::min<qint64>(s.retention.maxMessages, 100000000)), tr(" messages"), this);
    m_maxMessages->setObjectName(QStringLiteral("maxMessages"));
    m_maxMessages->setSpecialValueText(tr("unlimited"));
    m_maxMessages->setToolTip(tr("When more messages are stored, the oldest are deleted, with their sessions."));
    m_maxAgeDays = spin(0, 36500, int(s.retention.maxAgeDays), tr(" days"), this);
    m_maxAgeDays->setObjectName(QStringLiteral("maxAgeDays"));
    m_maxAgeDays->setSpecialValueText(tr("forever"));
    m_maxTotalSizeMb = spin(0, 1 << 30, int(std::min<qint64>(s.retention.maxTotalSize / (1024 * 1024), 1 << 30)),
                            tr(" MiB"), this);
    m_maxTotalSizeMb->setObjectName(QStringLiteral("maxTotalSizeMb"));
    m_maxTotalSizeMb->setSpecialValueText(tr("unlimited"));
    m_maxTotalSizeMb->setToolTip(tr("When stored messages take more, the oldest are deleted, with their sessions."));
    m_minFreeSpaceMb = spin(0, 1 << 30, int(std::min<qint64>(s.minFreeSpace / (1024 * 1024), 1 << 30)), tr(" MiB"), this);
    m_minFreeSpaceMb->setObjectName(QStringLiteral("minFreeSpaceMb"));
    m_minFreeSpaceMb->setSpecialValueText(tr("never refuse"));
    m_minFreeSpaceMb->setToolTip(tr("While the database's disk has less free space than this, new mail is refused "
                                    "with 452 4.3.1 (clients retry later)."));
    m_relayServer = new QLineEdit(s.relay.smtp, this);
    m_relayServer->setObjectName(QStringLiteral("relayServer"));
    m_relayServer->setPlaceholderText(tr("off; e.g. smtp.example.com:587"));
    m_relayServer->setToolTip(tr("Releasing a stored message sends its exact bytes on to real recipients through "
                                 "this SMTP server."));
    m_relaySecurity = new QComboBox(this);
    m_relaySecurity->setObjectName(QStringLiteral("relaySecurity"));
    m_relaySecurity->addItems({tr("None"), tr("STARTTLS (required)"), tr("Implicit TLS (SMTPS)")});
    m_relaySecurity->setCurrentIndex(s.relay.tls ? 2 : s.relay.startTls ? 1 : 0);
    m_relayUser = new QLineEdit(s.relay.user, this);
    m_relayUser->setObjectName(QStringLiteral("relayUser"));
    m_relayUser->setPlaceholderText(tr("no AUTH"));
    m_relayPasswordFile = fileEdit(s.relay.passwordFile, QStringLiteral("relayPasswordFile"), this);
    QWidget *relayPasswordRow = openFileRow(m_relayPasswordFile, tr("Relay password file"),
                                            tr("All files (*)"), this);
    m_relayAllowedRecipients = new QLineEdit(s.relay.allowedRecipients, this);
    m_relayAllowedRecipients->setObjectName(QStringLiteral("relayAllowedRecipients"));
    m_relayAllowedRecipients->setPlaceholderText(tr("any; e.g. @example\\.com$"));
    m_relayAllowedRecipients->setToolTip(tr("A regular expression every recipient must match (case-insensitive)."));
    m_relayReturnPath = new QLineEdit(s.relay.returnPath, this);
    m_relayReturnPath->setObjectName(QStringLiteral("relayReturnPath"));
    m_relayReturnPath->setPlaceholderText(tr("the stored message's sender"));
    m_httpEnabled = new QCheckBox(tr("Serve the HTTP API (Mailpit's API v1) and live events"), this);
    m_httpEnabled->setObjectName(QStringLiteral("httpEnabled"));
    m_httpEnabled->setChecked(s.httpEnabled);
    m_httpListen = addressEdit(s.http, QStringLiteral("httpListenEdit"), this);
    m_httpListen->setToolTip(tr("One address and port a line, e.g. 127.0.0.1:8025. Off loopback, the API needs a "
                                "password file."));
    m_httpAuthFile = fileEdit(s.httpAuthFile, QStringLiteral("httpAuthFile"), this);
    m_httpAuthFile->setPlaceholderText(tr("none: no password, loopback only"));
    m_httpAuthFile->setToolTip(tr("An htpasswd file, made with htpasswd -B -c FILE USER."));
    QWidget *httpAuthRow = openFileRow(m_httpAuthFile, tr("HTTP password file"),
                                       tr("htpasswd files (*.htpasswd .htpasswd);;All files (*)"), this);
    m_httpCors = new QLineEdit(s.httpCors.join(QLatin1Char(' ')), this);
    m_httpCors->setObjectName(QStringLiteral("httpCors"));
    m_httpCors->setPlaceholderText(tr("none; e.g. http://localhost:3000, or * for any"));
    m_httpCors->setToolTip(tr("Origins whose pages may call the API from a browser, separated by spaces or commas."));
    m_httpInsecure = new QCheckBox(tr("Serve off loopback without a password"), this);
    m_httpInsecure->setObjectName(QStringLiteral("httpInsecure"));
    m_httpInsecure->setChecked(s.httpInsecure);
    m_httpInsecureWarning = new QLabel(tr("Anyone who can reach these addresses can read, send on and delete every "
                                          "stored message."), this);
    m_httpInsecureWarning->setObjectName(QStringLiteral("httpInsecureWarning"));
    m_httpInsecureWarning->setWordWrap(true);
    m_httpInsecureWarning->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_spamAssassin = new QLineEdit(s.spamAssassin, this);
    m_spamAssassin->setObjectName(QStringLiteral("spamAssassin"));
    m_spamAssassin->setPlaceholderText(tr("off; e.g. 127.0.0.1:783"));
    m_spamAssassin->setToolTip(tr("spamd's address, for the SpamAssassin check of a message."));
    m_notifications = new QCheckBox(tr("Desktop notification on new mail (at most one every few seconds)"), this);
    m_notifications->setChecked(s.notifications);
    m_notifyWhenActive = new QCheckBox(tr("Also while the Mailscope window is active"), this);
    m_notifyWhenActive->setChecked(s.notifyWhenActive);
    m_closeToTray = new QCheckBox(tr("Closing the window keeps Mailscope running in the tray"), this);
    m_closeToTray->setChecked(s.closeToTray);
    m_restartNote = new QLabel(this);
    m_restartNote->setObjectName(QStringLiteral("restartNote"));
    m_restartNote->setWordWrap(true);

    auto *browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Database file"), m_database->text(),
                                                          tr("SQLite databases (*.sqlite *.db);;All files (*)"),
                                                          nullptr, QFileDialog::DontConfirmOverwrite);
        if (!path.isEmpty())
            m_database->setText(path);
    });
    auto *databaseRow = new QHBoxLayout;
    databaseRow->addWidget(m_database, 1);
    databaseRow->addWidget(browse);

    auto *server = new QGroupBox(tr("Server"), this);
    auto *serverForm = new QFormLayout(server);
    serverForm->addRow(tr("Listen on:"), m_listen);
    serverForm->addRow(tr("Host name:"), m_hostname);
    auto *tls = new QGroupBox(tr("TLS"), this);
    auto *tlsForm = new QFormLayout(tls);
    tlsForm->addRow(m_tls);
    tlsForm->addRow(tr("Certificate:"), m_selfSigned);
    tlsForm->addRow(QString(), m_certificateFiles);
    tlsForm->addRow(tr("Certificate file:"), certificateRow);
    tlsForm->addRow(tr("Key file:"), keyRow);
    tlsForm->addRow(tr("Implicit TLS on:"), m_implicitTls);
    tlsForm->addRow(QString(), m_requireTls);
    auto *auth = new QGroupBox(tr("AUTH"), this);
    auto *authForm = new QFormLayout(auth);
    authForm->addRow(tr("Credentials:"), m_anyCredentials);
    authForm->addRow(QString(), m_usersFile);
    authForm->addRow(tr("Users file:"), usersRow);
    authForm->addRow(QString(), m_authTlsOnly);
    authForm->addRow(QString(), m_requireAuth);
    authForm->addRow(QString(), m_recordPasswords);
    authForm->addRow(QString(), recordPasswordsNote);
    auto *limits = new QGroupBox(tr("Limits"), this);
    auto *limitsForm = new QFormLayout(limits);
    limitsForm->addRow(tr("Largest message:"), m_maxSizeMb);
    limitsForm->addRow(tr("Recipients per message:"), m_maxRecipients);
    limitsForm->addRow(tr("Longest command line:"), m_maxLineLength);
    limitsForm->addRow(tr("Idle timeout:"), m_idleTimeout);
    limitsForm->addRow(tr("Connections at once:"), m_maxConnections);
    auto *store = new QGroupBox(tr("Storage"), this);
    auto *storeForm = new QFormLayout(store);
    storeForm->addRow(tr("Database:"), databaseRow);
    storeForm->addRow(QString(), m_fullDurability);
    storeForm->addRow(tr("Messages kept:"), m_maxMessages);
    storeForm->addRow(tr("Messages kept for:"), m_maxAgeDays);
    storeForm->addRow(tr("Space for messages:"), m_maxTotalSizeMb);
    storeForm->addRow(tr("Keep free on disk:"), m_minFreeSpaceMb);
    auto *relay = new QGroupBox(tr("Relay (releasing messages)"), this);
    auto *relayForm = new QFormLayout(relay);
    relayForm->addRow(tr("SMTP server:"), m_relayServer);
    relayForm->addRow(tr("Security:"), m_relaySecurity);
    relayForm->addRow(tr("User:"), m_relayUser);
    relayForm->addRow(tr("Password file:"), relayPasswordRow);
    relayForm->addRow(tr("Allowed recipients:"), m_relayAllowedRecipients);
    relayForm->addRow(tr("Return path:"), m_relayReturnPath);
    const auto enableRelay = [this, relayPasswordRow] {
        const bool on = !m_relayServer->text().trimmed().isEmpty();
        for (QWidget *w : {static_cast<QWidget *>(m_relaySecurity), static_cast<QWidget *>(m_relayUser), relayPasswordRow,
                           static_cast<QWidget *>(m_relayAllowedRecipients), static_cast<QWidget *>(m_relayReturnPath)})
            w->setEnabled(on);
    };
    connect(m_relayServer, &QLineEdit::textChanged, this, enableRelay);
    enableRelay();
    auto *http = new QGroupBox(tr("HTTP API"), this);
    auto *httpForm = new QFormLayout(http);
    httpForm->addRow(m_httpEnabled);
    httpForm->addRow(tr("Listen on:"), m_httpListen);
    httpForm->addRow(tr("Password file:"), httpAuthRow);
    httpForm->addRow(tr("CORS origins:"), m_httpCors);
    httpForm->addRow(QString(), m_httpInsecure);
    httpForm->addRow(QString(), m_httpInsecureWarning);
    httpForm->addRow(tr("SpamAssassin (spamd):"), m_spamAssassin);
    const auto enableHttp = [this, httpAuthRow] {
        const bool on = m_httpEnabled->isChecked();
        for (QWidget *w : {static_cast<QWidget *>(m_httpListen), httpAuthRow, static_cast<QWidget *>(m_httpCors),
                           static_cast<QWidget *>(m_httpInsecure), static_cast<QWidget *>(m_spamAssassin)})
            w->setEnabled(on);
        m_httpInsecureWarning->setVisible(on && m_httpInsecure->isChecked());
    };
    connect(m_httpEnabled, &QCheckBox::toggled, this, enableHttp);
    connect(m_httpInsecure, &QCheckBox::toggled, this, enableHttp);
    enableHttp();
    auto *desktop = new QGroupBox(tr("Desktop"), this);
    auto *desktopLayout = new QVBoxLayout(desktop);
    desktopLayout->addWidget(m_notifications);
    desktopLayout->addWidget(m_notifyWhenActive);
    desktopLayout->addWidget(m_closeToTray);
    connect(m_notifications, &QCheckBox::toggled, m_notifyWhenActive, &QWidget::setEnabled);
    m_notifyWhenActive->setEnabled(s.notifications);
    const auto enableFiles = [this, certificateRow, keyRow, usersRow] {
        certificateRow->setEnabled(m_certificateFiles->isChecked());
        keyRow->setEnabled(m_certificateFiles->isChecked());
        usersRow->setEnabled(m_usersFile->isChecked());
    };
    connect(m_certificateFiles, &QRadioButton::toggled, this, enableFiles);
    connect(m_usersFile, &QRadioButton::toggled, this, enableFiles);
    enableFiles();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    // Two pages of two columns each, so the dialog fits a 900-pixel screen.
    const auto page = [this](std::initializer_list<QWidget *> left, std::initializer_list<QWidget *> right) {
        auto *page = new QWidget(this);
        auto *columns = new QHBoxLayout(page);
        for (const auto &column : {left, right}) {
            auto *boxes = new QVBoxLayout;
            for (QWidget *box : column)
                boxes->addWidget(box);
            boxes->addStretch(1);
            columns->addLayout(boxes);
        }
        return page;
    };
    auto *pages = new QTabWidget(this);
    pages->setObjectName(QStringLiteral("settingsPages"));
    pages->addTab(page({server, tls, limits}, {auth, store}), tr("&SMTP server and storage"));
    pages->addTab(page({http, desktop}, {relay}), tr("&HTTP API, relay and desktop"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(pages);
    layout->addWidget(m_restartNote);
    layout->addWidget(buttons);

    const auto updateNote = [this] {
        const AppSettings now = settings();
        const bool apiChanged = now.http != m_base.http || now.httpEnabled != m_base.httpEnabled
            || now.httpAuthFile != m_base.httpAuthFile || now.httpCors != m_base.httpCors
            || now.httpInsecure != m_base.httpInsecure || now.spamAssassin != m_base.spamAssassin;
        m_restartNote->setText(now.needsRestart(m_base)
                                   ? tr("The listener restarts when you press OK. Stored mail is kept; clients "
                                        "connected now are told to reconnect (421).")
                               : apiChanged ? tr("The HTTP API restarts when you press OK; event clients reconnect.")
                                            : QString());
    };
    for (QPlainTextEdit *edit : {m_listen, m_implicitTls, m_httpListen})
        connect(edit, &QPlainTextEdit::textChanged, this, updateNote);
    for (QLineEdit *edit : {m_hostname, m_database, m_certificate, m_key, m_authUsers, m_httpAuthFile, m_httpCors,
                            m_spamAssassin})
        connect(edit, &QLineEdit::textChanged, this, updateNote);
    for (QSpinBox *box : {m_maxSizeMb, m_maxRecipients, m_maxLineLength, m_idleTimeout, m_maxConnections, m_minFreeSpaceMb})
        connect(box, &QSpinBox::valueChanged, this, updateNote);
    for (QAbstractButton *box : std::initializer_list<QAbstractButton *>{
             m_fullDurability, m_tls, m_certificateFiles, m_requireTls, m_usersFile, m_authTlsOnly, m_requireAuth,
             m_recordPasswords, m_httpEnabled, m_httpInsecure})
        connect(box, &QAbstractButton::toggled, this, updateNote);
}

AppSettings SettingsDialog::settings() const
{
    AppSettings s = m_base;
    s.listen = addressLines(m_listen);
    s.hostname = m_hostname->text().trimmed();
    s.tls = m_tls->isChecked();
    const bool files = m_certificateFiles->isChecked();
    s.tlsCertificate = files ? m_certificate->text().trimmed() : QString();
    s.tlsKey = files ? m_key->text().trimmed() : QString();
    s.implicitTls = addressLines(m_implicitTls);
    s.requireTls = m_requireTls->isChecked();
    s.authUsers = m_usersFile->isChecked() ? m_authUsers->text().trimmed() : QString();
    s.authTlsOnly = m_authTlsOnly->isChecked();
    s.requireAuth = m_requireAuth->isChecked();
    s.recordPasswords = m_recordPasswords->isChecked();
    // Keep an exact byte value the user set elsewhere when the MiB figure was not touched.
    constexpr qint64 kMiB = 1024 * 1024;
    const qint64 mib = qint64(m_maxSizeMb->value()) * kMiB;
    if (mib / kMiB != m_base.limits.maxMessageSize / kMiB)
        s.limits.maxMessageSize = mib;
    s.limits.maxRecipients = m_maxRecipients->value();
    s.limits.maxLineLength = m_maxLineLength->value();
    s.limits.idleTimeoutMs = m_idleTimeout->value() * 1000;
    s.limits.maxConnections = m_maxConnections->value();
    s.databasePath = m_database->text().trimmed();
    s.durability = m_fullDurability->isChecked() ? Store::Writer::Durability::Full : Store::Writer::Durability::Normal;
    s.retention.maxMessages = m_maxMessages->value();
    s.retention.maxAgeDays = m_maxAgeDays->value();
    if (m_maxTotalSizeMb->value() != m_base.retention.maxTotalSize / kMiB)
        s.retention.maxTotalSize = qint64(m_maxTotalSizeMb->value()) * kMiB;
    if (m_minFreeSpaceMb->value() != m_base.minFreeSpace / kMiB)
        s.minFreeSpace = qint64(m_minFreeSpaceMb->value()) * kMiB;
    s.relay.smtp = m_relayServer->text().trimmed();
    const bool relayOn = !s.relay.smtp.isEmpty(); // the rest is kept only with a server, as the flags need
    s.relay.startTls = relayOn && m_relaySecurity->currentIndex() == 1;
    s.relay.tls = relayOn && m_relaySecurity->currentIndex() == 2;
    s.relay.user = relayOn ? m_relayUser->text().trimmed() : QString();
    s.relay.passwordFile = relayOn ? m_relayPasswordFile->text().trimmed() : QString();
    s.relay.allowedRecipients = relayOn ? m_relayAllowedRecipients->text().trimmed() : QString();
    s.relay.returnPath = relayOn ? m_relayReturnPath->text().trimmed() : QString();
    s.httpEnabled = m_httpEnabled->isChecked();
    s.http = addressLines(m_httpListen);
    s.httpAuthFile = m_httpAuthFile->text().trimmed();
    s.httpCors = m_httpCors->text().split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
    s.httpInsecure = m_httpInsecure->isChecked();
    s.spamAssassin = m_spamAssassin->text().trimmed();
    s.notifications = m_notifications->isChecked();
    s.notifyWhenActive = m_notifyWhenActive->isChecked();
    s.closeToTray = m_closeToTray->isChecked();
    return s;
}

void SettingsDialog::focusListenAddresses()
{
    m_listen->setFocus();
    m_listen->selectAll();
}

void SettingsDialog::accept()
{
    QString error;
    const AppSettings s = settings();
    if (m_certificateFiles->isChecked() && s.tlsCertificate.isEmpty() && s.tlsKey.isEmpty())
        error = tr("Choose your certificate and key files, or a self-signed certificate.");
    else if (m_usersFile->isChecked() && s.authUsers.isEmpty())
        error = tr("Choose the AUTH users file, or accept any credentials.");
    else
        s.captureConfig(&error); // reads the files it names: sets error when one is wrong
    if (!error.isEmpty()) {
        QMessageBox::warning(this, windowTitle(), error);
        return;
    }
    if (!confirmRetention(s))
        return;
    QDialog::accept();
}

bool SettingsDialog::confirmRetention(const AppSettings &s)
{
    // Only the database the count looks at: a new one is pruned by its own limits.
    if (!m_retentionCount || s.retention == m_base.retention || !s.retention.limits()
        || s.effectiveDatabasePath() != m_base.effectiveDatabasePath())
        return true;
    const std::optional<qint64> doomed = m_retentionCount(s.retention);
    if (!doomed || *doomed <= 0)
        return true;
    const QString messages = counted(*doomed, "stored message", "stored messages");
    QMessageBox box(QMessageBox::Warning, tr("Delete stored mail?"),
                    tr("The new retention limits delete %1 now, the oldest first, with their sessions. "
                       "Deleted mail cannot be brought back.")
                        .arg(messages),
                    QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("retentionQuestion"));
    QPushButton *remove = box.addButton(tr("Delete %1").arg(messages), QMessageBox::DestructiveRole);
    box.setDefaultButton(box.addButton(QMessageBox::Cancel));
    box.exec();
    return box.clickedButton() == remove;
}

} // namespace Ui
