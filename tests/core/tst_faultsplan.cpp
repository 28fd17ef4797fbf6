#include "faults/plan.h"
#include "faults/validation.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Faults;

namespace {

Rule rule(const QString &name, Stage stage, Action action, Conditions when = {})
{
    Rule r;
    r.name = name;
    r.stage = stage;
    r.action = action;
    r.when = when;
    return r;
}

Action reply(int code, const QByteArray &enhanced, const QByteArray &text)
{
    Action a;
    a.type = ActionType::Reply;
    a.reply = Records::Reply::make(code, enhanced, text);
    return a;
}

Action of(ActionType type)
{
    Action a;
    a.type = type;
    return a;
}

} // namespace

class TestFaultsPlan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripKeepsEveryField();
    void parseErrors_data();
    void parseErrors();
    void seedForms_data();
    void seedForms();
    void replyLegality_data();
    void replyLegality();
    void ruleChecks_data();
    void ruleChecks();
    void saveAndLoad();
    void loadReportsThePath();
};

void TestFaultsPlan::roundTripKeepsEveryField()
{
    Plan plan;
    plan.description = QStringLiteral("every field");
    plan.seed = 18446744073709551615ULL; // above 2^53: kept exactly as a string
    Conditions when;
    when.argument = QStringLiteral("@example\\.com$");
    when.clients = {QStringLiteral("10.0.0.0/8"), QStringLiteral("::1")};
    when.nth = {1, 2};
    when.every = 3;
    when.scope = Scope::Overall;
    when.times = 4;
    when.probability = 12.5;
    when.newSessionsOnly = true;
    plan.rules.append(rule(QStringLiteral("all-conditions"), Stage::Rcpt, reply(452, "4.2.2", "Mailbox full"), when));
    Conditions message;
    message.size = Range{10, 2000};
    message.headerName = QStringLiteral("Subject");
    message.headerRegex = QStringLiteral("^test");
    plan.rules.append(rule(QStringLiteral("message"), Stage::EndOfData, of(ActionType::Drop), message));
    Conditions helo;
    helo.helo = QStringLiteral("^client\\.");
    helo.authUser = QStringLiteral("^alice$");
    Action delay = of(ActionType::Delay);
    delay.delayMs = {500, 1500};
    delay.reply = Records::Reply{451, "4.3.0", {"first line", "second line"}};
    plan.rules.append(rule(QStringLiteral("delay"), Stage::Mail, delay, helo));
    Action throttle = of(ActionType::Throttle);
    throttle.bytesPerSecond = {100, 100};
    plan.rules.append(rule(QStringLiteral("throttle"), Stage::Connect, throttle));
    plan.rules.append(rule(QStringLiteral("disconnect"), Stage::Helo, of(ActionType::Disconnect)));
    plan.rules.append(rule(QStringLiteral("close"), Stage::Any, of(ActionType::Close)));
    plan.rules.append(rule(QStringLiteral("hang"), Stage::Data, of(ActionType::Hang)));
    Action hold = of(ActionType::Hold);
    hold.holdTimeoutMs = 5000;
    hold.reply = Records::Reply::make(450, "4.2.0", "held");
    plan.rules.append(rule(QStringLiteral("hold"), Stage::Rcpt, hold));
    Action grey = of(ActionType::Greylist);
    grey.retryAfterSeconds = 5;
    plan.rules.append(rule(QStringLiteral("grey"), Stage::Rcpt, grey));
    Action rate = of(ActionType::RateLimit);
    rate.limit = 3;
    rate.windowSeconds = 10;
    rate.per = RatePer::Sender;
    rate.reply = Records::Reply::make(421, "4.7.0", "slow down");
    plan.rules.append(rule(QStringLiteral("rate"), Stage::Mail, rate));
    Action quota = of(ActionType::Quota);
    quota.quotaMessages = 2;
    quota.quotaBytes = 1000;
    plan.rules.append(rule(QStringLiteral("quota"), Stage::Rcpt, quota));
    plan.rules.last().enabled = false;
    QCOMPARE(plan.problems(), QStringList());

    QString error;
    const auto back = Plan::fromJson(plan.toJson(), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->toJson(), plan.toJson());
    QVERIFY(*back == plan);
}

