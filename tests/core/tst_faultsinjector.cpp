#include "faults/injector.h"
#include "faultsplans.h"

#include <QSet>
#include <QTest>

using namespace Faults;

namespace {

QByteArray ruleJson(const QString &stage, const QByteArray &when = "{}",
                    const QByteArray &action = R"({"type": "reply", "code": 421})", const QByteArray &name = "r")
{
    return R"({"name": ")" + name + R"(", "stage": ")" + stage.toUtf8() + R"(", "when": )" + when
         + R"(, "action": )" + action + "}";
}

Context at(Stage stage, quint64 session = 1, const QByteArray &argument = {})
{
    Context c;
    c.stage = stage;
    c.session = session;
    c.argument = argument;
    c.client = QHostAddress(QStringLiteral("192.0.2.10"));
    return c;
}

// Which of n decisions at the stage fired, as a string of 1 and 0.
QString pattern(Injector &injector, const Context &context, int n)
{
    QString out;
    for (int i = 0; i < n; ++i)
        out += injector.decide(context).fired() ? QLatin1Char('1') : QLatin1Char('0');
    return out;
}

} // namespace

class TestFaultsInjector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stages_data();
    void stages();
    void filters_data();
    void filters();
    void counters_data();
    void counters();
    void overallScopeSpansSessions();
    void countingGoesOnWhenAnEarlierRuleDecides();
    void firstMatchingRuleDecides();
    void switchingRulesTakesEffectAtOnce();
    void newPlanKeepsStateOfUnchangedRules();
    void newSessionsOnly();
    void actions_data();
    void actions();
    void delayAndThrottleStayInTheirRanges();
    void probabilityWithDecimals();
    void sameSeedSameFaults();
    void otherSeedOtherFaults();
    void concurrentSessionsDoNotDisturbEachOther();
    void statsCountHits();
    void headerValuesUnfold_data();
    void headerValuesUnfold();
};

void TestFaultsInjector::stages_data()
{
    QTest::addColumn<QString>("ruleStage");
    QTest::addColumn<QString>("reached");
    QTest::addColumn<bool>("fires");
    for (Stage s : allStages()) {
        if (s == Stage::Any)
            continue;
        const QString name = stageName(s);
        QTest::addRow("%s-at-%s", qPrintable(name), qPrintable(name)) << name << name << true;
        const QString other = s == Stage::Rcpt ? QStringLiteral("mail") : QStringLiteral("rcpt");
        QTest::addRow("%s-at-%s", qPrintable(name), qPrintable(other)) << name << other << false;
        const bool anyCovers = s != Stage::Connect && s != Stage::Greeting;
        QTest::addRow("any-at-%s", qPrintable(name)) << QStringLiteral("any") << name << anyCovers;
    }
}

void TestFaultsInjector::stages()
{
    QFETCH(QString, ruleStage);
    QFETCH(QString, reached);
    QFETCH(bool, fires);
    // Close is legal at every stage, so one action serves all rows.
    Injector injector(planOf(ruleJson(ruleStage, "{}", R"({"type": "close"})")));
    const Decision d = injector.decide(at(*stageFromName(reached)));
    QCOMPARE(d.fired(), fires);
    if (fires) {
        QCOMPARE(d.rule, QStringLiteral("r"));
        QCOMPARE(d.kind, Decision::Kind::Close);
    }
}

