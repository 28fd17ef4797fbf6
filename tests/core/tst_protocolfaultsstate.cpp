#include "smtp/protocolfaults.h"

#include <QMap>
#include <QTest>

using Smtp::ProtocolEvent;
using Smtp::ProtocolFaults;
using Kind = Faults::Decision::Kind;

namespace {

// Stands in for the protocol: records what the rules made it do.
class Host final : public ProtocolFaults::Host
{
public:
    void addConversation(Faults::Context &context) const override
    {
        context.helo = "client.example";
        context.authUser = "alice";
        context.mailFrom = "a@x";
    }
    void note(Records::LineKind kind, const QString &text) override
    {
        kinds.append(kind);
        notes.append(text);
    }
    void reply(const Records::Reply &r) override { replies.append(faults->shape(r).format(true)); }
    void close() override { ++closes; }
    void resetTransaction() override
    {
        ++resets;
        faults->forgetMessageRules();
    }

    ProtocolFaults *faults = nullptr;
    QStringList notes;
    QList<Records::LineKind> kinds;
    QByteArrayList replies;
    int closes = 0;
    int resets = 0;
};

Faults::Decision decision(Kind kind, Faults::Stage stage, const QString &rule)
{
    Faults::Decision d;
    d.kind = kind;
    d.stage = stage;
    d.rule = rule;
    return d;
}

// ProtocolFaults with a scripted check: each stage gets the decision listed for it.
struct Fixture
{
    Host host;
    Smtp::ProtocolEvents events;
    ProtocolFaults faults{host, events};
    QMap<Faults::Stage, Faults::Decision> script;
    QList<Faults::Context> asked;

    Fixture()
    {
        host.faults = &faults;
        faults.setCheck([this](Faults::Context &context) {
            asked.append(context);
            return script.value(context.stage);
        });
    }

    QList<ProtocolEvent::Kind> kinds() const
    {
        QList<ProtocolEvent::Kind> out;
        for (const ProtocolEvent &e : events)
            out.append(e.kind);
        return out;
    }
};

} // namespace

class TestProtocolFaultsState : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void withoutCheckNothingIsAsked();
    void contextCarriesTheConversation();
    void connectAndGreetingPacesAddUp();
    void holdWaitsForItsAnswer();
    void positiveRuleTextReplacesTheSuccessOnly();
    void rulesAreKeptUntilTheMessage();
};

void TestProtocolFaultsState::withoutCheckNothingIsAsked()
{
    Host host;
    Smtp::ProtocolEvents events;
    ProtocolFaults faults(host, events);
    QVERIFY(!faults.isActive());
    int normal = 0;
    QVERIFY(!faults.consult(Faults::Stage::Rcpt, "RCPT", "b@x", [&] { ++normal; }));
    QCOMPARE(normal, 0); // the caller runs its normal handling itself
    QVERIFY(events.isEmpty());
}

void TestProtocolFaultsState::contextCarriesTheConversation()
{
    Fixture f;
    QVERIFY(f.faults.isActive());
    QVERIFY(!f.faults.consult(Faults::Stage::Rcpt, "RCPT", "b@x", [] {}));
    QVERIFY(!f.faults.consult(Faults::Stage::Auth, "AUTH", "PLAIN", [] {}, "bob"));
    QCOMPARE(f.asked.size(), 2);
    QCOMPARE(f.asked[0].stage, Faults::Stage::Rcpt);
    QCOMPARE(f.asked[0].verb, QByteArray("RCPT"));
    QCOMPARE(f.asked[0].argument, QByteArray("b@x"));
    QCOMPARE(f.asked[0].helo, QByteArray("client.example"));
    QCOMPARE(f.asked[0].authUser, QByteArray("alice"));
    QCOMPARE(f.asked[0].mailFrom, QByteArray("a@x"));
    QCOMPARE(f.asked[1].authUser, QByteArray("bob")); // AUTH: the user being authenticated
    QVERIFY(f.events.isEmpty());                       // no rule fired
}

void TestProtocolFaultsState::connectAndGreetingPacesAddUp()
{
    Fixture f;
    Faults::Decision slow = decision(Kind::Delay, Faults::Stage::Connect, QStringLiteral("slow"));
    slow.delayMs = 300;
    Faults::Decision link = decision(Kind::Throttle, Faults::Stage::Greeting, QStringLiteral("link"));
    link.delayMs = 200;
    link.bytesPerSecond = 50;
    f.script = {{Faults::Stage::Connect, slow}, {Faults::Stage::Greeting, link}};
    int greeted = 0;
    QVERIFY(!f.faults.consult(Faults::Stage::Connect, {}, {}, [] {}));
    QVERIFY(!f.faults.consult(Faults::Stage::Greeting, {}, {}, [&] { ++greeted; }));
    QVERIFY(!f.faults.isPaused()); // nothing paces until a reply goes out
    f.host.reply(Records::Reply::make(220, "", "ready"));
    QCOMPARE(f.kinds(), (QList<ProtocolEvent::Kind>{ProtocolEvent::Kind::Fault, ProtocolEvent::Kind::Fault,
                                                    ProtocolEvent::Kind::Pace}));
    QCOMPARE(f.events[2].fault.delayMs, qint64(500));
    QCOMPARE(f.events[2].fault.bytesPerSecond, qint64(50));
    QCOMPARE(f.host.replies, QByteArrayList{"220 ready\r\n"});
    QVERIFY(f.faults.isPaused());
    QVERIFY(f.faults.resume());
    QVERIFY(!f.faults.isPaused());
    QVERIFY(!f.faults.resume()); // nothing left to resume
    f.host.reply(Records::Reply::make(250, "", "next"));
    QCOMPARE(f.events.size(), 3); // the pace was for one reply only
}

