#include "dialogs/settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QSpinBox>
#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Ui;

// The dialog shows every server setting it is given and hands back what it shows: TLS, AUTH
// and retention included, and a change to them restarts the listener (retention does not).
class SettingsDialogTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsAndReturnsEverySetting();
    void editsTlsAndAuth();
    void defaultsShowSelfSignedAndAnyCredentials();
    void editsTheRelay();
    void editsTheHttpApi();
    void refusesAnOpenApi();
    void asksBeforeRetentionDeletesMail();
    void editsFreeSpaceAndPasswordRecording();
};

namespace {

template<typename T>
T *child(const QObject &dialog, const char *name)
{
    T *widget = dialog.findChild<T *>(QLatin1String(name));
    if (!widget)
        qFatal("no %s in the dialog", name);
    return widget;
}

AppSettings everything()
{
    AppSettings s;
    s.listen = {QStringLiteral("127.0.0.1:2525")};
    s.implicitTls = {QStringLiteral("127.0.0.1:2465"), QStringLiteral("[::1]:2465")};
    s.hostname = QStringLiteral("catcher.test");
    s.tls = true;
    s.tlsCertificate = QStringLiteral("/etc/catcher/cert.pem");
    s.tlsKey = QStringLiteral("/etc/catcher/key.pem");
    s.requireTls = true;
    s.authUsers = QStringLiteral("/etc/catcher/users.txt");
    s.requireAuth = true;
    s.authTlsOnly = true;
    s.limits.maxMessageSize = 12345678; // not a whole number of MiB: kept exactly
    s.retention = {5000, 30, 3LL * 1024 * 1024 * 1024 + 1};
    s.minFreeSpace = 5LL * 1024 * 1024 * 1024 + 7; // kept exactly while its MiB figure is untouched
    s.recordPasswords = true;
    s.relay = {QStringLiteral("smtp.example.com:587"), true, false, QStringLiteral("relayer"),
               QStringLiteral("/etc/catcher/relay-password"), QStringLiteral("@example\\.com$"),
               QStringLiteral("bounces@example.com")};
    s.notifications = false;
    return s;
}

} // namespace

void SettingsDialogTest::showsAndReturnsEverySetting()
{
    const AppSettings s = everything();
    SettingsDialog dialog(s);
    QCOMPARE(child<QPlainTextEdit>(dialog, "implicitTlsEdit")->toPlainText(),
             QStringLiteral("127.0.0.1:2465\n[::1]:2465"));
    QVERIFY(child<QRadioButton>(dialog, "certificateFiles")->isChecked());
    QCOMPARE(child<QLineEdit>(dialog, "certificateFile")->text(), s.tlsCertificate);
    QCOMPARE(child<QLineEdit>(dialog, "keyFile")->text(), s.tlsKey);
    QVERIFY(child<QLineEdit>(dialog, "keyFile")->isEnabled());
    QVERIFY(child<QCheckBox>(dialog, "requireTls")->isChecked());
    QVERIFY(child<QRadioButton>(dialog, "usersFile")->isChecked());
    QCOMPARE(child<QLineEdit>(dialog, "authUsersFile")->text(), s.authUsers);
    QVERIFY(child<QCheckBox>(dialog, "authTlsOnly")->isChecked());
    QVERIFY(child<QCheckBox>(dialog, "requireAuth")->isChecked());
    QCOMPARE(child<QSpinBox>(dialog, "maxMessages")->value(), 5000);
    QCOMPARE(child<QSpinBox>(dialog, "maxAgeDays")->value(), 30);
    QCOMPARE(child<QSpinBox>(dialog, "maxTotalSizeMb")->value(), 3 * 1024);
    QCOMPARE(child<QSpinBox>(dialog, "minFreeSpaceMb")->value(), 5 * 1024);
    QVERIFY(child<QCheckBox>(dialog, "recordPasswords")->isChecked());
    QCOMPARE(child<QLineEdit>(dialog, "relayServer")->text(), s.relay.smtp);
    QCOMPARE(child<QComboBox>(dialog, "relaySecurity")->currentIndex(), 1); // STARTTLS
    QCOMPARE(child<QLineEdit>(dialog, "relayUser")->text(), s.relay.user);
    QCOMPARE(child<QLineEdit>(dialog, "relayPasswordFile")->text(), s.relay.passwordFile);
    QCOMPARE(child<QLineEdit>(dialog, "relayAllowedRecipients")->text(), s.relay.allowedRecipients);
    QCOMPARE(child<QLineEdit>(dialog, "relayReturnPath")->text(), s.relay.returnPath);

    const AppSettings back = dialog.settings();
    QVERIFY(static_cast<const Capture::ServerSettings &>(back) == s);
    QCOMPARE(back.retention.maxTotalSize, s.retention.maxTotalSize);
    QCOMPARE(back.notifications, false);
    QVERIFY(!back.needsRestart(s));
    QVERIFY(child<QLabel>(dialog, "restartNote")->text().isEmpty());
}