void TestFaultsInjector::filters_data()
{
    QTest::addColumn<QString>("stage");
    QTest::addColumn<QByteArray>("when");
    QTest::addColumn<QByteArray>("argument");
    QTest::addColumn<QString>("client");
    QTest::addColumn<QByteArray>("helo");
    QTest::addColumn<QByteArray>("authUser");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("fires");

    const QString v4 = QStringLiteral("192.0.2.10");
    const QByteArray msg = "Subject: Weekly\r\n report\r\nFrom: a@example.com\r\n\r\nSubject: in the body\r\n";
    QTest::newRow("argument-match") << "rcpt" << QByteArray(R"({"argument": "@example\\.com$"})")
                                    << QByteArray("bob@example.com") << v4 << QByteArray() << QByteArray()
                                    << QByteArray() << true;
    QTest::newRow("argument-ignores-case") << "rcpt" << QByteArray(R"({"argument": "@example\\.com$"})")
                                           << QByteArray("BOB@EXAMPLE.COM") << v4 << QByteArray() << QByteArray()
                                           << QByteArray() << true;
    QTest::newRow("argument-other") << "rcpt" << QByteArray(R"({"argument": "@example\\.com$"})")
                                    << QByteArray("bob@example.org") << v4 << QByteArray() << QByteArray()
                                    << QByteArray() << false;
    QTest::newRow("helo-match") << "mail" << QByteArray(R"({"helo": "^client\\."})") << QByteArray() << v4
                                << QByteArray("client.test") << QByteArray() << QByteArray() << true;
    QTest::newRow("helo-other") << "mail" << QByteArray(R"({"helo": "^client\\."})") << QByteArray() << v4
                                << QByteArray("server.test") << QByteArray() << QByteArray() << false;
    QTest::newRow("auth-match") << "mail" << QByteArray(R"({"authUser": "^alice$"})") << QByteArray() << v4
                                << QByteArray() << QByteArray("alice") << QByteArray() << true;
    QTest::newRow("auth-none") << "mail" << QByteArray(R"({"authUser": "^alice$"})") << QByteArray() << v4
                               << QByteArray() << QByteArray() << QByteArray() << false;
    QTest::newRow("client-exact") << "mail" << QByteArray(R"({"client": "192.0.2.10"})") << QByteArray() << v4
                                  << QByteArray() << QByteArray() << QByteArray() << true;
    QTest::newRow("client-other") << "mail" << QByteArray(R"({"client": "192.0.2.11"})") << QByteArray() << v4
                                  << QByteArray() << QByteArray() << QByteArray() << false;
    QTest::newRow("client-cidr") << "mail" << QByteArray(R"({"client": ["10.0.0.0/8", "192.0.2.0/24"]})")
                                 << QByteArray() << v4 << QByteArray() << QByteArray() << QByteArray() << true;
    QTest::newRow("client-cidr-other") << "mail" << QByteArray(R"({"client": "10.0.0.0/8"})") << QByteArray() << v4
                                       << QByteArray() << QByteArray() << QByteArray() << false;
    QTest::newRow("client-v4-mapped") << "mail" << QByteArray(R"({"client": "192.0.2.0/24"})") << QByteArray()
                                      << QStringLiteral("::ffff:192.0.2.10") << QByteArray() << QByteArray()
                                      << QByteArray() << true;
    QTest::newRow("client-v6") << "mail" << QByteArray(R"({"client": "2001:db8::/32"})") << QByteArray()
                               << QStringLiteral("2001:db8::5") << QByteArray() << QByteArray() << QByteArray()
                               << true;
    QTest::newRow("size-inside") << "end-of-data" << QByteArray(R"({"size": {"min": 10, "max": 100}})")
                                 << QByteArray() << v4 << QByteArray() << QByteArray() << msg << true;
    QTest::newRow("size-above") << "end-of-data" << QByteArray(R"({"size": {"min": 0, "max": 10}})") << QByteArray()
                                << v4 << QByteArray() << QByteArray() << msg << false;
    QTest::newRow("size-open-max") << "end-of-data" << QByteArray(R"({"size": {"min": 10}})") << QByteArray() << v4
                                   << QByteArray() << QByteArray() << msg << true;
    QTest::newRow("header-folded") << "end-of-data"
                                   << QByteArray(R"({"header": {"name": "subject", "matches": "^Weekly report$"}})")
                                   << QByteArray() << v4 << QByteArray() << QByteArray() << msg << true;
    QTest::newRow("header-not-in-body") << "end-of-data"
                                        << QByteArray(R"({"header": {"name": "Subject", "matches": "body"}})")
                                        << QByteArray() << v4 << QByteArray() << QByteArray() << msg << false;
    QTest::newRow("header-absent") << "end-of-data"
                                   << QByteArray(R"({"header": {"name": "X-Spam", "matches": ""}})") << QByteArray()
                                   << v4 << QByteArray() << QByteArray() << msg << false;
    // A pattern that backtracks exponentially in PCRE is linear in RE2: the answer, promptly.
    const QByteArray as = QByteArray(100000, 'a');
    QTest::newRow("header-nested-quantifier-other")
        << "end-of-data" << QByteArray(R"({"header": {"name": "Subject", "matches": "^(a+)+$"}})") << QByteArray()
        << v4 << QByteArray() << QByteArray() << QByteArray("Subject: " + as + "b\r\n\r\nbody\r\n") << false;
    QTest::newRow("header-nested-quantifier-match")
        << "end-of-data" << QByteArray(R"({"header": {"name": "Subject", "matches": "^(a+)+$"}})") << QByteArray()
        << v4 << QByteArray() << QByteArray() << QByteArray("Subject: " + as + "\r\n\r\nbody\r\n") << true;
    QTest::newRow("helo-unicode-caseless") << "mail" << QByteArray(R"({"helo": "^ÉCOLE\\."})") << QByteArray() << v4
                                           << QByteArray("école.test") << QByteArray() << QByteArray() << true;
    QTest::newRow("all-and") << "rcpt" << QByteArray(R"({"argument": "^bob@", "client": "192.0.2.0/24", "helo": "x"})")
                             << QByteArray("bob@example.com") << v4 << QByteArray("y") << QByteArray() << QByteArray()
                             << false;
}

