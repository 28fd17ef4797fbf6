#include "capture/captureservice.h"
#include "smtp/consoleclient.h"
#include "store/reader.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class ConsoleClientTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sampleMessageIsStored();
    void dataLinesAreDotStuffed();
    void startTls();

private:
    quint16 port() const { return m_service->addresses().first().port; }
    QByteArray conversation(Smtp::ConsoleClient &client, const QList<QByteArray> &script);

    QTemporaryDir m_dir;
    std::unique_ptr<Capture::CaptureService> m_service;
};

void ConsoleClientTest::initTestCase()
{
    Capture::Config config;
    config.databasePath = m_dir.filePath(QStringLiteral("c.sqlite"));
    config.server.listen = {{QHostAddress::LocalHost, 0}};
    QString error;
    config.server.tls = Smtp::TlsIdentity::loadOrCreate(m_dir.path(), QStringLiteral("localhost"), &error);
    QVERIFY2(config.server.tls, qPrintable(error));
    m_service = std::make_unique<Capture::CaptureService>(config);
    QVERIFY2(m_service->start(&error), qPrintable(error));
}

// Runs a script to its QUIT and returns everything received.
QByteArray ConsoleClientTest::conversation(Smtp::ConsoleClient &client, const QList<QByteArray> &script)
{
    QByteArray received;
    connect(&client, &Smtp::ConsoleClient::lineReceived, this, [&](const QByteArray &l) { received += l; });
    client.connectTo(QStringLiteral("127.0.0.1"), port());
    client.sendScript(script);
    if (!QTest::qWaitFor([&] { return received.contains("221 "); }, 10000))
        qWarning() << "no 221 in" << received << client.inData();
    return received;
}

void ConsoleClientTest::sampleMessageIsStored()
{
    Smtp::ConsoleClient client;
    QByteArrayList sent;
    connect(&client, &Smtp::ConsoleClient::lineSent, this, [&](const QByteArray &l) { sent += l; });
    const QByteArray received = conversation(client, Smtp::ConsoleClient::sampleMessage("a@example.com", "b@example.com"));
    QVERIFY(received.contains("354 End data"));
    QVERIFY(received.contains("250 2.0.0 OK: queued as "));
    QCOMPARE(sent.first(), QByteArray("EHLO console.example\r\n"));
    QCOMPARE(sent.last(), QByteArray("QUIT\r\n"));
    Store::Reader reader(m_dir.filePath(QStringLiteral("c.sqlite")));
    QTRY_COMPARE(reader.messageCount(), 1);
    const QByteArray raw = reader.raw(reader.messages(0, 1).first().id).value();
    QVERIFY(raw.startsWith("From: <a@example.com>\r\nTo: <b@example.com>\r\nSubject: Sample message"));
    QVERIFY(raw.endsWith("\r\n\r\nHello! This message was typed into the SMTP console.\r\n"));
}

void ConsoleClientTest::dataLinesAreDotStuffed()
{
    Smtp::ConsoleClient client;
    conversation(client, {"EHLO c.example", "MAIL FROM:<a@example.com>", "RCPT TO:<b@example.com>", "DATA",
                          "Subject: dots", "", ".leading", "..two", ".", "QUIT"});
    Store::Reader reader(m_dir.filePath(QStringLiteral("c.sqlite")));
    QTRY_VERIFY(reader.messages(0, 1).value(0).subject == QStringLiteral("dots"));
    QCOMPARE(reader.raw(reader.messages(0, 1).first().id).value(), QByteArray("Subject: dots\r\n\r\n.leading\r\n..two\r\n"));
}

void ConsoleClientTest::startTls()
{
    Smtp::ConsoleClient client;
    QSignalSpy encrypted(&client, &Smtp::ConsoleClient::encrypted);
    const QByteArray received = conversation(client, {"EHLO c.example", "STARTTLS", "EHLO c.example", "QUIT"});
    QCOMPARE(encrypted.size(), 1);
    QVERIFY(client.isEncrypted() || received.contains("221 "));
    QVERIFY(received.contains("220 2.0.0 Ready to start TLS\r\n"));
    // The EHLO after TLS no longer offers STARTTLS.
    QCOMPARE(received.count("250-STARTTLS"), 1);
}

QTEST_GUILESS_MAIN(ConsoleClientTest)
#include "tst_consoleclient.moc"