void SettingsDialogTest::editsTlsAndAuth()
{
    const AppSettings s = everything();
    SettingsDialog dialog(s);
    child<QRadioButton>(dialog, "selfSigned")->setChecked(true);
    QVERIFY(!child<QLineEdit>(dialog, "keyFile")->isEnabled());
    child<QRadioButton>(dialog, "anyCredentials")->setChecked(true);
    QVERIFY(!child<QLineEdit>(dialog, "authUsersFile")->isEnabled());
    child<QCheckBox>(dialog, "requireAuth")->setChecked(false);
    child<QPlainTextEdit>(dialog, "implicitTlsEdit")->setPlainText(QStringLiteral(" :465 \n\n"));
    AppSettings back = dialog.settings();
    QCOMPARE(back.tlsCertificate, QString());
    QCOMPARE(back.tlsKey, QString());
    QCOMPARE(back.authUsers, QString());
    QCOMPARE(back.requireAuth, false);
    QCOMPARE(back.implicitTls, QStringList{QStringLiteral(":465")});
    QVERIFY(back.needsRestart(s));
    QVERIFY(!child<QLabel>(dialog, "restartNote")->text().isEmpty());

    // Retention alone applies without a restart.
    SettingsDialog again(s);
    child<QSpinBox>(again, "maxAgeDays")->setValue(2);
    child<QSpinBox>(again, "maxTotalSizeMb")->setValue(10);
    back = again.settings();
    QCOMPARE(back.retention.maxAgeDays, qint64(2));
    QCOMPARE(back.retention.maxTotalSize, qint64(10) * 1024 * 1024);
    QVERIFY(!back.needsRestart(s));
    child<QCheckBox>(again, "tlsEnabled")->setChecked(false);
    QVERIFY(again.settings().needsRestart(s));
    QCOMPARE(again.settings().tls, false);
}

void SettingsDialogTest::defaultsShowSelfSignedAndAnyCredentials()
{
    SettingsDialog dialog{AppSettings{}};
    QVERIFY(child<QCheckBox>(dialog, "tlsEnabled")->isChecked());
    QVERIFY(child<QRadioButton>(dialog, "selfSigned")->isChecked());
    QVERIFY(child<QRadioButton>(dialog, "anyCredentials")->isChecked());
    QCOMPARE(child<QPlainTextEdit>(dialog, "implicitTlsEdit")->toPlainText(), QString());
    QCOMPARE(child<QSpinBox>(dialog, "maxAgeDays")->text(), QStringLiteral("forever"));
    QVERIFY(static_cast<const Capture::ServerSettings &>(dialog.settings()) == Capture::ServerSettings{});
}

void SettingsDialogTest::editsTheRelay()
{
    const AppSettings s = everything();
    SettingsDialog dialog(s);
    child<QComboBox>(dialog, "relaySecurity")->setCurrentIndex(2);
    child<QLineEdit>(dialog, "relayAllowedRecipients")->setText(QStringLiteral(" ^ops@ "));
    AppSettings back = dialog.settings();
    QVERIFY(back.relay.tls && !back.relay.startTls);
    QCOMPARE(back.relay.allowedRecipients, QStringLiteral("^ops@"));
    QVERIFY(!back.needsRestart(s)); // the relay applies without restarting the listener
    QVERIFY(child<QLabel>(dialog, "restartNote")->text().isEmpty());

    // No server: releasing is off, and the other relay fields are neither editable nor kept.
    child<QLineEdit>(dialog, "relayServer")->clear();
    QVERIFY(!child<QLineEdit>(dialog, "relayUser")->isEnabled());
    back = dialog.settings();
    QVERIFY(back.relay == Capture::RelaySettings{});
    QCOMPARE(back.relay.problem(), QString());
}