void TestFaultsInjector::filters()
{
    QFETCH(QString, stage);
    QFETCH(QByteArray, when);
    QFETCH(QByteArray, argument);
    QFETCH(QString, client);
    QFETCH(QByteArray, helo);
    QFETCH(QByteArray, authUser);
    QFETCH(QByteArray, content);
    QFETCH(bool, fires);
    Injector injector(planOf(ruleJson(stage, when, R"({"type": "close"})")));
    Context c = at(*stageFromName(stage), 1, argument);
    c.client = QHostAddress(client);
    c.helo = helo;
    c.authUser = authUser;
    c.content = content;
    c.size = content.size();
    QCOMPARE(injector.decide(c).fired(), fires);
}

void TestFaultsInjector::counters_data()
{
    QTest::addColumn<QByteArray>("when");
    QTest::addColumn<QString>("session1");
    QTest::addColumn<QString>("session2");
    QTest::newRow("always") << QByteArray("{}") << "11111" << "11111";
    QTest::newRow("nth-1-and-2") << QByteArray(R"({"nth": [1, 2]})") << "11000" << "11000";
    QTest::newRow("nth-3") << QByteArray(R"({"nth": 3})") << "00100" << "00100";
    QTest::newRow("every-2") << QByteArray(R"({"every": 2})") << "01010" << "01010";
    QTest::newRow("every-3") << QByteArray(R"({"every": 3})") << "00100" << "00100";
    QTest::newRow("nth-and-every") << QByteArray(R"({"nth": [2, 3, 4], "every": 2})") << "01010" << "01010";
    QTest::newRow("next-3-times") << QByteArray(R"({"times": 3})") << "11100" << "00000";
    QTest::newRow("every-2-next-3") << QByteArray(R"({"every": 2, "times": 3})") << "01010" << "01000";
    QTest::newRow("nth-overall") << QByteArray(R"({"nth": [2, 6], "scope": "overall"})") << "01000" << "10000";
    QTest::newRow("every-4-overall") << QByteArray(R"({"every": 4, "scope": "overall"})") << "00010" << "00100";
    QTest::newRow("probability-0") << QByteArray(R"({"probability": 0})") << "00000" << "00000";
    QTest::newRow("probability-100") << QByteArray(R"({"probability": 100})") << "11111" << "11111";
}

