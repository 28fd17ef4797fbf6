#include "capture/captureservice.h"
#include "store/reader.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

namespace {

// A client in the test's thread; the server runs on the service's network thread.
class Client
{
public:
    explicit Client(quint16 port, const QHostAddress &host = QHostAddress::LocalHost)
    {
        m_socket.connectToHost(host, port);
    }

    bool waitFor(const QByteArray &text, std::chrono::milliseconds timeout = 5s)
    {
        return QTest::qWaitFor([&] {
            m_received += m_socket.readAll();
            return m_received.contains(text);
        }, int(timeout.count()));
    }
    bool waitClosed()
    {
        return QTest::qWaitFor([&] {
            m_received += m_socket.readAll();
            return m_socket.state() == QAbstractSocket::UnconnectedState;
        }, 5000);
    }
    void send(const QByteArray &bytes) { m_socket.write(bytes); }
    QByteArray received() const { return m_received; }
    void abort() { m_socket.abort(); }

private:
    QTcpSocket m_socket;
    QByteArray m_received;
};

} // namespace

class ServerTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void storesMessageAndTranscript();
    void pipelinedInOneWrite();
    void connectionLimit();
    void idleTimeout();
    void abortedSessionIsRecorded();
    void stopAnswersAndKeepsEverything();
    void ipv6();
    void portInUseIsReported();

private:
    void startService(Smtp::Limits limits = {}, QList<Smtp::ListenAddress> listen = {{QHostAddress::LocalHost, 0}});
    quint16 port() const { return m_service->addresses().first().port; }
    Records::SessionRecord waitForEndedSession();

    QTemporaryDir m_dir;
    QString m_path;
    int m_n = 0;
    std::unique_ptr<Capture::CaptureService> m_service;
    QList<Records::SessionRecord> m_ended;
};

void ServerTest::init()
{
    m_path = m_dir.filePath(QStringLiteral("s%1.sqlite").arg(++m_n));
    m_ended.clear();
}

void ServerTest::cleanup()
{
    m_service.reset();
}

void ServerTest::startService(Smtp::Limits limits, QList<Smtp::ListenAddress> listen)
{
    Capture::Config config;
    config.databasePath = m_path;
    config.server.listen = listen;
    config.server.protocol.hostname = "mx.test";
    config.server.protocol.limits = limits;
    m_service = std::make_unique<Capture::CaptureService>(config);
    connect(m_service.get(), &Capture::CaptureService::sessionsEnded, this,
            [this](const QList<Records::SessionRecord> &s) { m_ended += s; });
    QString error;
    QVERIFY2(m_service->start(&error), qPrintable(error));
}

Records::SessionRecord ServerTest::waitForEndedSession()
{
    if (!QTest::qWaitFor([this] { return !m_ended.isEmpty(); }, 5000))
        return {};
    return m_ended.takeFirst();
}

void ServerTest::storesMessageAndTranscript()
{
    startService();
    Client c(port());
    QVERIFY(c.waitFor("220 mx.test"));
    c.send("EHLO me.test\r\n");
    QVERIFY(c.waitFor("250 HELP\r\n"));
    c.send("MAIL FROM:<a@b.test> BODY=8BITMIME\r\n");
    QVERIFY(c.waitFor("250 2.1.0"));
    c.send("RCPT TO:<r@d.test>\r\n");
    QVERIFY(c.waitFor("250 2.1.5"));
    c.send("DATA\r\n");
    QVERIFY(c.waitFor("354 "));
    c.send("Subject: s\r\n\r\n..dot\r\n\xC3\xA9\r\n.\r\n");
    QVERIFY(c.waitFor("queued as"));
    // The id in the reply is the stored row, and it is there the moment the client sees it.
    const QByteArray reply = c.received().mid(c.received().indexOf("250 2.0.0 OK: queued as "));
    const qint64 id = reply.mid(24, reply.indexOf('\r') - 24).toLongLong();
    {
        Store::Reader reader(m_path);
        QCOMPARE(reader.raw(id).value_or(QByteArray()), QByteArray("Subject: s\r\n\r\n.dot\r\n\xC3\xA9\r\n"));
        QCOMPARE(reader.envelope(id).value(QStringLiteral("body")).toString(), QStringLiteral("8BITMIME"));
        QCOMPARE(reader.envelope(id).value(QStringLiteral("helo")).toString(), QStringLiteral("me.test"));
        // The connection's addresses come from the session row, beside the stored envelope.
        const QJsonObject envelope = reader.envelope(id);
        QCOMPARE(envelope.value(QStringLiteral("server_port")).toInt(), int(port()));
        QCOMPARE(envelope.value(QStringLiteral("server_addr")).toString(), QStringLiteral("127.0.0.1"));
        QCOMPARE(envelope.value(QStringLiteral("client_addr")).toString(), QStringLiteral("127.0.0.1"));
        QVERIFY(envelope.value(QStringLiteral("client_port")).toInt() > 0);
        QCOMPARE(envelope.value(QStringLiteral("tls")), QJsonValue(false));
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("envelope"));
        db.setDatabaseName(m_path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT envelope FROM messages WHERE id = %1").arg(id)) && q.next());
        QVERIFY(!q.value(0).toByteArray().contains("client_addr"));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("envelope"));
    c.send("QUIT\r\n");
    QVERIFY(c.waitFor("221 2.0.0"));
    QVERIFY(c.waitClosed());
    const Records::SessionRecord ended = waitForEndedSession();
    QCOMPARE(ended.outcome, Records::Outcome::Delivered);
    QCOMPARE(ended.messageCount, 1);

    Store::Reader reader(m_path);
    const auto lines = reader.transcript(ended.id);
    QByteArrayList wire;
    for (const auto &l : lines)
        wire.append(l.data);
    QVERIFY(wire.contains("EHLO me.test\r\n"));
    QVERIFY(wire.contains("DATA\r\n"));
    QVERIFY(!wire.contains("..dot\r\n")); // message content is not copied into the transcript
    const auto summary = std::find_if(lines.begin(), lines.end(), [](const auto &l) { return l.messageId > 0; });
    QVERIFY(summary != lines.end());
    QCOMPARE(summary->data, QByteArray("Message data (DATA): 24 octets, 4 lines"));
    QCOMPARE(summary->messageId, id);
}

