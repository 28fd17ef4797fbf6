#include "capture/captureservice.h"
#include "faults/hooks.h"
#include "faultsplans.h"
#include "records/authsecret.h"
#include "store/reader.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

namespace {

// A client in the test's thread that notes when bytes arrive; the server runs on the
// service's network thread.
class Client
{
public:
    explicit Client(quint16 port)
    {
        m_clock.start();
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }

    bool waitFor(const QByteArray &text, int timeoutMs = 5000)
    {
        return QTest::qWaitFor([&] { return read().contains(text); }, timeoutMs);
    }
    bool waitClosed(int timeoutMs = 5000)
    {
        return QTest::qWaitFor([&] {
            read();
            return m_socket.state() == QAbstractSocket::UnconnectedState;
        }, timeoutMs);
    }
    // True when nothing more arrives for periodMs. That something does not happen (a hang
    // answers nothing) can only be shown over a period: this is the one fixed wait, kept short
    // and ended early by anything that does arrive.
    bool staysSilent(int periodMs)
    {
        const qsizetype before = read().size();
        return !QTest::qWaitFor([&] { return read().size() != before; }, periodMs);
    }
    void send(const QByteArray &bytes) { m_socket.write(bytes); }
    QByteArray received() { return read(); }
    qint64 elapsedMs() const { return m_clock.elapsed(); }
    QList<qint64> arrivals() const { return m_arrivals; } // ms since connect, one per read

private:
    QByteArray read()
    {
        const QByteArray data = m_socket.readAll();
        if (!data.isEmpty()) {
            m_received += data;
            m_arrivals.append(m_clock.elapsed());
        }
        return m_received;
    }

    QTcpSocket m_socket;
    QByteArray m_received;
    QElapsedTimer m_clock;
    QList<qint64> m_arrivals;
};

const QByteArray kEnvelope = "HELO c\r\nMAIL FROM:<a@x>\r\nRCPT TO:<b@x>\r\n";

} // namespace

class TestSessionFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void delayedReplyComesNoEarlier();
    void throttledReplyComesInSlices();
    void throttleAtConnectCoversTheSession();
    void closeWithoutReply();
    void hangUntilIdleTimeout();
    void hungSessionMasksCredentials();
    void holdAnsweredByFrontEnd();
    void holdTimesOutWithDefault();
    void dropIsRecordedOnTheSession();
    void firedRulesAreRecorded();
    void quotaCountsStoredMessages();
    void switchedOffRuleStopsAtTheNextCommand();
    void greylistRetryInANewSession();
    void preGreetTrafficIsRecorded_data();
    void preGreetTrafficIsRecorded();

private:
    void start(const QByteArray &rules, Smtp::Limits limits = {});
    quint16 port() const { return m_service->addresses().first().port; }
    Records::SessionRecord waitForEndedSession();

    QTemporaryDir m_dir;
    QString m_path;
    int m_n = 0;
    Faults::Hooks m_hooks;
    std::unique_ptr<Capture::CaptureService> m_service;
    QList<Records::SessionRecord> m_ended;
};

void TestSessionFaults::init()
{
    m_path = m_dir.filePath(QStringLiteral("f%1.sqlite").arg(++m_n));
    m_ended.clear();
    m_hooks = {};
}

void TestSessionFaults::cleanup()
{
    m_service.reset();
}

void TestSessionFaults::start(const QByteArray &rules, Smtp::Limits limits)
{
    m_hooks.injector = std::make_shared<Faults::Injector>(planOf(rules), 3);
    if (!m_hooks.holds)
        m_hooks.holds = std::make_shared<Faults::HoldBroker>();
    Capture::Config config;
    config.databasePath = m_path;
    config.server.listen = {{QHostAddress::LocalHost, 0}};
    config.server.protocol.hostname = "mx.test";
    config.server.protocol.limits = limits;
    config.server.faults = m_hooks;
    m_service = std::make_unique<Capture::CaptureService>(config);
    connect(m_service.get(), &Capture::CaptureService::sessionsEnded, this,
            [this](const QList<Records::SessionRecord> &s) { m_ended += s; });
    QString error;
    QVERIFY2(m_service->start(&error), qPrintable(error));
}