void TestFaultsInjector::counters()
{
    QFETCH(QByteArray, when);
    QFETCH(QString, session1);
    QFETCH(QString, session2);
    Injector injector(planOf(ruleJson(QStringLiteral("rcpt"), when)));
    injector.beginSession(1);
    injector.beginSession(2);
    QCOMPARE(pattern(injector, at(Stage::Rcpt, 1), 5), session1);
    QCOMPARE(pattern(injector, at(Stage::Rcpt, 2), 5), session2);
}

void TestFaultsInjector::overallScopeSpansSessions()
{
    // "The 1st and 2nd attempt overall": a client that reconnects still counts on.
    Injector injector(planOf(ruleJson(QStringLiteral("mail"), R"({"nth": [1, 2], "scope": "overall"})")));
    QString seen;
    for (quint64 session = 1; session <= 4; ++session) {
        injector.beginSession(session);
        seen += pattern(injector, at(Stage::Mail, session), 1);
        injector.endSession(session);
    }
    QCOMPARE(seen, QStringLiteral("1100"));
}

void TestFaultsInjector::countingGoesOnWhenAnEarlierRuleDecides()
{
    Injector injector(planOf(ruleJson(QStringLiteral("rcpt"), R"({"nth": [1, 2]})", R"({"type": "close"})", "first")
                             + "," + ruleJson(QStringLiteral("rcpt"), R"({"nth": 3})", R"({"type": "hang"})", "third")));
    QCOMPARE(injector.decide(at(Stage::Rcpt)).rule, QStringLiteral("first"));
    QCOMPARE(injector.decide(at(Stage::Rcpt)).rule, QStringLiteral("first"));
    QCOMPARE(injector.decide(at(Stage::Rcpt)).rule, QStringLiteral("third"));
    QVERIFY(!injector.decide(at(Stage::Rcpt)).fired());
}

void TestFaultsInjector::firstMatchingRuleDecides()
{
    Injector injector(planOf(
        ruleJson(QStringLiteral("rcpt"), R"({"argument": "^a@"})", R"({"type": "reply", "code": 550})", "a")
        + "," + ruleJson(QStringLiteral("rcpt"), "{}", R"({"type": "reply", "code": 452})", "all")
        + "," + ruleJson(QStringLiteral("rcpt"), "{}", R"({"type": "close"})", "never")));
    QCOMPARE(injector.decide(at(Stage::Rcpt, 1, "a@x")).reply->code, 550);
    QCOMPARE(injector.decide(at(Stage::Rcpt, 1, "b@x")).reply->code, 452);
    QCOMPARE(injector.decide(at(Stage::Rcpt, 1, "b@x")).rule, QStringLiteral("all"));
}

void TestFaultsInjector::switchingRulesTakesEffectAtOnce()
{
    Injector injector(planOf(ruleJson(QStringLiteral("rcpt"), "{}", R"({"type": "reply", "code": 550})", "a") + ","
                             + ruleJson(QStringLiteral("rcpt"), "{}", R"({"type": "reply", "code": 452})", "b")));
    QCOMPARE(injector.decide(at(Stage::Rcpt)).rule, QStringLiteral("a"));
    QVERIFY(injector.setRuleEnabled(QStringLiteral("a"), false));
    QCOMPARE(injector.decide(at(Stage::Rcpt)).rule, QStringLiteral("b"));
    QVERIFY(!injector.plan().rules[0].enabled);
    QVERIFY(injector.setRuleEnabled(QStringLiteral("b"), false));
    QVERIFY(!injector.decide(at(Stage::Rcpt)).fired());
    QVERIFY(injector.setRuleEnabled(QStringLiteral("a"), true));
    QCOMPARE(injector.decide(at(Stage::Rcpt)).rule, QStringLiteral("a"));
    QVERIFY(!injector.setRuleEnabled(QStringLiteral("nope"), true));
}

