#include "capture/captureservice.h"
#include "store/reader.h"
#include "widgets/smtpconsolewidget.h"

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

QTEST_MAIN(SmtpConsoleWidgetTest)
#include "tst_smtpconsolewidget.moc"
