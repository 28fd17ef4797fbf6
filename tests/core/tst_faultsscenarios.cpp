#include "faults/injector.h"
#include "faultsplans.h"
#include "faults/scenarios.h"

#include <QTest>

using namespace Faults;

namespace {

Context attempt(Stage stage, const QByteArray &client, const QByteArray &from, const QByteArray &argument, qint64 nowMs)
{
    Context c;
    c.stage = stage;
    c.session = 1;
    c.client = QHostAddress(QString::fromLatin1(client));
    c.mailFrom = from;
    c.argument = argument;
    c.nowMs = nowMs;
    return c;
}

QStringList words(const char *text)
{
    return QString::fromLatin1(text).split(QLatin1Char(' '));
}

} // namespace

class TestFaultsScenarios : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void greylistState_data();
    void greylistState();
    void greylistRule();
    void rateWindow_data();
    void rateWindow();
    void rateLimitRule_data();
    void rateLimitRule();
    void quotaRule_data();
    void quotaRule();
    void scenarioThatLetsThroughLetsLaterRulesDecide();
};

void TestFaultsScenarios::greylistState_data()
{
    // Attempts of triples at times (ms) with a 60 s retry delay: "triple@time", and what each gets.
    QTest::addColumn<QStringList>("attempts");
    QTest::addColumn<QString>("admitted");
    QTest::newRow("first-refused") << words("a@0") << "0";
    QTest::newRow("early-retry-refused") << words("a@0 a@30000 a@59999") << "000";
    QTest::newRow("retry-after-delay") << words("a@0 a@60000") << "01";
    QTest::newRow("passed-stays-passed") << words("a@0 a@60000 a@60001 a@900000") << "0111";
    QTest::newRow("early-retry-keeps-first-time") << words("a@0 a@50000 a@61000") << "001";
    QTest::newRow("triples-apart") << words("a@0 b@30000 a@60000 b@60000 b@90000") << "00101";
}

void TestFaultsScenarios::greylistState()
{
    QFETCH(QStringList, attempts);
    QFETCH(QString, admitted);
    Greylist greylist;
    QString seen;
    for (const QString &a : attempts) {
        const QStringList parts = a.split(QLatin1Char('@'));
        seen += greylist.admit(parts[0].toUtf8(), parts[1].toLongLong(), 60000) ? QLatin1Char('1') : QLatin1Char('0');
    }
    QCOMPARE(seen, admitted);
}

void TestFaultsScenarios::greylistRule()
{
    Injector injector(planOf(R"({"name": "grey", "stage": "rcpt", "action": {"type": "greylist", "retryAfterSeconds": 60}})"));
    const auto decide = [&](const char *client, const char *from, const char *to, qint64 ms) {
        return injector.decide(attempt(Stage::Rcpt, client, from, to, ms));
    };
    const Decision first = decide("192.0.2.1", "a@x", "b@y", 1000);
    QCOMPARE(first.kind, Decision::Kind::Reply);
    QCOMPARE(first.reply->code, 450);
    QCOMPARE(first.reply->enhanced, QByteArray("4.7.1"));
    QVERIFY2(first.detail.contains(QStringLiteral("greylisted: client 192.0.2.1, sender <a@x>, recipient <b@y>")),
             qPrintable(first.detail));
    QVERIFY(decide("192.0.2.1", "a@x", "b@y", 30000).fired());
    // Other recipient, sender or client: a triple of its own.
    QVERIFY(decide("192.0.2.1", "a@x", "c@y", 61000).fired());
    QVERIFY(decide("192.0.2.2", "a@x", "b@y", 61000).fired());
    QVERIFY(decide("192.0.2.1", "z@x", "b@y", 61000).fired());
    // The retry after 60 s passes; addresses compare without case.
    QVERIFY(!decide("192.0.2.1", "A@X", "b@Y", 61000).fired());
    QVERIFY(!decide("192.0.2.1", "a@x", "b@y", 62000).fired());
}

void TestFaultsScenarios::rateWindow_data()
{
    QTest::addColumn<QList<qint64>>("times");
    QTest::addColumn<QString>("admitted");
    // Two per 10 s.
    QTest::newRow("within-limit") << QList<qint64>{0, 1} << "11";
    QTest::newRow("third-refused") << QList<qint64>{0, 1, 2} << "110";
    QTest::newRow("window-slides") << QList<qint64>{0, 1, 2, 10000, 10001, 10002} << "110110";
    QTest::newRow("refusals-do-not-count") << QList<qint64>{0, 5000, 6000, 7000, 10000} << "11001";
}

