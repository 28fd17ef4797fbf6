#include "capture/captureservice.h"
#include "store/reader.h"
#include "smtp/consoleclient.h"
#include "widgets/smtpconsolewidget.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

class SmtpConsoleWidgetTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void typedTransactionIsStored();
    void tabCompletes_data();
    void tabCompletes();
    void tabKeepsTheFocusInTheInput();
};

void SmtpConsoleWidgetTest::typedTransactionIsStored()
{
    QTemporaryDir dir;
    Capture::Config config;
    config.databasePath = dir.filePath(QStringLiteral("w.sqlite"));
    config.server.listen = {{QHostAddress::LocalHost, 0}};
    Capture::CaptureService service(config);
    QString error;
    QVERIFY2(service.start(&error), qPrintable(error));

    Ui::SmtpConsoleWidget console;
    console.setTarget(QStringLiteral("127.0.0.1"), service.addresses().first().port);
    console.show();
    auto *input = console.findChild<QLineEdit *>(QStringLiteral("consoleInput"));
    QVERIFY(input);
    const auto type = [&](const QString &line, const char *reply) {
        QTest::keyClicks(input, line);
        QTest::keyClick(input, Qt::Key_Return);
        return QTest::qWaitFor([&] { return console.text().contains(QLatin1String(reply)); }, 5000);
    };
    QVERIFY(type(QStringLiteral("EHLO teacher.example"), "S: 250 HELP"));
    QVERIFY(type(QStringLiteral("MAIL FROM:<t@example.com>"), "S: 250 2.1.0"));
    QVERIFY(type(QStringLiteral("RCPT TO:<s@example.com>"), "S: 250 2.1.5"));
    QVERIFY(type(QStringLiteral("DATA"), "S: 354"));
    QVERIFY(type(QStringLiteral("Subject: typed"), "C: Subject: typed"));
    type(QString(), "C: Subject: typed"); // the empty line between header and body
    QVERIFY(type(QStringLiteral(".dot line"), "C: ..dot line"));
    QVERIFY(type(QStringLiteral("."), "queued as"));
    QVERIFY(type(QStringLiteral("QUIT"), "S: 221"));

    Store::Reader reader(config.databasePath);
    QTRY_COMPARE(reader.messageCount(), 1);
    QCOMPARE(reader.raw(reader.messages(0, 1).first().id).value(), QByteArray("Subject: typed\r\n\r\n.dot line\r\n"));

    // The sample button runs a whole transaction by itself.
    QTest::mouseClick(console.findChild<QPushButton *>(QStringLiteral("consoleSample")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(reader.messageCount(), 2, 5000);
}

void SmtpConsoleWidgetTest::tabCompletes_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("completed");
    QTest::addColumn<int>("choices");
    QTest::newRow("one command") << "eh" << "EHLO client.example" << 1;
    QTest::newRow("verb only") << "MAIL" << "MAIL FROM:<sender@example.com>" << 1;
    QTest::newRow("shared start") << "au" << "AUTH " << 3;
    QTest::newRow("shared start, further") << "AUTH " << "AUTH " << 3;
    QTest::newRow("mechanism") << "AUTH L" << "AUTH LOGIN" << 1;
    QTest::newRow("no command") << "XYZZY" << "XYZZY" << 0;
    QTest::newRow("already whole") << "QUIT" << "QUIT" << 0;
}

void SmtpConsoleWidgetTest::tabCompletes()
{
    QFETCH(QString, typed);
    QFETCH(QString, completed);
    QFETCH(int, choices);
    QStringList found;
    QCOMPARE(Ui::SmtpConsoleWidget::completeCommand(typed, Smtp::ConsoleClient::commands(), &found), completed);
    QCOMPARE(found.size(), choices);
}

// Tab in the input completes there; it does not move to the next field.
void SmtpConsoleWidgetTest::tabKeepsTheFocusInTheInput()
{
    Ui::SmtpConsoleWidget console;
    console.show();
    QVERIFY(QTest::qWaitForWindowExposed(&console));
    auto *input = console.findChild<QLineEdit *>(QStringLiteral("consoleInput"));
    input->setFocus();
    QTRY_VERIFY(input->hasFocus());
    QTest::keyClicks(input, QStringLiteral("rc"));
    QTest::keyClick(input, Qt::Key_Tab);
    QCOMPARE(input->text(), QStringLiteral("RCPT TO:<recipient@example.com>"));
    QVERIFY(input->hasFocus());

    input->clear();
    QTest::keyClicks(input, QStringLiteral("h"));
    QTest::keyClick(input, Qt::Key_Tab);
    QCOMPARE(input->text(), QStringLiteral("HEL")); // HELO and HELP: the choice is offered
    QAbstractItemView *popup = input->completer()->popup();
    QTRY_VERIFY(popup->isVisible());
    QCOMPARE(popup->model()->rowCount(), 2);
    QTest::keyClick(popup, Qt::Key_Down);
    QVERIFY(popup->currentIndex().isValid());
    const QString chosen = popup->currentIndex().data().toString();
    QTest::keyClick(popup, Qt::Key_Tab);
    QCOMPARE(input->text(), chosen);
    QVERIFY(!popup->isVisible());
    QVERIFY(input->hasFocus());
}

QTEST_MAIN(SmtpConsoleWidgetTest)
#include "tst_smtpconsolewidget.moc"