void SettingsDialogTest::editsTheHttpApi()
{
    const AppSettings s = everything();
    SettingsDialog dialog(s);
    QVERIFY(child<QCheckBox>(dialog, "httpEnabled")->isChecked());
    QCOMPARE(child<QPlainTextEdit>(dialog, "httpListenEdit")->toPlainText(), QStringLiteral("127.0.0.1:8025"));
    QVERIFY(child<QLabel>(dialog, "httpInsecureWarning")->isHidden());

    child<QPlainTextEdit>(dialog, "httpListenEdit")->setPlainText(QStringLiteral("127.0.0.1:8026\n [::1]:8026 \n"));
    child<QLineEdit>(dialog, "httpAuthFile")->setText(QStringLiteral(" /etc/catcher/api.htpasswd "));
    child<QLineEdit>(dialog, "httpCors")->setText(QStringLiteral("http://localhost:3000, https://app.test"));
    child<QLineEdit>(dialog, "spamAssassin")->setText(QStringLiteral("127.0.0.1:783"));
    child<QCheckBox>(dialog, "httpInsecure")->setChecked(true);
    QVERIFY(!child<QLabel>(dialog, "httpInsecureWarning")->isHidden());
    const AppSettings back = dialog.settings();
    QCOMPARE(back.http, (QStringList{QStringLiteral("127.0.0.1:8026"), QStringLiteral("[::1]:8026")}));
    QCOMPARE(back.httpAuthFile, QStringLiteral("/etc/catcher/api.htpasswd"));
    QCOMPARE(back.httpCors, (QStringList{QStringLiteral("http://localhost:3000"), QStringLiteral("https://app.test")}));
    QCOMPARE(back.spamAssassin, QStringLiteral("127.0.0.1:783"));
    QVERIFY(back.httpInsecure);
    QVERIFY(!back.needsRestart(s)); // the SMTP listener stays; the API restarts
    QCOMPARE(child<QLabel>(dialog, "restartNote")->text(),
             QStringLiteral("The HTTP API restarts when you press OK; event clients reconnect."));

    // Through QSettings and back, as the window keeps them.
    QTemporaryDir dir;
    QSettings file(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    back.save(file);
    file.sync();
    const AppSettings loaded = AppSettings::load(file);
    QVERIFY(static_cast<const Capture::ServerSettings &>(loaded) == back);
    SettingsDialog reopened(loaded);
    QCOMPARE(child<QLineEdit>(reopened, "httpCors")->text(), QStringLiteral("http://localhost:3000 https://app.test"));
    QCOMPARE(child<QLineEdit>(reopened, "httpAuthFile")->text(), back.httpAuthFile);

    // Off: nothing else about the API is editable, and it is kept as it was.
    child<QCheckBox>(reopened, "httpEnabled")->setChecked(false);
    QVERIFY(!child<QLineEdit>(reopened, "spamAssassin")->isEnabled());
    QCOMPARE(reopened.settings().httpEnabled, false);
    QCOMPARE(reopened.settings().http, back.http);
}

void SettingsDialogTest::refusesAnOpenApi()
{
    QTemporaryDir dir;
    AppSettings s;
    s.databasePath = dir.filePath(QStringLiteral("mail.sqlite")); // accepting checks the files beside it
    SettingsDialog dialog(s);
    child<QPlainTextEdit>(dialog, "httpListenEdit")->setPlainText(QStringLiteral("0.0.0.0:8025"));
    const QString expected = dialog.settings().problem();
    QVERIFY(expected.startsWith(QStringLiteral("the HTTP API on 0.0.0.0:8025 would be open")));
    QString shown;
    QTimer::singleShot(0, &dialog, [&shown] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        shown = box->text();
        box->accept();
    });
    dialog.open();
    dialog.accept();
    QCOMPARE(shown, expected);
    QVERIFY(dialog.isVisible()); // still open to fix it
    QCOMPARE(dialog.result(), int(QDialog::Rejected));

    // Meant: serving off loopback without a password is accepted once asked for.
    child<QCheckBox>(dialog, "httpInsecure")->setChecked(true);
    QCOMPARE(dialog.settings().problem(), QString());
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

// A tighter limit that would delete stored mail says how much and waits for a yes; one that
// deletes nothing, or an unchanged one, is not asked about.
void SettingsDialogTest::asksBeforeRetentionDeletesMail()
{
    QTemporaryDir dir;
    AppSettings s;
    s.databasePath = dir.filePath(QStringLiteral("mail.sqlite"));
    SettingsDialog dialog(s);
    QList<Store::Retention> asked;
    qint64 stored = 3;
    dialog.setRetentionCount([&](const Store::Retention &r) -> std::optional<qint64> {
        asked.append(r);
        return std::max<qint64>(0, stored - r.maxMessages);
    });
    QString question;
    const auto answer = [&](bool yes) {
        QTimer::singleShot(0, &dialog, [&question, yes] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box || box->objectName() != QLatin1String("retentionQuestion"))
                return;
            question = box->text();
            for (QAbstractButton *b : box->buttons()) {
                if ((box->buttonRole(b) == QMessageBox::DestructiveRole) == yes) {
                    b->click();
                    return;
                }
            }
        });
    };
    dialog.open();
    child<QSpinBox>(dialog, "maxMessages")->setValue(1);
    answer(false);
    dialog.accept();
    QCOMPARE(question, QStringLiteral("The new retention limits delete 2 stored messages now, the oldest first, with "
                                      "their sessions. Deleted mail cannot be brought back."));
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked.first().maxMessages, 1);
    QVERIFY(dialog.isVisible()); // cancelled: still open, nothing applied
    QCOMPARE(dialog.result(), int(QDialog::Rejected));

    question.clear();
    answer(true);
    dialog.accept();
    QVERIFY(!question.isEmpty());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.settings().retention.maxMessages, 1);

    SettingsDialog roomy(s); // a limit above what is stored deletes nothing: no question
    roomy.setRetentionCount([&](const Store::Retention &r) -> std::optional<qint64> {
        asked.append(r);
        return std::max<qint64>(0, stored - r.maxMessages);
    });
    roomy.open();
    child<QSpinBox>(roomy, "maxMessages")->setValue(10);
    question.clear();
    roomy.accept();
    QVERIFY(question.isEmpty());
    QCOMPARE(roomy.result(), int(QDialog::Accepted));
}