void TestFaultsInjector::newPlanKeepsStateOfUnchangedRules()
{
    const QByteArray kept = ruleJson(QStringLiteral("rcpt"), R"({"times": 2})", R"({"type": "close"})", "kept");
    Injector injector(planOf(kept));
    QVERIFY(injector.decide(at(Stage::Rcpt)).fired());
    // Same rule, reloaded (e.g. the file was saved again): one fire left.
    injector.setPlan(planOf(kept));
    QCOMPARE(pattern(injector, at(Stage::Rcpt), 3), QStringLiteral("100"));
    // Changed rule: a fresh budget.
    injector.setPlan(planOf(ruleJson(QStringLiteral("rcpt"), R"({"times": 3})", R"({"type": "close"})", "kept")));
    QCOMPARE(pattern(injector, at(Stage::Rcpt), 4), QStringLiteral("1110"));
}

// A rule for new sessions leaves alone the sessions already open when it was loaded, and
// keeps that boundary while it stays in the plan unchanged.
void TestFaultsInjector::newSessionsOnly()
{
    const QByteArray rule = ruleJson(QStringLiteral("any"), R"({"newSessionsOnly": true})", R"({"type": "close"})", "step");
    Injector injector;
    injector.beginSession(1);
    injector.setPlan(planOf(rule));
    injector.beginSession(2);
    QVERIFY(!injector.decide(at(Stage::Mail, 1)).fired());
    QVERIFY(!injector.decide(at(Stage::Mail, 99)).fired()); // a session the injector never saw begin
    QVERIFY(injector.decide(at(Stage::Mail, 2)).fired());
    injector.setPlan(planOf(rule)); // reloaded unchanged: session 2 is still new to it
    QVERIFY(injector.decide(at(Stage::Rcpt, 2)).fired());
    QVERIFY(!injector.decide(at(Stage::Rcpt, 1)).fired());
    injector.setPlan(planOf(ruleJson(QStringLiteral("any"), "{}", R"({"type": "close"})", "step")));
    QVERIFY(injector.decide(at(Stage::Rcpt, 1)).fired()); // without the condition, every session
}

void TestFaultsInjector::actions_data()
{
    QTest::addColumn<QString>("stage");
    QTest::addColumn<QByteArray>("action");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("code"); // 0: no reply
    QTest::addColumn<qint64>("delayMs");
    QTest::addColumn<qint64>("bytesPerSecond");
    QTest::addColumn<int>("holdTimeoutMs");
    using K = Decision::Kind;
    QTest::newRow("reply") << "rcpt" << QByteArray(R"({"type": "reply", "code": 452, "enhanced": "4.2.2"})")
                           << int(K::Reply) << 452 << 0LL << 0LL << 0;
    QTest::newRow("reply-421-closes") << "rcpt" << QByteArray(R"({"type": "reply", "code": 421})")
                                      << int(K::Disconnect) << 421 << 0LL << 0LL << 0;
    QTest::newRow("reply-success-text") << "rcpt" << QByteArray(R"({"type": "reply", "code": 251})")
                                        << int(K::Reply) << 251 << 0LL << 0LL << 0;
    QTest::newRow("delay") << "mail" << QByteArray(R"({"type": "delay", "delayMs": 1500})") << int(K::Delay) << 0
                           << 1500LL << 0LL << 0;
    QTest::newRow("delay-with-reply") << "mail" << QByteArray(R"({"type": "delay", "delayMs": 20, "code": 451})")
                                      << int(K::Delay) << 451 << 20LL << 0LL << 0;
    QTest::newRow("throttle") << "data" << QByteArray(R"({"type": "throttle", "bytesPerSecond": 300})")
                              << int(K::Throttle) << 0 << 0LL << 300LL << 0;
    QTest::newRow("disconnect") << "helo" << QByteArray(R"({"type": "disconnect"})") << int(K::Disconnect) << 421
                                << 0LL << 0LL << 0;
    QTest::newRow("close") << "quit" << QByteArray(R"({"type": "close"})") << int(K::Close) << 0 << 0LL << 0LL << 0;
    QTest::newRow("hang") << "data" << QByteArray(R"({"type": "hang"})") << int(K::Hang) << 0 << 0LL << 0LL << 0;
    QTest::newRow("drop") << "end-of-data" << QByteArray(R"({"type": "drop"})") << int(K::Drop) << 250 << 0LL << 0LL
                          << 0;
    QTest::newRow("hold") << "rcpt" << QByteArray(R"({"type": "hold", "timeoutMs": 700, "code": 450})")
                          << int(K::Hold) << 450 << 0LL << 0LL << 700;
    QTest::newRow("hold-default") << "rcpt" << QByteArray(R"({"type": "hold"})") << int(K::Hold) << 451 << 0LL << 0LL
                                  << 30000;
}