Records::SessionRecord TestSessionFaults::waitForEndedSession()
{
    if (!QTest::qWaitFor([this] { return !m_ended.isEmpty(); }, 5000))
        return {};
    return m_ended.takeFirst();
}

void TestSessionFaults::delayedReplyComesNoEarlier()
{
    start(R"({"name": "slow", "stage": "greeting", "action": {"type": "delay", "delayMs": 400}})");
    Client c(port());
    QVERIFY(c.waitFor("220 mx.test ESMTP Mailscope ready\r\n"));
    QVERIFY2(c.arrivals().first() >= 400, qPrintable(QString::number(c.arrivals().first())));
}

void TestSessionFaults::throttledReplyComesInSlices()
{
    // 8 octets at 20 octets/s, written 2 at a time every 100 ms.
    start(R"({"name": "trickle", "stage": "noop", "action": {"type": "throttle", "bytesPerSecond": 20}})");
    Client c(port());
    c.send("HELO c\r\n");
    QVERIFY(c.waitFor("250 mx.test greets c\r\n"));
    const qsizetype before = c.received().size();
    const qint64 sent = c.elapsedMs();
    c.send("NOOP\r\n");
    QVERIFY(c.waitFor("greets c\r\n250 OK\r\n"));
    QCOMPARE(c.received().mid(before), QByteArray("250 OK\r\n"));
    QVERIFY2(c.elapsedMs() - sent >= 300, qPrintable(QString::number(c.elapsedMs() - sent)));
    QVERIFY(c.arrivals().size() >= 3); // greeting+HELO and several slices
}

void TestSessionFaults::throttleAtConnectCoversTheSession()
{
    start(R"({"name": "link", "stage": "connect", "action": {"type": "throttle", "bytesPerSecond": 200}})");
    Client c(port());
    c.send("HELO c\r\nNOOP\r\n");
    QVERIFY(c.waitFor("250 OK\r\n"));
    QCOMPARE(c.received(), QByteArray("220 mx.test ESMTP Mailscope ready\r\n250 mx.test greets c\r\n250 OK\r\n"));
    // 64 octets at 200 octets/s: about 0.3 s at the least.
    QVERIFY2(c.elapsedMs() >= 250, qPrintable(QString::number(c.elapsedMs())));
}

void TestSessionFaults::closeWithoutReply()
{
    start(R"({"name": "cut", "stage": "rcpt", "action": {"type": "close"}})");
    Client c(port());
    c.send(kEnvelope);
    QVERIFY(c.waitClosed());
    QCOMPARE(c.received(), QByteArray("220 mx.test ESMTP Mailscope ready\r\n250 mx.test greets c\r\n"
                                      "250 Sender <a@x> OK\r\n"));
    const Records::SessionRecord s = waitForEndedSession();
    QCOMPARE(s.faultRules, (QList<Records::FaultHit>{{QStringLiteral("cut"), 1}}));
    Store::Reader reader(m_path);
    const auto lines = reader.transcript(s.id);
    QCOMPARE(lines.last().data, QByteArray("Fault rule \"cut\": close the connection without a reply"));
}

