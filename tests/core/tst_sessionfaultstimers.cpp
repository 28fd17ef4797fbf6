#include "faultsplans.h"
#include "smtp/protocol.h"
#include "smtp/sessionfaults.h"

#include <QTest>

using Smtp::ProtocolEvent;
using Smtp::SessionFaults;

namespace {

// Stands in for the session: a socket that keeps what is written, and a protocol whose
// events it handles the way the session does (replies through the faults, rules to them).
class Host final : public SessionFaults::Host
{
public:
    void write(const QByteArray &bytes) override { writes.append(bytes); }
    void disconnectClient() override { writtenAtDisconnect.append(writes.join()); }
    void handleEvents(const Smtp::ProtocolEvents &events) override
    {
        QByteArray output;
        for (qsizetype i = 0; i < events.size(); ++i) {
            const ProtocolEvent &e = events[i];
            if (e.kind == ProtocolEvent::Kind::Received)
                faults.commandRead(e.bytes);
            if (e.kind == ProtocolEvent::Kind::Sent)
                output += e.bytes;
            if (e.kind == ProtocolEvent::Kind::Fault)
                faults.decided(e.fault);
            if (e.kind == ProtocolEvent::Kind::Pace) {
                faults.pace(e.fault, events.mid(i + 1));
                break;
            }
        }
        if (!output.isEmpty())
            faults.send(output);
    }
    void readOn() override
    {
        ++readOns;
        handleEvents(protocol.takeEvents());
    }
    void note(Records::LineKind kind, const QString &text) override
    {
        kinds.append(kind);
        notes.append(text);
    }

    void start()
    {
        protocol.start();
        handleEvents(protocol.takeEvents());
    }
    void receive(const QByteArray &input)
    {
        protocol.receive(input);
        handleEvents(protocol.takeEvents());
    }
    QByteArray written() const { return writes.join(); }

    Faults::Hooks hooks;
    Smtp::Protocol protocol{Smtp::ProtocolConfig{}};
    SessionFaults faults{protocol, *this};
    QByteArrayList writes;
    QByteArrayList writtenAtDisconnect;
    QStringList notes;
    QList<Records::LineKind> kinds;
    int readOns = 0;
};

struct Rules
{
    explicit Rules(const QByteArray &rules)
    {
        host.hooks.injector = std::make_shared<Faults::Injector>(planOf(rules), 1);
        host.hooks.holds = std::make_shared<Faults::HoldBroker>();
        host.faults.begin(host.hooks, 1, QHostAddress(QStringLiteral("192.0.2.1")));
    }
    Host host;
};

const QByteArray kEnvelope = "HELO c\r\nMAIL FROM:<a@x>\r\nRCPT TO:<b@x>\r\n";

} // namespace

class TestSessionFaultsTimers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sliceOctets_data();
    void sliceOctets();
    void throttledReplyIsWrittenInSlices();
    void closeWaitsForThePacedOutput();
    void holdAnsweredByTheBroker();
    void holdTimesOutWithItsDefault();
};

void TestSessionFaultsTimers::sliceOctets_data()
{
    QTest::addColumn<qint64>("rate");
    QTest::addColumn<qint64>("slice");
    QTest::newRow("20-octets-per-second") << qint64(20) << qint64(2);
    QTest::newRow("slower-than-one-per-tick") << qint64(5) << qint64(1);
    QTest::newRow("fast") << qint64(64000) << qint64(6400);
}

void TestSessionFaultsTimers::sliceOctets()
{
    QFETCH(qint64, rate);
    QFETCH(qint64, slice);
    QCOMPARE(SessionFaults::sliceOctets(rate), slice);
}

