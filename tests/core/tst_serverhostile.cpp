// One client cannot hold the others: a message whose MIME structure is hostile is parsed off
// the network thread, within the parser's limits, and the 250 still comes after the commit.
// Sessions left open by a process that ended without closing them are closed at the next start.
#include "mimefixtures.h"

#include "capture/captureservice.h"
#include "store/reader.h"

#include <QSemaphore>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

namespace {

// A client in the test's thread; the server runs on the service's network thread.
class Client
{
public:
    explicit Client(quint16 port) { m_socket.connectToHost(QHostAddress::LocalHost, port); }

    bool waitFor(const QByteArray &text, int timeoutMs = 30000)
    {
        return QTest::qWaitFor([&] {
            m_received += m_socket.readAll();
            return m_received.contains(text);
        }, timeoutMs);
    }
    bool has(const QByteArray &text)
    {
        m_received += m_socket.readAll();
        return m_received.contains(text);
    }
    void send(const QByteArray &bytes) { m_socket.write(bytes); }
    bool waitSent() { return QTest::qWaitFor([&] { return m_socket.bytesToWrite() == 0; }, 10000); }
    QByteArray received() const { return m_received; }

private:
    QTcpSocket m_socket;
    QByteArray m_received;
};

} // namespace

class ServerHostileTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void deepMessageDoesNotHoldOtherSessions();
    void authFailuresAreCountedPerAddress();
    void writerComputesTheListColumns();
    void openSessionsOfAnEndedProcessAreInterrupted();
    void openSessionsOfALiveWriterStayOpen();

private:
    QTemporaryDir m_dir;
};

// While one client's 10,000-level message waits for the writer and is parsed and stored there,
// another client's NOOPs are answered. The writer is held by a task until the first NOOP reply,
// so the order does not depend on how fast the parse is.
void ServerHostileTest::deepMessageDoesNotHoldOtherSessions()
{
    Capture::Config config;
    config.databasePath = m_dir.filePath(QStringLiteral("deep.sqlite"));
    config.server.listen = {{QHostAddress::LocalHost, 0}};
    config.server.protocol.hostname = "mx.test";
    Capture::CaptureService service(config);
    QString error;
    QVERIFY2(service.start(&error), qPrintable(error));
    const quint16 port = service.addresses().first().port;

    Client deep(port), other(port);
    QVERIFY(deep.waitFor("220 "));
    QVERIFY(other.waitFor("220 "));
    other.send("EHLO other.test\r\n");
    QVERIFY(other.waitFor("250 HELP"));
    deep.send("EHLO deep.test\r\nMAIL FROM:<a@deep.test>\r\nRCPT TO:<b@deep.test>\r\nDATA\r\n");
    QVERIFY(deep.waitFor("354 "));
    QSemaphore held, release;
    service.writer()->perform([&](QSqlDatabase &, Records::CommitBatch &, QString *) {
        held.release();
        return release.tryAcquire(1, 30000);
    });
    QVERIFY(QTest::qWaitFor([&] { return held.available() > 0; }, 10000));
    const QByteArray raw = "Subject: deep\r\n" + nestedMultiparts(10000);
    deep.send(raw + ".\r\n");
    // Its final dot read by the server (a server that waited for the store would stop here).
    QVERIFY(deep.waitSent());
    QTest::qWait(200);
    other.send("NOOP\r\n");
    const QByteArray noopReply = "250 2.0.0 OK\r\n";
    const bool answered = other.waitFor(noopReply, 10000);
    const bool firstNoopFirst = answered && !deep.has("queued as");
    release.release();
    QVERIFY2(firstNoopFirst, "the first NOOP was not answered while the deep message waited for the writer");
    // More NOOPs, each after the previous reply, while the deep message is parsed and stored.
    int answeredBefore = 1;
    for (int sent = 2; sent <= 1000 && !deep.has("queued as"); ++sent) {
        other.send("NOOP\r\n");
        QVERIFY(QTest::qWaitFor([&] { return other.has(noopReply) && other.received().count(noopReply) >= sent; }, 30000));
        if (!deep.has("queued as"))
            ++answeredBefore;
    }
    QVERIFY(deep.waitFor("queued as"));
    qInfo("NOOPs answered while the deep message waited, was parsed and stored: %d", answeredBefore);

    const QByteArray reply = deep.received().mid(deep.received().indexOf("250 2.0.0 OK: queued as "));
    const qint64 id = reply.mid(24, reply.indexOf('\r') - 24).toLongLong();
    Store::Reader reader(config.databasePath);
    QCOMPARE(reader.raw(id).value_or(QByteArray()), raw); // stored exactly, and stored before its 250
    QCOMPARE(reader.message(id).value_or(Records::MessageSummary()).subject, QStringLiteral("deep"));
}