void TestSessionFaults::hangUntilIdleTimeout()
{
    Smtp::Limits limits;
    limits.idleTimeoutMs = 600;
    start(R"({"name": "stuck", "stage": "rcpt", "action": {"type": "hang"}})", limits);
    Client c(port());
    c.send(kEnvelope + "NOOP\r\n");
    QVERIFY(c.waitFor("250 Sender <a@x> OK\r\n"));
    QVERIFY(c.staysSilent(300)); // RCPT hangs: neither it nor the NOOP behind it is answered
    c.send("QUIT\r\n"); // still read, never answered; keeps the client "active"
    QVERIFY(c.waitClosed());
    QVERIFY(!c.received().contains("421"));
    QVERIFY(c.received().endsWith("250 Sender <a@x> OK\r\n"));
    const Records::SessionRecord s = waitForEndedSession();
    QCOMPARE(s.outcome, Records::Outcome::TimedOut);
    Store::Reader reader(m_path);
    QByteArray client;
    QByteArray notes;
    for (const auto &l : reader.transcript(s.id)) {
        if (Records::isClient(l.kind))
            client += l.data;
        if (!Records::isWire(l.kind))
            notes += l.data + '\n';
    }
    QCOMPARE(client, kEnvelope + "NOOP\r\nQUIT\r\n");
    QVERIFY2(notes.contains("Idle timeout while hanging: closed without a reply"), notes.constData());
}

// What a hung session reads is kept line by line, and AUTH credentials among it are masked as
// in an answered exchange: here split across reads, inside the secret and between lines.
void TestSessionFaults::hungSessionMasksCredentials()
{
    Smtp::Limits limits;
    limits.idleTimeoutMs = 600;
    start(R"({"name": "stuck", "stage": "rcpt", "action": {"type": "hang"}})", limits);
    Client c(port());
    c.send(kEnvelope + "NOOP\r\nAUTH PLAIN AGFsaWNl");
    QVERIFY(c.waitFor("250 Sender <a@x> OK\r\n"));
    QVERIFY(c.staysSilent(100));
    c.send("AHMzY3JldA==\r\nAUTH LOGIN\r\nYWxpY2U=\r\nczNj");
    QVERIFY(c.staysSilent(100));
    c.send("cmV0\r\nMAIL FROM:<z@x>\r\nQUIT");
    QVERIFY(c.waitClosed());
    const Records::SessionRecord s = waitForEndedSession();
    QCOMPARE(s.outcome, Records::Outcome::TimedOut);

    Store::Reader reader(m_path);
    QList<QByteArray> commands;
    QList<Records::AuthSecret> secrets;
    for (const auto &l : reader.transcript(s.id)) {
        if (l.kind == Records::LineKind::Command)
            commands.append(l.data);
        if (l.kind == Records::LineKind::AuthSecret) {
            const auto secret = Records::AuthSecret::decode(l.data);
            QVERIFY(secret);
            secrets.append(*secret);
        }
        QVERIFY2(!l.data.contains("czNjcmV0") && !l.data.contains("AHMzY3JldA") && !l.data.contains("s3cret"),
                 l.data.constData());
    }
    QCOMPARE(commands, (QList<QByteArray>{"HELO c\r\n", "MAIL FROM:<a@x>\r\n", "RCPT TO:<b@x>\r\n", "NOOP\r\n",
                                          "AUTH LOGIN\r\n", "MAIL FROM:<z@x>\r\n", "QUIT"}));
    QCOMPARE(secrets.size(), 3);
    QCOMPARE(secrets[0].command, QByteArray("AUTH PLAIN"));
    QCOMPARE(secrets[0].user, QByteArray("alice"));
    QCOMPARE(secrets[0].secretLength, 6);
    QCOMPARE(secrets[1].holds, Records::AuthSecret::Holds::UserName);
    QCOMPARE(secrets[2].holds, Records::AuthSecret::Holds::Password);
    QCOMPARE(secrets[2].user, QByteArray("alice"));
    for (const Records::AuthSecret &secret : secrets)
        QVERIFY(!secret.isRecorded() && secret.secret.isEmpty());
}