void TestSessionFaultsTimers::throttledReplyIsWrittenInSlices()
{
    Rules r(R"({"name": "trickle", "stage": "noop", "action": {"type": "throttle", "bytesPerSecond": 20}})");
    Host &host = r.host;
    host.start();
    host.receive("HELO c\r\n");
    QCOMPARE(host.written(), QByteArray("220 mailscope.localhost ESMTP Mailscope ready\r\n"
                                        "250 mailscope.localhost greets c\r\n"));
    host.writes.clear();
    host.receive("NOOP\r\nNOOP\r\n");
    QVERIFY(host.protocol.isPausedByFault());
    QVERIFY(host.faults.isWaitingOnRule());
    QTRY_VERIFY(host.readOns >= 1); // the protocol reads on once the reply is out
    QCOMPARE(host.writes.mid(0, 4), (QByteArrayList{"25", "0 ", "OK", "\r\n"}));
    // The second NOOP, read after the first reply, is throttled by the same rule.
    QTRY_COMPARE(host.readOns, 2);
    QCOMPARE(host.writes, (QByteArrayList{"25", "0 ", "OK", "\r\n", "25", "0 ", "OK", "\r\n"}));
    QVERIFY(!host.faults.isWaitingOnRule());
}

void TestSessionFaultsTimers::closeWaitsForThePacedOutput()
{
    Rules r(R"({"name": "link", "stage": "connect", "action": {"type": "throttle", "bytesPerSecond": 100}})");
    Host &host = r.host;
    host.start();
    QTRY_COMPARE(host.written(), QByteArray("220 mailscope.localhost ESMTP Mailscope ready\r\n"));
    host.receive("QUIT\r\n");
    host.faults.closeWhenSent();
    QVERIFY(host.writtenAtDisconnect.isEmpty()); // the 221 is still being paced
    QTRY_COMPARE(host.writtenAtDisconnect.size(), 1);
    QCOMPARE(host.writtenAtDisconnect.first(), QByteArray("220 mailscope.localhost ESMTP Mailscope ready\r\n"
                                                          "221 mailscope.localhost closing connection\r\n"));
    QVERIFY(host.writes.size() > 2); // in slices of 10 octets
    QCOMPARE(host.writes.first().size(), 10);
}

void TestSessionFaultsTimers::holdAnsweredByTheBroker()
{
    Rules r(R"({"name": "ask", "stage": "rcpt", "action": {"type": "hold", "timeoutMs": 20000}})");
    Host &host = r.host;
    host.start();
    host.receive(kEnvelope + "NOOP\r\n");
    const QList<Faults::HoldRequest> pending = host.hooks.holds->pending();
    QCOMPARE(pending.size(), 1);
    QCOMPARE(pending.first().command, QByteArray("RCPT TO:<b@x>"));
    QCOMPARE(pending.first().session, quint64(1));
    QVERIFY(host.faults.isWaitingOnRule());
    QVERIFY(!host.written().contains("RCPT"));
    QVERIFY(host.hooks.holds->answer(pending.first().id, Records::Reply::make(550, "5.1.1", "Chosen by hand")));
    QCOMPARE(host.readOns, 1);
    QCOMPARE(host.kinds, QList<Records::LineKind>{Records::LineKind::FaultAction});
    QCOMPARE(host.notes, QStringList{QStringLiteral("Fault rule \"ask\": the hold was answered with 550 5.1.1 Chosen by hand")});
    QVERIFY(host.written().endsWith("250 Sender <a@x> OK\r\n550 Chosen by hand\r\n250 OK\r\n"));
    QVERIFY(!host.faults.isWaitingOnRule());
}

void TestSessionFaultsTimers::holdTimesOutWithItsDefault()
{
    Rules r(R"({"name": "ask", "stage": "rcpt", "action": {"type": "hold", "timeoutMs": 50, "code": 450, "text": "Later"}})");
    Host &host = r.host;
    host.start();
    host.receive(kEnvelope);
    QCOMPARE(host.hooks.holds->pending().size(), 1);
    QTRY_COMPARE(host.readOns, 1);
    QVERIFY(host.hooks.holds->pending().isEmpty());
    QCOMPARE(host.kinds, QList<Records::LineKind>{Records::LineKind::FaultAction});
    QCOMPARE(host.notes, QStringList{QStringLiteral("Fault rule \"ask\": nobody answered the hold in 50 ms, sending 450 Later")});
    QVERIFY(host.written().endsWith("250 Sender <a@x> OK\r\n450 Later\r\n"));
}

QTEST_GUILESS_MAIN(TestSessionFaultsTimers)
#include "tst_sessionfaultstimers.moc"