// Five failures in one session close it; the next session from the address is refused at AUTH.
void ServerHostileTest::authFailuresAreCountedPerAddress()
{
    Capture::Config config;
    config.databasePath = m_dir.filePath(QStringLiteral("auth.sqlite"));
    config.server.listen = {{QHostAddress::LocalHost, 0}};
    config.server.protocol.hostname = "mx.test";
    config.server.protocol.users.add("bob", "secret");
    Capture::CaptureService service(config);
    QString error;
    QVERIFY2(service.start(&error), qPrintable(error));
    const quint16 port = service.addresses().first().port;
    const QByteArray refused = "535 5.7.8 Authentication credentials invalid\r\n";
    const QByteArray limit = "421 4.7.0 mx.test too many failed authentication attempts, closing connection\r\n";

    Client guesser(port);
    QVERIFY(guesser.waitFor("220 "));
    guesser.send("EHLO g.test\r\n");
    QVERIFY(guesser.waitFor("250 HELP\r\n"));
    for (int i = 1; i <= 5; ++i) { // one at a time: AUTH is not pipelined (RFC 4954 4)
        guesser.send("AUTH PLAIN " + QByteArray("\0bob\0guess", 10).toBase64() + "\r\n");
        QVERIFY2(QTest::qWaitFor([&] { return guesser.has(limit) || guesser.received().count(refused) >= i; }, 30000),
                 guesser.received().constData());
    }
    QVERIFY(guesser.waitFor(limit));
    const QByteArray replies = guesser.received().mid(guesser.received().indexOf("250 HELP\r\n") + 10);
    QCOMPARE(replies, refused + refused + refused + refused + limit);

    Client next(port);
    QVERIFY(next.waitFor("220 "));
    next.send("EHLO g.test\r\nAUTH PLAIN " + QByteArray("\0bob\0secret", 11).toBase64() + "\r\n");
    QVERIFY(next.waitFor(limit));
    QVERIFY(!next.received().contains("235 "));
}

void ServerHostileTest::writerComputesTheListColumns()
{
    const QString path = m_dir.filePath(QStringLiteral("columns.sqlite"));
    Store::Writer writer(path);
    QString error;
    QVERIFY2(writer.start(&error), qPrintable(error));
    Records::CommitBatch committed;
    connect(&writer, &Store::Writer::committed, this, [&](const Records::CommitBatch &b) {
        if (!b.messages.isEmpty())
            committed = b;
    }, Qt::DirectConnection);
    Records::MessageRecord m;
    m.token = 7;
    m.raw = crlf({"From: Ann <ann@example.org>", "To: bob@example.org", "Subject: =?utf-8?q?caf=C3=A9?=",
                  "Content-Type: multipart/mixed; boundary=b", "", "--b", "Content-Type: text/html", "", "<p>hi</p>",
                  "--b", "Content-Type: application/pdf; name=a.pdf", "", "%PDF", "--b--"});
    m.summaryPending = true;
    m.summary.receivedUs = 1234;
    m.summary.authUser = "ann";
    writer.storeMessage(m);
    writer.flush();
    QCOMPARE(committed.messages.size(), 1);
    const Records::MessageSummary s = committed.messages.first();
    QCOMPARE(s.subject, QStringLiteral("café"));
    QCOMPARE(s.headerFrom, QStringLiteral("Ann <ann@example.org>"));
    QCOMPARE(s.attachments, 1);
    QVERIFY(s.hasHtml);
    QCOMPARE(s.receivedUs, 1234); // the session's, not the writer's
    QCOMPARE(s.authUser, QByteArray("ann"));
    writer.stop();
}

namespace {

QString outcomeOf(const QString &path, qint64 id)
{
    const auto session = Store::Reader(path).session(id);
    return session ? Records::outcomeName(session->outcome) : QString();
}

// Starts a session in the writer and leaves it open; returns its id.
qint64 openSession(Store::Writer &writer, quint64 token)
{
    qint64 id = 0;
    QMetaObject::Connection c = QObject::connect(&writer, &Store::Writer::committed, &writer,
                                                 [&](const Records::CommitBatch &b) {
                                                     for (const Records::SessionRecord &s : b.started)
                                                         id = s.token == token ? s.id : id;
                                                 }, Qt::DirectConnection);
    Records::SessionRecord s;
    s.token = token;
    s.startedUs = 1000;
    s.clientAddress = QStringLiteral("127.0.0.1");
    writer.startSession(s);
    writer.flush();
    QObject::disconnect(c);
    return id;
}

} // namespace

void ServerHostileTest::openSessionsOfAnEndedProcessAreInterrupted()
{
    const QString path = m_dir.filePath(QStringLiteral("crash.sqlite"));
    qint64 id = 0;
    {
        Store::Writer crashed(path); // stops without closing its session, as a killed process would
        QVERIFY(crashed.start(nullptr));
        id = openSession(crashed, 11);
        QVERIFY(id > 0);
    }
    QCOMPARE(outcomeOf(path, id), QStringLiteral("in_progress"));
    Store::Writer next(path);
    QVERIFY(next.start(nullptr));
    next.flush();
    QCOMPARE(outcomeOf(path, id), QStringLiteral("interrupted"));
    QCOMPARE(Store::Reader(path).session(id)->endedUs, 1000); // no later activity is known than its start
}

// The window and `serve` may share a database: a second writer leaves the first one's sessions open.
void ServerHostileTest::openSessionsOfALiveWriterStayOpen()
{
    const QString path = m_dir.filePath(QStringLiteral("shared.sqlite"));
    Store::Writer first(path);
    QVERIFY(first.start(nullptr));
    const qint64 id = openSession(first, 21);
    QVERIFY(id > 0);
    Store::Writer second(path);
    QVERIFY(second.start(nullptr));
    second.flush();
    QCOMPARE(outcomeOf(path, id), QStringLiteral("in_progress"));
}

QTEST_GUILESS_MAIN(ServerHostileTest)
#include "tst_serverhostile.moc"