void TestSessionFaults::holdAnsweredByFrontEnd()
{
    m_hooks.holds = std::make_shared<Faults::HoldBroker>();
    QSignalSpy requested(m_hooks.holds.get(), &Faults::HoldBroker::holdRequested);
    start(R"({"name": "ask", "stage": "rcpt", "action": {"type": "hold", "timeoutMs": 20000}})");
    Client c(port());
    c.send(kEnvelope);
    QVERIFY(requested.wait(5000));
    const auto request = requested.first().first().value<Faults::HoldRequest>();
    QCOMPARE(request.rule, QStringLiteral("ask"));
    QCOMPARE(request.command, QByteArray("RCPT TO:<b@x>"));
    QCOMPARE(request.stage, Faults::Stage::Rcpt);
    QVERIFY(!c.received().contains("RCPT")); // nothing answered yet
    QString error;
    QVERIFY2(m_hooks.holds->answer(request.id, Records::Reply::make(550, "5.1.1", "Chosen by hand"), &error), qPrintable(error));
    QVERIFY(c.waitFor("250 Sender <a@x> OK\r\n550 Chosen by hand\r\n"));
    c.send("NOOP\r\n");
    QVERIFY(c.waitFor("550 Chosen by hand\r\n250 OK\r\n")); // the session goes on
}

void TestSessionFaults::holdTimesOutWithDefault()
{
    start(R"({"name": "ask", "stage": "rcpt", "action": {"type": "hold", "timeoutMs": 300, "code": 450, "text": "Later"}})");
    Client c(port());
    c.send(kEnvelope);
    QVERIFY(c.waitFor("450 Later\r\n"));
    QVERIFY2(c.elapsedMs() >= 300, qPrintable(QString::number(c.elapsedMs())));
    QVERIFY(m_hooks.holds->pending().isEmpty());
}

void TestSessionFaults::dropIsRecordedOnTheSession()
{
    start(R"({"name": "lost", "stage": "end-of-data", "action": {"type": "drop"}})");
    Client c(port());
    c.send(kEnvelope + "DATA\r\nSubject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n");
    QVERIFY(c.waitFor("250 OK: queued\r\n221 "));
    const Records::SessionRecord s = waitForEndedSession();
    QCOMPARE(s.droppedMessages, 1);
    QCOMPARE(s.messageCount, 0);
    Store::Reader reader(m_path);
    QCOMPARE(reader.messageCount(), 0);
    QCOMPARE(reader.session(s.id)->droppedMessages, 1);
}

void TestSessionFaults::firedRulesAreRecorded()
{
    start(R"({"name": "first-rcpt", "stage": "rcpt", "when": {"nth": 1}, "action": {"type": "reply", "code": 450}},)"
          R"({"name": "slow-noop", "stage": "noop", "action": {"type": "delay", "delayMs": 1}})");
    Client c(port());
    c.send(kEnvelope + "RCPT TO:<b@x>\r\nNOOP\r\nNOOP\r\nDATA\r\nhi\r\n.\r\nQUIT\r\n");
    QVERIFY(c.waitFor("221 "));
    const Records::SessionRecord s = waitForEndedSession();
    QCOMPARE(s.faultRules, (QList<Records::FaultHit>{{QStringLiteral("first-rcpt"), 1}, {QStringLiteral("slow-noop"), 2}}));
    Store::Reader reader(m_path);
    QCOMPARE(reader.session(s.id)->faultRules, s.faultRules);
    const auto messages = reader.messages();
    QCOMPARE(messages.size(), 1);
    QCOMPARE(messages.first().faultRules, (QStringList{QStringLiteral("first-rcpt"), QStringLiteral("slow-noop")}));
    QByteArray notes;
    for (const auto &l : reader.transcript(s.id)) {
        if (!Records::isWire(l.kind))
            notes += l.data + '\n';
    }
    QVERIFY(notes.contains("Fault rule \"first-rcpt\": reply 450\n"));
    QCOMPARE(notes.count("Fault rule \"slow-noop\": delay the reply by 1 ms"), 2);
}