void TestFaultsInjector::actions()
{
    QFETCH(QString, stage);
    QFETCH(QByteArray, action);
    QFETCH(int, kind);
    QFETCH(int, code);
    QFETCH(qint64, delayMs);
    QFETCH(qint64, bytesPerSecond);
    QFETCH(int, holdTimeoutMs);
    Injector injector(planOf(ruleJson(stage, "{}", action)));
    const Decision d = injector.decide(at(*stageFromName(stage)));
    QCOMPARE(int(d.kind), kind);
    QCOMPARE(d.reply ? d.reply->code : 0, code);
    QCOMPARE(d.delayMs, delayMs);
    QCOMPARE(d.bytesPerSecond, bytesPerSecond);
    QCOMPARE(d.holdTimeoutMs, holdTimeoutMs);
    QCOMPARE(d.rule, QStringLiteral("r"));
}

void TestFaultsInjector::delayAndThrottleStayInTheirRanges()
{
    Injector injector(planOf(ruleJson(QStringLiteral("mail"), "{}", R"({"type": "delay", "delayMs": [100, 103]})", "d")
                             + "," + ruleJson(QStringLiteral("rcpt"), "{}",
                                              R"({"type": "throttle", "bytesPerSecond": [7, 9]})", "t")),
                      99);
    QSet<qint64> delays, rates;
    for (int i = 0; i < 400; ++i) {
        delays.insert(injector.decide(at(Stage::Mail)).delayMs);
        rates.insert(injector.decide(at(Stage::Rcpt)).bytesPerSecond);
    }
    QCOMPARE(delays, (QSet<qint64>{100, 101, 102, 103}));
    QCOMPARE(rates, (QSet<qint64>{7, 8, 9}));
}

void TestFaultsInjector::probabilityWithDecimals()
{
    Injector injector(planOf(ruleJson(QStringLiteral("rcpt"), R"({"probability": 12.5})")), 7);
    int fired = 0;
    const int n = 20000;
    for (int i = 0; i < n; ++i)
        fired += injector.decide(at(Stage::Rcpt)).fired();
    // 12.5% of 20000 is 2500; the binomial standard deviation is about 47.
    QVERIFY2(fired > 2300 && fired < 2700, qPrintable(QString::number(fired)));
    QVERIFY(draw(7, QStringLiteral("r"), 0, 1, 0) >= 0.0);
    QVERIFY(draw(7, QStringLiteral("r"), 0, 1, 0) < 1.0);
}

void TestFaultsInjector::sameSeedSameFaults()
{
    const Plan plan = planOf(ruleJson(QStringLiteral("rcpt"), R"({"probability": 30})", R"({"type": "close"})", "a")
                             + "," + ruleJson(QStringLiteral("mail"), R"({"probability": 50})",
                                              R"({"type": "delay", "delayMs": [0, 1000]})", "b"));
    const auto run = [&](quint64 seed) {
        Injector injector(plan, seed);
        QStringList trace;
        for (quint64 session = 1; session <= 20; ++session) {
            injector.beginSession(100 + session); // tokens differ from run to run in real use
            for (int i = 0; i < 5; ++i) {
                const Decision m = injector.decide(at(Stage::Mail, 100 + session));
                const Decision r = injector.decide(at(Stage::Rcpt, 100 + session));
                trace << QStringLiteral("%1%2:%3").arg(m.fired()).arg(r.fired()).arg(m.delayMs);
            }
            injector.endSession(100 + session);
        }
        return trace;
    };
    QCOMPARE(run(12345), run(12345));
    QVERIFY(run(12345).join(QString()).contains(QLatin1Char('1')));
}

