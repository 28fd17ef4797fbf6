#include "settingsdialog.h"

#include "store/database.h"

#include <QCheckBox>
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
#include <QSpinBox>
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

} // namespace

SettingsDialog::SettingsDialog(const AppSettings &s, QWidget *parent)
    : QDialog(parent), m_base(s)
{
    setWindowTitle(tr("Mailscope Settings"));
    m_listen = new QPlainTextEdit(s.listen.join(QLatin1Char('\n')), this);
    m_listen->setObjectName(QStringLiteral("listenEdit"));
    m_listen->setToolTip(tr("One address and port a line: 127.0.0.1:1025, [::1]:1025, or :1025 for all addresses."));
    m_listen->setFixedHeight(m_listen->fontMetrics().height() * 4);
    m_hostname = new QLineEdit(s.hostname, this);
    m_maxSizeMb = spin(1, 1024 * 1024, int(std::max<qint64>(1, s.limits.maxMessageSize / (1024 * 1024))), tr(" MiB"), this);
    m_maxRecipients = spin(1, 1000000, s.limits.maxRecipients, {}, this);
    m_maxLineLength = spin(64, 1 << 20, s.limits.maxLineLength, tr(" octets"), this);
    m_idleTimeout = spin(1, 86400, s.limits.idleTimeoutMs / 1000, tr(" s"), this);
    m_maxConnections = spin(1, 100000, s.limits.maxConnections, {}, this);
    m_database = new QLineEdit(s.databasePath, this);
    m_database->setPlaceholderText(Store::defaultDatabasePath());
    m_fullDurability = new QCheckBox(tr("Every acknowledged message survives a power loss (slower on slow disks)"), this);
    m_fullDurability->setChecked(s.fullDurability);
    m_maxMessages = spin(0, 100000000, int(std::min<qint64>(s.maxMessages, 100000000)), {}, this);
    m_maxMessages->setObjectName(QStringLiteral("maxMessages"));
    m_maxMessages->setSpecialValueText(tr("unlimited"));
    m_maxMessages->setToolTip(tr("When more messages are stored, the oldest are deleted, with their sessions."));
    m_notifications = new QCheckBox(tr("Desktop notification on new mail (at most one every few seconds)"), this);
    m_notifications->setChecked(s.notifications);
    m_notifyWhenActive = new QCheckBox(tr("Also while the Mailscope window is active"), this);
    m_notifyWhenActive->setChecked(s.notifyWhenActive);
    m_closeToTray = new QCheckBox(tr("Closing the window keeps Mailscope running in the tray"), this);
    m_closeToTray->setChecked(s.closeToTray);
    m_restartNote = new QLabel(this);
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
    storeForm->addRow(tr("Keep at most:"), m_maxMessages);
    auto *desktop = new QGroupBox(tr("Desktop"), this);
    auto *desktopLayout = new QVBoxLayout(desktop);
    desktopLayout->addWidget(m_notifications);
    desktopLayout->addWidget(m_notifyWhenActive);
    desktopLayout->addWidget(m_closeToTray);
    connect(m_notifications, &QCheckBox::toggled, m_notifyWhenActive, &QWidget::setEnabled);
    m_notifyWhenActive->setEnabled(s.notifications);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *columns = new QHBoxLayout;
    auto *left = new QVBoxLayout;
    left->addWidget(server);
    left->addWidget(limits);
    left->addStretch(1);
    auto *right = new QVBoxLayout;
    right->addWidget(store);
    right->addWidget(desktop);
    right->addStretch(1);
    columns->addLayout(left);
    columns->addLayout(right);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns);
    layout->addWidget(m_restartNote);
    layout->addWidget(buttons);

    const auto updateNote = [this] {
        m_restartNote->setText(settings().needsRestart(m_base)
                                   ? tr("The listener restarts when you press OK. Stored mail is kept; clients "
                                        "connected now are told to reconnect (421).")
                                   : QString());
    };
    connect(m_listen, &QPlainTextEdit::textChanged, this, updateNote);
    for (QLineEdit *edit : {m_hostname, m_database})
        connect(edit, &QLineEdit::textChanged, this, updateNote);
    for (QSpinBox *box : {m_maxSizeMb, m_maxRecipients, m_maxLineLength, m_idleTimeout, m_maxConnections})
        connect(box, &QSpinBox::valueChanged, this, updateNote);
    connect(m_fullDurability, &QCheckBox::toggled, this, updateNote);
}

AppSettings SettingsDialog::settings() const
{
    AppSettings s = m_base;
    s.listen.clear();
    for (const QString &line : m_listen->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (!line.trimmed().isEmpty())
            s.listen.append(line.trimmed());
    }
    s.hostname = m_hostname->text().trimmed();
    // Keep an exact byte value the user set elsewhere when the MiB figure was not touched.
    const qint64 mib = qint64(m_maxSizeMb->value()) * 1024 * 1024;
    if (mib / (1024 * 1024) != m_base.limits.maxMessageSize / (1024 * 1024))
        s.limits.maxMessageSize = mib;
    s.limits.maxRecipients = m_maxRecipients->value();
    s.limits.maxLineLength = m_maxLineLength->value();
    s.limits.idleTimeoutMs = m_idleTimeout->value() * 1000;
    s.limits.maxConnections = m_maxConnections->value();
    s.databasePath = m_database->text().trimmed();
    s.fullDurability = m_fullDurability->isChecked();
    s.maxMessages = m_maxMessages->value();
    s.notifications = m_notifications->isChecked();
    s.notifyWhenActive = m_notifyWhenActive->isChecked();
    s.closeToTray = m_closeToTray->isChecked();
    return s;
}

void SettingsDialog::accept()
{
    QString error;
    const AppSettings s = settings();
    if (s.hostname.isEmpty())
        error = tr("Give a host name for the greeting.");
    else
        s.captureConfig(&error); // sets error when an address is wrong
    if (!error.isEmpty()) {
        QMessageBox::warning(this, windowTitle(), error);
        return;
    }
    QDialog::accept();
}

} // namespace Ui