// serve's --min-free-space and --record-passwords have their fields: free space in MiB (0: never
// refuse), password recording off by default and explained; both restart the listener.
void SettingsDialogTest::editsFreeSpaceAndPasswordRecording()
{
    SettingsDialog dialog{AppSettings{}};
    auto *freeSpace = child<QSpinBox>(dialog, "minFreeSpaceMb");
    auto *record = child<QCheckBox>(dialog, "recordPasswords");
    QCOMPARE(freeSpace->value(), 1024); // 1 GiB
    QVERIFY(!record->isChecked());
    QVERIFY(child<QLabel>(dialog, "recordPasswordsNote")->text().contains(QLatin1String("password's length")));

    freeSpace->setValue(0);
    QCOMPARE(freeSpace->text(), QStringLiteral("never refuse"));
    QCOMPARE(dialog.settings().minFreeSpace, qint64(0));
    freeSpace->setValue(2048);
    record->setChecked(true);
    const AppSettings back = dialog.settings();
    QCOMPARE(back.minFreeSpace, qint64(2) * 1024 * 1024 * 1024);
    QCOMPARE(back.recordPasswords, true);
    QVERIFY(back.needsRestart(AppSettings{}));
    QVERIFY(!child<QLabel>(dialog, "restartNote")->text().isEmpty());
}

QTEST_MAIN(SettingsDialogTest)
#include "tst_settingsdialog.moc"