void TestFaultsInjector::otherSeedOtherFaults()
{
    const Plan plan = planOf(ruleJson(QStringLiteral("rcpt"), R"({"probability": 50})"));
    Injector a(plan, 1), b(plan, 2);
    QVERIFY(pattern(a, at(Stage::Rcpt), 64) != pattern(b, at(Stage::Rcpt), 64));
}

void TestFaultsInjector::concurrentSessionsDoNotDisturbEachOther()
{
    const Plan plan = planOf(ruleJson(QStringLiteral("rcpt"), R"({"probability": 50})"));
    // One after the other ...
    Injector serial(plan, 5);
    serial.beginSession(1);
    serial.beginSession(2);
    const QString one = pattern(serial, at(Stage::Rcpt, 1), 32);
    const QString two = pattern(serial, at(Stage::Rcpt, 2), 32);
    // ... or interleaved: each session sees the same faults.
    Injector interleaved(plan, 5);
    interleaved.beginSession(1);
    interleaved.beginSession(2);
    QString oneAgain, twoAgain;
    for (int i = 0; i < 32; ++i) {
        twoAgain += pattern(interleaved, at(Stage::Rcpt, 2), 1);
        oneAgain += pattern(interleaved, at(Stage::Rcpt, 1), 1);
    }
    QCOMPARE(oneAgain, one);
    QCOMPARE(twoAgain, two);
    QVERIFY(one != two);
}

void TestFaultsInjector::statsCountHits()
{
    Injector injector(planOf(ruleJson(QStringLiteral("rcpt"), R"({"times": 3})", R"({"type": "close"})", "budget")
                             + "," + ruleJson(QStringLiteral("mail"), R"({"every": 2})", R"({"type": "close"})", "even")));
    pattern(injector, at(Stage::Rcpt), 2);
    pattern(injector, at(Stage::Mail), 5);
    const QList<RuleStats> stats = injector.stats();
    QCOMPARE(stats.size(), 2);
    QCOMPARE(stats[0].name, QStringLiteral("budget"));
    QCOMPARE(stats[0].hits, qint64(2));
    QCOMPARE(stats[0].remaining, qint64(1));
    QCOMPARE(stats[1].hits, qint64(2));
    QCOMPARE(stats[1].remaining, qint64(-1));
}

void TestFaultsInjector::headerValuesUnfold_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QList<QByteArray>>("values");
    QTest::newRow("crlf") << QByteArray("Subject: a\r\nTo: b\r\n\r\nbody") << QByteArray("subject")
                          << QList<QByteArray>{"a"};
    QTest::newRow("bare-lf") << QByteArray("Subject: a\nTo: b\n\nSubject: c") << QByteArray("Subject")
                             << QList<QByteArray>{"a"};
    QTest::newRow("folded") << QByteArray("Subject: one\r\n\ttwo\r\n  three\r\nX: y\r\n\r\n") << QByteArray("Subject")
                            << QList<QByteArray>{"one two three"};
    QTest::newRow("repeated") << QByteArray("Received: a\r\nReceived: b\r\n\r\n") << QByteArray("received")
                              << QList<QByteArray>{"a", "b"};
    QTest::newRow("absent") << QByteArray("To: b\r\n\r\n") << QByteArray("Subject") << QList<QByteArray>{};
    QTest::newRow("no-body") << QByteArray("Subject: last") << QByteArray("Subject") << QList<QByteArray>{"last"};
}

void TestFaultsInjector::headerValuesUnfold()
{
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, name);
    QFETCH(QList<QByteArray>, values);
    QCOMPARE(headerValues(message, name), values);
}

QTEST_APPLESS_MAIN(TestFaultsInjector)
#include "tst_faultsinjector.moc"