void TestFaultsScenarios::rateWindow()
{
    QFETCH(QList<qint64>, times);
    QFETCH(QString, admitted);
    RateWindow window;
    QString seen;
    for (qint64 t : times)
        seen += window.admit("k", t, 2, 10000) ? QLatin1Char('1') : QLatin1Char('0');
    QCOMPARE(seen, admitted);
}

void TestFaultsScenarios::rateLimitRule_data()
{
    QTest::addColumn<QByteArray>("action");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("code");
    QTest::newRow("451") << QByteArray(R"({"type": "rate-limit", "limit": 2, "windowSeconds": 60})")
                         << int(Decision::Kind::Reply) << 451;
    QTest::newRow("421-closes") << QByteArray(R"({"type": "rate-limit", "limit": 2, "windowSeconds": 60,)"
                                              R"( "code": 421, "enhanced": "4.7.0", "text": "Too busy"})")
                                << int(Decision::Kind::Disconnect) << 421;
}

void TestFaultsScenarios::rateLimitRule()
{
    QFETCH(QByteArray, action);
    QFETCH(int, kind);
    QFETCH(int, code);
    Injector injector(planOf(R"({"name": "rate", "stage": "mail", "action": )" + action + "}"));
    const auto mail = [&](const char *client, qint64 ms) {
        return injector.decide(attempt(Stage::Mail, client, {}, "sender@x", ms));
    };
    QVERIFY(!mail("192.0.2.1", 0).fired());
    QVERIFY(!mail("192.0.2.1", 1000).fired());
    const Decision third = mail("192.0.2.1", 2000);
    QCOMPARE(int(third.kind), kind);
    QCOMPARE(third.reply->code, code);
    QVERIFY(!mail("192.0.2.2", 2000).fired()); // per client
    QVERIFY(!mail("192.0.2.1", 60000).fired()); // the window moved on
}

void TestFaultsScenarios::quotaRule_data()
{
    QTest::addColumn<QByteArray>("limits");
    QTest::addColumn<int>("messageSize");
    QTest::addColumn<QString>("accepted"); // RCPT admitted before each of 4 stored messages
    QTest::newRow("two-messages") << QByteArray(R"("messages": 2)") << 10 << "1100";
    QTest::newRow("25-octets") << QByteArray(R"("bytes": 25)") << 10 << "1110";
    QTest::newRow("either-limit") << QByteArray(R"("messages": 3, "bytes": 15)") << 10 << "1100";
}

void TestFaultsScenarios::quotaRule()
{
    QFETCH(QByteArray, limits);
    QFETCH(int, messageSize);
    QFETCH(QString, accepted);
    Injector injector(planOf(R"({"name": "quota", "stage": "rcpt", "action": {"type": "quota", )" + limits + "}}"));
    QString seen;
    for (int i = 0; i < 4; ++i) {
        const Decision d = injector.decide(attempt(Stage::Rcpt, "192.0.2.1", "a@x", "Full@Example.com", i));
        seen += d.fired() ? QLatin1Char('0') : QLatin1Char('1');
        if (d.fired()) {
            QCOMPARE(d.reply->code, 552);
            QCOMPARE(d.reply->enhanced, QByteArray("5.2.2"));
            QVERIFY(d.detail.startsWith(QStringLiteral("quota: <Full@Example.com> holds ")));
            continue;
        }
        Context stored = attempt(Stage::EndOfData, "192.0.2.1", "a@x", {}, i);
        stored.recipients = {"full@example.com", "other@example.com"};
        stored.size = messageSize;
        injector.messageStored(stored);
    }
    QCOMPARE(seen, accepted);
    QVERIFY(!injector.decide(attempt(Stage::Rcpt, "192.0.2.1", "a@x", "empty@example.com", 9)).fired());
}

void TestFaultsScenarios::scenarioThatLetsThroughLetsLaterRulesDecide()
{
    Injector injector(planOf(R"({"name": "grey", "stage": "rcpt", "action": {"type": "greylist", "retryAfterSeconds": 0}},)"
                             R"({"name": "after", "stage": "rcpt", "action": {"type": "reply", "code": 550}})"));
    QCOMPARE(injector.decide(attempt(Stage::Rcpt, "192.0.2.1", "a@x", "b@y", 0)).rule, QStringLiteral("grey"));
    QCOMPARE(injector.decide(attempt(Stage::Rcpt, "192.0.2.1", "a@x", "b@y", 0)).rule, QStringLiteral("after"));
}

QTEST_APPLESS_MAIN(TestFaultsScenarios)
#include "tst_faultsscenarios.moc"