void TestFaultsPlan::parseErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not-json") << QByteArray("{") << QStringLiteral("not valid JSON");
    QTest::newRow("not-object") << QByteArray("[]") << QStringLiteral("a fault plan is a JSON object");
    QTest::newRow("no-version") << QByteArray(R"({"rules": []})") << QStringLiteral("needs \"version\": 1");
    QTest::newRow("future-version") << QByteArray(R"({"version": 2, "rules": []})")
                                    << QStringLiteral("plan version 2 is not known");
    QTest::newRow("unknown-key") << QByteArray(R"({"version": 1, "rules": [], "rule": []})")
                                 << QStringLiteral("unknown key \"rule\"");
    QTest::newRow("no-rules") << QByteArray(R"({"version": 1})") << QStringLiteral("needs \"rules\"");
    QTest::newRow("bad-seed") << QByteArray(R"({"version": 1, "seed": -3, "rules": []})")
                              << QStringLiteral("seed must be a whole number");
    QTest::newRow("unknown-stage")
        << QByteArray(R"({"version": 1, "rules": [{"name": "a", "stage": "ehlo", "action": {"type": "close"}}]})")
        << QStringLiteral("stage must be one of");
    QTest::newRow("unknown-action")
        << QByteArray(R"({"version": 1, "rules": [{"name": "a", "stage": "rcpt", "action": {"type": "bounce"}}]})")
        << QStringLiteral("action.type must be one of");
    QTest::newRow("new-sessions-not-bool")
        << QByteArray(R"({"version": 1, "rules": [{"name": "a", "stage": "rcpt", "when": {"newSessionsOnly": 1},)"
                      R"( "action": {"type": "close"}}]})")
        << QStringLiteral("newSessionsOnly must be true or false");
    QTest::newRow("misspelt-condition")
        << QByteArray(R"({"version": 1, "rules": [{"name": "a", "stage": "rcpt", "when": {"probabilty": 5},)"
                      R"( "action": {"type": "close"}}]})")
        << QStringLiteral("unknown key \"probabilty\"");
    QTest::newRow("nth-not-number")
        << QByteArray(R"({"version": 1, "rules": [{"name": "a", "stage": "rcpt", "when": {"nth": ["x"]},)"
                      R"( "action": {"type": "close"}}]})")
        << QStringLiteral("nth must be a whole number");
    QTest::newRow("text-without-code")
        << QByteArray(R"({"version": 1, "rules": [{"name": "a", "stage": "rcpt", "action": {"type": "reply", "text": "x"}}]})")
        << QStringLiteral("a reply text needs a code");
    QTest::newRow("duplicate-names")
        << QByteArray(R"({"version": 1, "rules": [{"name": "a", "stage": "rcpt", "action": {"type": "close"}},)"
                      R"( {"name": "a", "stage": "mail", "action": {"type": "close"}}]})")
        << QStringLiteral("another rule has the same name");
    QTest::newRow("illegal-reply")
        << QByteArray(R"({"version": 1, "rules": [{"name": "a", "stage": "rcpt", "action": {"type": "reply", "code": 354}}]})")
        << QStringLiteral("rule \"a\": 354 asks the client to go on");
}