void TestSessionFaults::quotaCountsStoredMessages()
{
    start(R"({"name": "full", "stage": "rcpt", "action": {"type": "quota", "messages": 1}})");
    Client c(port());
    c.send(kEnvelope + "DATA\r\nhi\r\n.\r\n");
    QVERIFY(c.waitFor("250 OK: queued as 1\r\n"));
    c.send("MAIL FROM:<a@x>\r\nRCPT TO:<B@X>\r\n");
    QVERIFY(c.waitFor("552 Mailbox full\r\n"));
}

void TestSessionFaults::switchedOffRuleStopsAtTheNextCommand()
{
    start(R"({"name": "no", "stage": "rcpt", "action": {"type": "reply", "code": 550, "text": "No"}})");
    Client c(port());
    c.send(kEnvelope);
    QVERIFY(c.waitFor("550 No\r\n"));
    QVERIFY(m_hooks.injector->setRuleEnabled(QStringLiteral("no"), false));
    c.send("RCPT TO:<b@x>\r\n");
    QVERIFY(c.waitFor("550 No\r\n250 Recipient <b@x> OK\r\n"));
}

void TestSessionFaults::greylistRetryInANewSession()
{
    start(R"({"name": "grey", "stage": "rcpt", "action": {"type": "greylist", "retryAfterSeconds": 0}})");
    {
        Client first(port());
        first.send(kEnvelope + "QUIT\r\n");
        QVERIFY(first.waitFor("450 Greylisted, please try again later\r\n221 "));
    }
    Client retry(port());
    retry.send(kEnvelope);
    QVERIFY(retry.waitFor("250 Recipient <b@x> OK\r\n"));
}

void TestSessionFaults::preGreetTrafficIsRecorded_data()
{
    QTest::addColumn<bool>("early");
    QTest::newRow("talks before the greeting") << true;
    QTest::newRow("waits for the greeting") << false;
}

// While a rule delays the greeting, a client that talks first is recorded: the defect on the
// session, and a defect row in the transcript before the greeting it did not wait for.
void TestSessionFaults::preGreetTrafficIsRecorded()
{
    QFETCH(bool, early);
    start(R"({"name": "slow-banner", "stage": "greeting", "action": {"type": "delay", "delayMs": 300}})");
    Client c(port());
    if (!early)
        QVERIFY(c.waitFor("220 "));
    c.send("EHLO eager.test\r\n");
    QVERIFY(c.waitFor("250 HELP\r\n"));
    QVERIFY(c.received().startsWith("220 mx.test ESMTP Mailscope ready\r\n250-mx.test"));
    c.send("QUIT\r\n");
    QVERIFY(c.waitClosed());
    const Records::SessionRecord s = waitForEndedSession();
    QByteArrayList codes;
    for (const Records::Defect &d : s.defects)
        codes.append(d.code);
    QCOMPARE(codes, early ? QByteArrayList{"pre-greet"} : QByteArrayList{});

    Store::Reader reader(m_path);
    const auto lines = reader.transcript(s.id);
    qsizetype defectRow = -1, greetingRow = -1, ehloRow = -1;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines[i].kind == Records::LineKind::Defect)
            defectRow = i;
        if (lines[i].kind == Records::LineKind::Reply && lines[i].data.startsWith("220 "))
            greetingRow = i;
        if (lines[i].kind == Records::LineKind::Command && lines[i].data == "EHLO eager.test\r\n")
            ehloRow = i;
    }
    QVERIFY(greetingRow >= 0 && ehloRow > greetingRow);
    if (!early) {
        QCOMPARE(defectRow, -1);
        return;
    }
    QVERIFY2(defectRow >= 0 && defectRow < greetingRow, qPrintable(QString::number(defectRow)));
    QCOMPARE(lines[defectRow].data, QByteArray("Client sent data before the server's greeting (RFC 5321 4.3.1)"));
}

QTEST_GUILESS_MAIN(TestSessionFaults)
#include "tst_sessionfaults.moc"
