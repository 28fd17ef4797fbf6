#include "faults/explain.h"
#include "faults/injector.h"
#include "faults/presets.h"
#include "faultsplans.h"

#include <QTest>

using namespace Faults;

class TestFaultsPresets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void namesAreStable();
    void everyPresetIsAValidPlan_data();
    void everyPresetIsAValidPlan();
    void presetsApplyToAllTraffic_data();
    void presetsApplyToAllTraffic();
    void unknownPreset();
    void explainRules_data();
    void explainRules();
    void ordinals_data();
    void ordinals();
    void describeDecisions_data();
    void describeDecisions();
};

namespace {

const QStringList kNames = {
    QStringLiteral("temp-fail-rcpt"), QStringLiteral("unknown-user"),      QStringLiteral("mailbox-full"),
    QStringLiteral("relay-denied"),   QStringLiteral("unavailable"),       QStringLiteral("greylisting"),
    QStringLiteral("rate-limited"),   QStringLiteral("slow"),              QStringLiteral("flaky"),
    QStringLiteral("reject-after-data"), QStringLiteral("mailpit-chaos"),  QStringLiteral("mailhog-jim"),
    QStringLiteral("smtp-sink"),
};

Rule ruleFrom(const QByteArray &json)
{
    return planOf(json).rules.first();
}

} // namespace

void TestFaultsPresets::namesAreStable()
{
    QStringList names;
    for (const PresetInfo &p : presets()) {
        names.append(p.name);
        QVERIFY2(!p.summary.isEmpty(), qPrintable(p.name));
    }
    QCOMPARE(names, kNames);
}

void TestFaultsPresets::everyPresetIsAValidPlan_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &name : kNames)
        QTest::newRow(qPrintable(name)) << name;
}

void TestFaultsPresets::everyPresetIsAValidPlan()
{
    QFETCH(QString, name);
    const auto plan = preset(name);
    QVERIFY(plan);
    QVERIFY(!plan->rules.isEmpty());
    QCOMPARE(plan->problems(), QStringList());
    QString error;
    const auto again = Plan::fromJson(plan->toJson(), &error);
    QVERIFY2(again && *again == *plan, qPrintable(error));
    for (const Rule &r : plan->rules)
        QVERIFY(!explain(r).isEmpty());
}

void TestFaultsPresets::presetsApplyToAllTraffic_data()
{
    // A preset without edits affects the first session at the named stage, with its usual odds.
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("stage");
    QTest::addColumn<QString>("rule");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("code");
    QTest::addColumn<double>("share"); // of 2000 sessions that see the rule fire
    using K = Decision::Kind;
    QTest::newRow("temp-fail-rcpt") << "temp-fail-rcpt" << "rcpt" << "temp-fail-rcpt" << int(K::Reply) << 450 << 1.0;
    QTest::newRow("unknown-user") << "unknown-user" << "rcpt" << "unknown-user" << int(K::Reply) << 550 << 1.0;
    QTest::newRow("mailbox-full") << "mailbox-full" << "rcpt" << "mailbox-full" << int(K::Reply) << 552 << 1.0;
    QTest::newRow("relay-denied") << "relay-denied" << "rcpt" << "relay-denied" << int(K::Reply) << 554 << 1.0;
    QTest::newRow("unavailable") << "unavailable" << "connect" << "unavailable" << int(K::Disconnect) << 421 << 1.0;
    QTest::newRow("greylisting") << "greylisting" << "rcpt" << "greylisting" << int(K::Reply) << 450 << 1.0;
    QTest::newRow("slow") << "slow" << "mail" << "slow-replies" << int(K::Delay) << 0 << 1.0;
    QTest::newRow("flaky") << "flaky" << "mail" << "flaky" << int(K::Close) << 0 << 0.05;
    QTest::newRow("reject-after-data") << "reject-after-data" << "end-of-data" << "reject-after-data" << int(K::Reply)
                                       << 554 << 1.0;
    QTest::newRow("mailpit-chaos") << "mailpit-chaos" << "rcpt" << "chaos-recipient" << int(K::Reply) << 451 << 0.10;
    QTest::newRow("mailhog-jim-rcpt") << "mailhog-jim" << "rcpt" << "jim-reject-recipient" << int(K::Reply) << 550
                                      << 0.05;
    QTest::newRow("mailhog-jim-link") << "mailhog-jim" << "connect" << "jim-linkspeed" << int(K::Throttle) << 0
                                      << 0.099;
    QTest::newRow("smtp-sink") << "smtp-sink" << "end-of-data" << "sink-r" << int(K::Reply) << 450 << 1.0;
}