void TestProtocolFaultsState::holdWaitsForItsAnswer()
{
    Fixture f;
    Faults::Decision ask = decision(Kind::Hold, Faults::Stage::Rcpt, QStringLiteral("ask"));
    ask.reply = Records::Reply::make(450, "4.2.0", "Later");
    f.script = {{Faults::Stage::Rcpt, ask}};
    int normal = 0;
    QVERIFY(f.faults.consult(Faults::Stage::Rcpt, "RCPT", "b@x", [&] { ++normal; }));
    QCOMPARE(normal, 0);
    QVERIFY(f.faults.isPaused());
    QVERIFY(!f.faults.resume()); // a held stage waits for its answer, not for a pace
    QVERIFY(f.faults.isPaused());
    QVERIFY(f.faults.answerHold(Records::Reply::make(550, "5.1.1", "Chosen")));
    QVERIFY(!f.faults.isPaused());
    QCOMPARE(normal, 0); // an error answer replaces the handling
    QCOMPARE(f.host.replies, QByteArrayList{"550 5.1.1 Chosen\r\n"});
    QVERIFY(!f.faults.answerHold(Records::Reply::make(250, "", "late"))); // answered once only
    QCOMPARE(f.host.replies.size(), 1);

    QVERIFY(f.faults.consult(Faults::Stage::Rcpt, "RCPT", "c@x", [&] { ++normal; }));
    QVERIFY(f.faults.answerHold(Records::Reply::make(250, "", "Fine by hand")));
    QCOMPARE(normal, 1); // a positive answer lets the handling run
}

void TestProtocolFaultsState::positiveRuleTextReplacesTheSuccessOnly()
{
    Fixture f;
    Faults::Decision text = decision(Kind::Reply, Faults::Stage::Mail, QStringLiteral("text"));
    text.reply = Records::Reply::make(250, "2.1.0", "Rule says OK");
    f.script = {{Faults::Stage::Mail, text}};
    const auto succeed = [&] { f.host.reply(Records::Reply::make(250, "2.1.0", "Sender OK")); };
    const auto fail = [&] { f.host.reply(Records::Reply::make(503, "5.5.1", "Send HELO first")); };
    QVERIFY(f.faults.consult(Faults::Stage::Mail, "MAIL", "a@x", succeed));
    QVERIFY(f.faults.consult(Faults::Stage::Mail, "MAIL", "a@x", fail));
    QCOMPARE(f.host.replies, (QByteArrayList{"250 2.1.0 Rule says OK\r\n", "503 5.5.1 Send HELO first\r\n"}));
    QCOMPARE(f.host.kinds.last(), Records::LineKind::FaultAction);
    QCOMPARE(f.host.notes.last(),
             QStringLiteral("Fault rule \"text\": the command failed, so its own reply is sent instead of 250 2.1.0 Rule says OK"));
}

void TestProtocolFaultsState::rulesAreKeptUntilTheMessage()
{
    Fixture f;
    Faults::Decision grey = decision(Kind::Reply, Faults::Stage::Rcpt, QStringLiteral("grey"));
    grey.reply = Records::Reply::make(450, "4.2.0", "Later");
    Faults::Decision lost = decision(Kind::Drop, Faults::Stage::EndOfData, QStringLiteral("lost"));
    lost.reply = Records::Reply::make(250, "2.0.0", "OK");
    f.script = {{Faults::Stage::Rcpt, grey}, {Faults::Stage::EndOfData, lost}};
    QVERIFY(f.faults.consult(Faults::Stage::Rcpt, "RCPT", "b@x", [] {}));
    QVERIFY(f.faults.consult(Faults::Stage::Rcpt, "RCPT", "c@x", [] {}));
    QCOMPARE(f.faults.takeMessageRules(), (QStringList{QStringLiteral("grey"), QStringLiteral("grey")}));
    QVERIFY(f.faults.takeMessageRules().isEmpty()); // taken by the message

    QVERIFY(f.faults.consult(Faults::Stage::Rcpt, "RCPT", "b@x", [] {}));
    QVERIFY(f.faults.consult(Faults::Stage::EndOfData, {}, {}, [] {}, {}, "Subject: s\r\n", 6));
    QCOMPARE(f.host.resets, 1); // a dropped message ends the transaction and its rules
    QVERIFY(f.faults.takeMessageRules().isEmpty());
    QCOMPARE(f.host.replies.last(), QByteArray("250 2.0.0 OK\r\n"));
    QCOMPARE(f.host.kinds.last(), Records::LineKind::DataSummary);
    QCOMPARE(f.host.notes.last(), QStringLiteral("Message data: 6 octets, accepted and not stored"));
}

QTEST_APPLESS_MAIN(TestProtocolFaultsState)
#include "tst_protocolfaultsstate.moc"