void TestFaultsPlan::parseErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    QString error;
    QVERIFY(!Plan::fromJson(json, &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
}

void TestFaultsPlan::seedForms_data()
{
    QTest::addColumn<QByteArray>("seed");
    QTest::addColumn<quint64>("expected");
    QTest::newRow("number") << QByteArray("42") << quint64(42);
    QTest::newRow("string") << QByteArray("\"42\"") << quint64(42);
    QTest::newRow("string-above-2^53") << QByteArray("\"18446744073709551615\"") << quint64(18446744073709551615ULL);
}

void TestFaultsPlan::seedForms()
{
    QFETCH(QByteArray, seed);
    QFETCH(quint64, expected);
    QString error;
    const auto plan = Plan::fromJson(R"({"version": 1, "seed": )" + seed + R"(, "rules": []})", &error);
    QVERIFY2(plan, qPrintable(error));
    QCOMPARE(plan->seed.value_or(0), expected);
}

void TestFaultsPlan::replyLegality_data()
{
    QTest::addColumn<QString>("stage");
    QTest::addColumn<int>("code");
    QTest::addColumn<QByteArray>("enhanced");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("reason"); // empty: legal

    const QByteArray t = "text";
    QTest::newRow("greeting-220") << "greeting" << 220 << QByteArray() << t << QString();
    QTest::newRow("greeting-554") << "greeting" << 554 << QByteArray("5.3.2") << t << QString();
    QTest::newRow("connect-421") << "connect" << 421 << QByteArray() << t << QString();
    QTest::newRow("greeting-450") << "greeting" << 450 << QByteArray() << t << "only 220, 421 or 554";
    QTest::newRow("helo-250") << "helo" << 250 << QByteArray() << t << QString();
    QTest::newRow("helo-550") << "helo" << 550 << QByteArray() << t << QString();
    QTest::newRow("helo-251") << "helo" << 251 << QByteArray() << t << "not the success reply";
    QTest::newRow("starttls-220") << "starttls" << 220 << QByteArray("2.0.0") << t << QString();
    QTest::newRow("starttls-454") << "starttls" << 454 << QByteArray("4.7.0") << t << QString();
    QTest::newRow("auth-235") << "auth" << 235 << QByteArray("2.7.0") << t << QString();
    QTest::newRow("auth-334") << "auth" << 334 << QByteArray() << t << "asks the client to go on";
    QTest::newRow("auth-535") << "auth" << 535 << QByteArray("5.7.8") << t << QString();
    QTest::newRow("mail-250") << "mail" << 250 << QByteArray("2.1.0") << t << QString();
    QTest::newRow("mail-451") << "mail" << 451 << QByteArray("4.7.1") << t << QString();
    QTest::newRow("rcpt-251") << "rcpt" << 251 << QByteArray() << t << QString();
    QTest::newRow("rcpt-452") << "rcpt" << 452 << QByteArray("4.2.2") << t << QString();
    QTest::newRow("rcpt-554-relay") << "rcpt" << 554 << QByteArray("5.7.1") << t << QString();
    QTest::newRow("rcpt-354") << "rcpt" << 354 << QByteArray() << t << "asks the client to go on";
    QTest::newRow("rcpt-221") << "rcpt" << 221 << QByteArray() << t << "not the success reply";
    QTest::newRow("data-354") << "data" << 354 << QByteArray() << t << QString();
    QTest::newRow("data-250") << "data" << 250 << QByteArray() << t << "not the success reply";
    QTest::newRow("data-554") << "data" << 554 << QByteArray() << t << QString();
    QTest::newRow("end-of-data-250") << "end-of-data" << 250 << QByteArray() << t << QString();
    QTest::newRow("end-of-data-354") << "end-of-data" << 354 << QByteArray() << t << "asks the client to go on";
    QTest::newRow("bdat-552") << "bdat" << 552 << QByteArray("5.3.4") << t << QString();
    QTest::newRow("rset-250") << "rset" << 250 << QByteArray() << t << QString();
    QTest::newRow("rset-450") << "rset" << 450 << QByteArray() << t << "answered only with 250";
    QTest::newRow("noop-500") << "noop" << 500 << QByteArray() << t << QString();
    QTest::newRow("vrfy-252") << "vrfy" << 252 << QByteArray() << t << QString();
    QTest::newRow("vrfy-550") << "vrfy" << 550 << QByteArray() << t << QString();
    QTest::newRow("quit-221") << "quit" << 221 << QByteArray() << t << QString();
    QTest::newRow("quit-421") << "quit" << 421 << QByteArray() << t << QString();
    QTest::newRow("quit-550") << "quit" << 550 << QByteArray() << t << "answered only with 221";
    QTest::newRow("any-421") << "any" << 421 << QByteArray("4.3.2") << t << QString();
    QTest::newRow("any-500") << "any" << 500 << QByteArray() << t << QString();
    QTest::newRow("any-250") << "any" << 250 << QByteArray() << t << "stage any covers every command";
    QTest::newRow("any-550") << "any" << 550 << QByteArray() << t << "stage any covers every command";
    QTest::newRow("code-199") << "rcpt" << 199 << QByteArray() << t << "first digit must be 2 to 5";
    QTest::newRow("code-600") << "rcpt" << 600 << QByteArray() << t << "first digit must be 2 to 5";
    QTest::newRow("code-460") << "rcpt" << 460 << QByteArray() << t << "second digit must be 0 to 5";
    QTest::newRow("enhanced-class") << "rcpt" << 550 << QByteArray("4.1.1") << t << "class must equal";
    QTest::newRow("enhanced-form") << "rcpt" << 550 << QByteArray("5.1") << t << "not an enhanced status code";
    QTest::newRow("enhanced-on-354") << "data" << 354 << QByteArray("3.0.0") << t << "not an enhanced status code";
    QTest::newRow("text-crlf") << "rcpt" << 550 << QByteArray() << QByteArray("a\r\n550 b") << "no line breaks";
    QTest::newRow("text-8bit") << "rcpt" << 550 << QByteArray() << QByteArray("caf\xc3\xa9") << "US-ASCII";
    QTest::newRow("text-too-long") << "rcpt" << 550 << QByteArray("5.0.0") << QByteArray(501, 'x') << "at most 512";
    QTest::newRow("text-longest") << "rcpt" << 550 << QByteArray("5.0.0") << QByteArray(500, 'x') << QString();
}

void TestFaultsPlan::replyLegality()
{
    QFETCH(QString, stage);
    QFETCH(int, code);
    QFETCH(QByteArray, enhanced);
    QFETCH(QByteArray, text);
    QFETCH(QString, reason);
    const QString why = checkReply(*stageFromName(stage), Records::Reply::make(code, enhanced, text));
    if (reason.isEmpty())
        QCOMPARE(why, QString());
    else
        QVERIFY2(why.contains(reason), qPrintable(why));
}

void TestFaultsPlan::ruleChecks_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("reason"); // empty: valid

    const auto r = [](const char *stage, const char *when, const char *action) -> QByteArray {
        return QByteArray(R"({"name": "r", "stage": ")") + stage + R"(", "when": )" + when + R"(, "action": )"
             + action + "}";
    };
    const char *close = R"({"type": "close"})";
    QTest::newRow("argument-at-rcpt") << r("rcpt", R"({"argument": "@x$"})", close) << QString();
    QTest::newRow("argument-at-greeting") << r("greeting", R"({"argument": "x"})", close) << "no command argument";
    QTest::newRow("argument-at-end") << r("end-of-data", R"({"argument": "x"})", close) << "no command argument";
    QTest::newRow("helo-at-connect") << r("connect", R"({"helo": "x"})", close) << "not sent EHLO/HELO yet";
    QTest::newRow("auth-at-helo") << r("helo", R"({"authUser": "x"})", close) << "cannot have authenticated";
    QTest::newRow("auth-at-mail") << r("mail", R"({"authUser": "x"})", close) << QString();
    QTest::newRow("size-at-rcpt") << r("rcpt", R"({"size": {"min": 1}})", close) << "need stage end-of-data";
    QTest::newRow("header-at-mail") << r("mail", R"({"header": {"name": "Subject", "matches": "x"}})", close)
                                    << "need stage end-of-data";
    QTest::newRow("size-reversed") << r("end-of-data", R"({"size": {"min": 10, "max": 5}})", close) << "above max";
    QTest::newRow("bad-regex") << r("rcpt", R"({"argument": "(x"})", close) << "not a valid regular expression";
    // Patterns run in linear time (RE2): what needs backtracking is refused when the plan loads.
    QTest::newRow("backreference") << r("rcpt", R"({"argument": "(a)\\1"})", close)
                                   << R"x(rule "r": argument "(a)\1" is not a valid regular expression)x";
    QTest::newRow("lookahead") << r("end-of-data", R"x({"header": {"name": "Subject", "matches": "a(?=b)"}})x", close)
                               << R"x(rule "r": header "a(?=b)" is not a valid regular expression)x";
    QTest::newRow("nested-quantifier") << r("end-of-data", R"x({"header": {"name": "Subject", "matches": "^(a+)+$"}})x", close)
                                       << QString();
    QTest::newRow("bad-client") << r("rcpt", R"({"client": "10.0.0.0/40"})", close) << "neither an address";
    QTest::newRow("client-name") << r("rcpt", R"({"client": "localhost"})", close) << "neither an address";
    QTest::newRow("client-v6-range") << r("rcpt", R"({"client": ["fd00::/8", "127.0.0.1"]})", close) << QString();
    QTest::newRow("nth-zero") << r("rcpt", R"({"nth": [0]})", close) << "counts from 1";
    QTest::newRow("probability-high") << r("rcpt", R"({"probability": 100.5})", close) << "from 0 to 100";
    QTest::newRow("probability-decimal") << r("rcpt", R"({"probability": 0.25})", close) << QString();
    QTest::newRow("reply-without-code") << r("rcpt", "{}", R"({"type": "reply"})") << "needs a code";
    QTest::newRow("drop-at-rcpt") << r("rcpt", "{}", R"({"type": "drop"})") << "stage end-of-data only";
    QTest::newRow("drop-not-250") << r("end-of-data", "{}", R"({"type": "drop", "code": 251})")
                                  << "replies 250";
    QTest::newRow("greylist-at-mail") << r("mail", "{}", R"({"type": "greylist"})") << "stage rcpt only";
    QTest::newRow("rate-at-rcpt") << r("rcpt", "{}", R"({"type": "rate-limit", "limit": 1})") << "stage mail only";
    QTest::newRow("quota-unlimited") << r("rcpt", "{}", R"({"type": "quota"})") << "messages or bytes above 0";
    QTest::newRow("disconnect-550") << r("mail", "{}", R"({"type": "disconnect", "code": 550})") << "replies 421";
    QTest::newRow("disconnect-text-only") << r("mail", "{}", R"({"type": "disconnect", "text": "Bye"})") << QString();
    QTest::newRow("greylist-text-only") << r("rcpt", "{}", R"({"type": "greylist", "text": "Come back later"})")
                                        << QString();
    QTest::newRow("close-with-code") << r("mail", "{}", R"({"type": "close", "code": 421})") << "takes no code";
    QTest::newRow("delay-reversed") << r("mail", "{}", R"({"type": "delay", "delayMs": [10, 5]})")
                                    << "min at most max";
    QTest::newRow("delay-with-illegal-reply")
        << r("rcpt", "{}", R"({"type": "delay", "delayMs": 5, "code": 354})") << "asks the client to go on";
    QTest::newRow("throttle-zero") << r("mail", "{}", R"({"type": "throttle", "bytesPerSecond": 0})")
                                   << "bytesPerSecond must be from 1";
    QTest::newRow("hold-zero") << r("rcpt", "{}", R"({"type": "hold", "timeoutMs": 0})") << "timeoutMs must be";
    QTest::newRow("hold-default-at-greeting") << r("greeting", "{}", R"({"type": "hold"})")
                                              << "only 220, 421 or 554";
    QTest::newRow("hold-at-greeting") << r("greeting", "{}", R"({"type": "hold", "code": 554})") << QString();
    QTest::newRow("bad-name") << QByteArray(R"({"name": "has space", "stage": "rcpt", "action": {"type": "close"}})")
                              << "rule name is 1 to 64";
}

void TestFaultsPlan::ruleChecks()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, reason);
    QString error;
    const auto plan = Plan::fromJson(R"({"version": 1, "rules": [)" + json + "]}", &error);
    if (reason.isEmpty()) {
        QVERIFY2(plan, qPrintable(error));
    } else {
        QVERIFY(!plan);
        QVERIFY2(error.contains(reason), qPrintable(error));
    }
}

void TestFaultsPlan::saveAndLoad()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Plan plan;
    plan.rules.append(rule(QStringLiteral("busy"), Stage::Rcpt, reply(450, "4.2.1", "Mailbox busy")));
    const QString path = dir.filePath(QStringLiteral("plan.json"));
    QString error;
    QVERIFY2(plan.save(path, &error), qPrintable(error));
    const auto loaded = Plan::load(path, &error);
    QVERIFY2(loaded, qPrintable(error));
    QVERIFY(*loaded == plan);
}

void TestFaultsPlan::loadReportsThePath()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("missing.json"));
    QString error;
    QVERIFY(!Plan::load(path, &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot read ") + path), qPrintable(error));
}

QTEST_APPLESS_MAIN(TestFaultsPlan)
#include "tst_faultsplan.moc"