void TestFaultsPresets::presetsApplyToAllTraffic()
{
    QFETCH(QString, name);
    QFETCH(QString, stage);
    QFETCH(QString, rule);
    QFETCH(int, kind);
    QFETCH(int, code);
    QFETCH(double, share);
    Injector injector(*preset(name), 2024);
    int fired = 0;
    const int sessions = 2000;
    for (quint64 s = 1; s <= sessions; ++s) {
        injector.beginSession(s);
        Context c;
        c.stage = *stageFromName(stage);
        c.session = s;
        c.client = QHostAddress(0x0a000000u + quint32(s)); // distinct clients: greylisting sees new triples
        c.argument = "someone@example.com";
        const Decision d = injector.decide(c);
        if (d.rule == rule) {
            ++fired;
            QCOMPARE(int(d.kind), kind);
            QCOMPARE(d.reply ? d.reply->code : 0, code);
        }
        injector.endSession(s);
    }
    const double seen = double(fired) / sessions;
    QVERIFY2(qAbs(seen - share) <= 0.02, qPrintable(QStringLiteral("%1 of sessions").arg(seen)));
}

void TestFaultsPresets::unknownPreset()
{
    QVERIFY(!preset(QStringLiteral("no-such-preset")));
}

void TestFaultsPresets::explainRules_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("words");
    QTest::newRow("every-3rd-rcpt")
        << QByteArray(R"({"name": "r", "stage": "rcpt", "when": {"argument": "@example\\.com$", "every": 3},)"
                      R"( "action": {"type": "reply", "code": 452, "enhanced": "4.2.2", "text": "Mailbox full"}})")
        << QStringLiteral("Every 3rd RCPT to an address matching @example\\.com$ in a session gets 452 4.2.2 Mailbox "
                          "full");
    QTest::newRow("first-two-mail-overall")
        << QByteArray(R"({"name": "r", "stage": "mail", "when": {"nth": [1, 2], "scope": "overall"},)"
                      R"( "action": {"type": "reply", "code": 451, "text": "Try later"}})")
        << QStringLiteral("The 1st and 2nd MAILs counted over all sessions get 451 Try later");
    QTest::newRow("probability-client")
        << QByteArray(R"({"name": "r", "stage": "any", "when": {"client": ["10.0.0.0/8", "::1"], "probability": 2.5},)"
                      R"( "action": {"type": "close"}})")
        << QStringLiteral("Every command from a client in 10.0.0.0/8 or ::1, with a 2.5% chance, is answered by "
                          "closing the connection without a reply");
    QTest::newRow("delay-range")
        << QByteArray(R"({"name": "r", "stage": "greeting", "action": {"type": "delay", "delayMs": [500, 2000]}})")
        << QStringLiteral("Every greeting is answered after 0.5 to 2 s");
    QTest::newRow("delay-with-reply")
        << QByteArray(R"({"name": "r", "stage": "data", "action": {"type": "delay", "delayMs": 3000, "code": 554}})")
        << QStringLiteral("Every DATA command gets 554 after 3 s");
    QTest::newRow("throttle-session")
        << QByteArray(R"({"name": "r", "stage": "connect", "action": {"type": "throttle", "bytesPerSecond": 100}})")
        << QStringLiteral("Every connection has the whole session sent at 100 bytes/s");
    QTest::newRow("size-header-drop")
        << QByteArray(R"({"name": "r", "stage": "end-of-data", "when": {"size": {"min": 1000},)"
                      R"( "header": {"name": "Subject", "matches": "^test"}}, "action": {"type": "drop"}})")
        << QStringLiteral("Every message at the end of data of at least 1000 octets whose Subject header matches ^test "
                          "gets 250 2.0.0 OK: queued but the message is dropped, not stored");
    QTest::newRow("hang-helo-times")
        << QByteArray(R"({"name": "r", "stage": "mail", "when": {"helo": "^bad", "times": 2}, "action": {"type": "hang"}})")
        << QStringLiteral("Every MAIL after EHLO/HELO matching ^bad is never answered: the server reads on until the "
                          "client gives up or the idle timeout closes the connection, the next 2 times only");
    QTest::newRow("disconnect")
        << QByteArray(R"({"name": "r", "stage": "connect", "action": {"type": "disconnect"}})")
        << QStringLiteral("Every connection gets 421 4.3.2 Service not available, closing transmission channel and the "
                          "connection is closed");
    QTest::newRow("hold")
        << QByteArray(R"({"name": "r", "stage": "rcpt", "action": {"type": "hold", "timeoutMs": 15000}})")
        << QStringLiteral("Every RCPT is held until a front end chooses the reply; after 15 s nobody answered it gets "
                          "451 4.3.0 Requested action aborted: local error in processing");
    QTest::newRow("greylist")
        << QByteArray(R"({"name": "r", "stage": "rcpt", "action": {"type": "greylist"}})")
        << QStringLiteral("Every RCPT is greylisted: the first attempt of each client, sender and recipient gets 450 "
                          "4.7.1 Greylisted, please try again later; a retry 60 s or more later is accepted");
    QTest::newRow("rate-limit")
        << QByteArray(R"({"name": "r", "stage": "mail", "action": {"type": "rate-limit", "limit": 5, "per": "sender"}})")
        << QStringLiteral("Every MAIL gets 451 4.7.1 Rate limit exceeded, try again later once the same sender has "
                          "started 5 messages in 60 s");
    QTest::newRow("quota")
        << QByteArray(R"({"name": "r", "stage": "rcpt", "action": {"type": "quota", "messages": 3, "bytes": 1000}})")
        << QStringLiteral("Every RCPT gets 552 5.2.2 Mailbox full once the recipient holds 3 messages or 1000 octets");
    QTest::newRow("new-sessions-only")
        << QByteArray(R"({"name": "r", "stage": "any", "when": {"newSessionsOnly": true}, "action": {"type": "close"}})")
        << QStringLiteral("Every command in a session begun after the rule was loaded is answered by closing the "
                          "connection without a reply");
    QTest::newRow("multi-line")
        << QByteArray(R"({"name": "r", "stage": "auth", "when": {"nth": 2},)"
                      R"( "action": {"type": "reply", "code": 535, "text": ["one", "two"]}})")
        << QStringLiteral("The 2nd AUTH in a session gets 535 one / two");
}