void ServerTest::pipelinedInOneWrite()
{
    startService();
    Client c(port());
    QVERIFY(c.waitFor("220 "));
    c.send("EHLO x.test\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<r@d.test>\r\nRCPT TO:<s@d.test>\r\nDATA\r\n");
    QVERIFY(c.waitFor("354 "));
    c.send("x\r\n.\r\nMAIL FROM:<b@b.test>\r\nRCPT TO:<r@d.test>\r\nDATA\r\n");
    QVERIFY(c.waitFor("354 End data with <CR><LF>.<CR><LF>\r\n250 2.0.0 OK: queued as 1\r\n250 2.1.0 Sender <b@b.test> OK\r\n"));
    c.send("y\r\n.\r\nQUIT\r\n");
    QVERIFY(c.waitFor("221 "));
    QVERIFY(c.received().contains("250 2.0.0 OK: queued as 2\r\n221 "));
    Store::Reader reader(m_path);
    QCOMPARE(reader.messageCount(), 2);
    QCOMPARE(reader.message(1)->recipients, (QList<QByteArray>{"r@d.test", "s@d.test"}));
}

void ServerTest::connectionLimit()
{
    Smtp::Limits limits;
    limits.maxConnections = 2;
    startService(limits);
    Client a(port()), b(port());
    QVERIFY(a.waitFor("220 "));
    QVERIFY(b.waitFor("220 "));
    Client extra(port());
    QVERIFY(extra.waitFor("421 mx.test too many connections, try again later\r\n")); // no EHLO: no enhanced code
    QVERIFY(extra.waitClosed());
    QCOMPARE(waitForEndedSession().outcome, Records::Outcome::Rejected);
    a.send("NOOP\r\n"); // the others are unaffected
    QVERIFY(a.waitFor("250 OK\r\n"));
}

void ServerTest::idleTimeout()
{
    Smtp::Limits limits;
    limits.idleTimeoutMs = 300;
    startService(limits);
    Client c(port());
    QVERIFY(c.waitFor("220 "));
    QVERIFY(c.waitFor("421 mx.test idle timeout, closing connection\r\n")); // no EHLO: no enhanced code
    QVERIFY(c.waitClosed());
    QCOMPARE(waitForEndedSession().outcome, Records::Outcome::TimedOut);
}

void ServerTest::abortedSessionIsRecorded()
{
    startService();
    {
        Client c(port());
        QVERIFY(c.waitFor("220 "));
        c.send("EHLO x.test\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<r@d.test>\r\nDATA\r\n");
        QVERIFY(c.waitFor("354 "));
        c.send("Subject: half\r\n");
        QTest::qWait(50);
        c.abort();
    }
    const Records::SessionRecord ended = waitForEndedSession();
    QCOMPARE(ended.outcome, Records::Outcome::Aborted);
    Store::Reader reader(m_path);
    QCOMPARE(reader.messageCount(), 0);
    QCOMPARE(reader.session(ended.id)->helo, QByteArray("x.test"));
    QCOMPARE(reader.transcript(ended.id).last().data, QByteArray("Client closed the connection"));
}

void ServerTest::stopAnswersAndKeepsEverything()
{
    startService();
    Client c(port());
    QVERIFY(c.waitFor("220 "));
    c.send("EHLO x.test\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<r@d.test>\r\nDATA\r\n");
    QVERIFY(c.waitFor("354 "));
    c.send("x\r\n.\r\n");
    QVERIFY(c.waitFor("queued as 1"));
    m_service->stop();
    QVERIFY(c.waitFor("421 4.3.0 mx.test shutting down"));
    QCOMPARE(m_ended.size(), 1);
    QCOMPARE(m_ended.first().outcome, Records::Outcome::Shutdown);
    Store::Reader reader(m_path);
    QCOMPARE(reader.messageCount(), 1);
    QCOMPARE(reader.sessions().first().outcome, Records::Outcome::Shutdown);
}

void ServerTest::ipv6()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHostIPv6, 0))
        QSKIP("IPv6 loopback is not available on this machine");
    probe.close();
    startService({}, {{QHostAddress::LocalHostIPv6, 0}});
    QCOMPARE(m_service->addresses().first().toString(), QStringLiteral("[::1]:%1").arg(port()));
    Client c(port(), QHostAddress::LocalHostIPv6);
    QVERIFY(c.waitFor("220 "));
    c.send("QUIT\r\n");
    QVERIFY(c.waitClosed());
    QCOMPARE(waitForEndedSession().clientAddress, QStringLiteral("::1"));
}

void ServerTest::portInUseIsReported()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    Capture::Config config;
    config.databasePath = m_path;
    config.server.listen = {{QHostAddress::LocalHost, taken.serverPort()}};
    Capture::CaptureService service(config);
    QString error;
    QVERIFY(!service.start(&error));
    QVERIFY2(error.contains(QLatin1String("another program uses the port")), qPrintable(error));
}

QTEST_GUILESS_MAIN(ServerTest)
#include "tst_server.moc"