void TestFaultsPresets::explainRules()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, words);
    QCOMPARE(explain(ruleFrom(json)), words);
}

void TestFaultsPresets::ordinals_data()
{
    QTest::addColumn<qint64>("n");
    QTest::addColumn<QString>("text");
    QTest::newRow("1") << qint64(1) << "1st";
    QTest::newRow("2") << qint64(2) << "2nd";
    QTest::newRow("3") << qint64(3) << "3rd";
    QTest::newRow("4") << qint64(4) << "4th";
    QTest::newRow("11") << qint64(11) << "11th";
    QTest::newRow("12") << qint64(12) << "12th";
    QTest::newRow("13") << qint64(13) << "13th";
    QTest::newRow("21") << qint64(21) << "21st";
    QTest::newRow("102") << qint64(102) << "102nd";
    QTest::newRow("111") << qint64(111) << "111th";
}

void TestFaultsPresets::ordinals()
{
    QFETCH(qint64, n);
    QFETCH(QString, text);
    QCOMPARE(ordinal(n), text);
}

void TestFaultsPresets::describeDecisions_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("text");
    using K = Decision::Kind;
    QTest::newRow("reply") << int(K::Reply) << "Fault rule \"x\": reply 450 4.2.1 busy";
    QTest::newRow("delay") << int(K::Delay) << "Fault rule \"x\": delay the reply by 40 ms, reply 450 4.2.1 busy";
    QTest::newRow("disconnect") << int(K::Disconnect) << "Fault rule \"x\": reply 450 4.2.1 busy and close";
    QTest::newRow("close") << int(K::Close) << "Fault rule \"x\": close the connection without a reply";
    QTest::newRow("drop") << int(K::Drop) << "Fault rule \"x\": reply 450 4.2.1 busy but drop the message (not stored)";
    QTest::newRow("hold") << int(K::Hold) << "Fault rule \"x\": hold for a front end's answer, 450 4.2.1 busy after 9 ms";
}

void TestFaultsPresets::describeDecisions()
{
    QFETCH(int, kind);
    QFETCH(QString, text);
    Decision d;
    d.kind = Decision::Kind(kind);
    d.rule = QStringLiteral("x");
    d.reply = Records::Reply::make(450, "4.2.1", "busy");
    d.delayMs = 40;
    d.holdTimeoutMs = 9;
    QCOMPARE(describe(d), text);
}

QTEST_APPLESS_MAIN(TestFaultsPresets)
#include "tst_faultspresets.moc"
