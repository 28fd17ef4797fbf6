#include "faults/holdbroker.h"

#include <QSignalSpy>
#include <QTest>

using namespace Faults;

namespace {

HoldRequest rcptHold()
{
    HoldRequest r;
    r.session = 7;
    r.rule = QStringLiteral("ask");
    r.stage = Stage::Rcpt;
    r.command = "RCPT TO:<a@example.com>";
    r.defaultReply = Records::Reply::make(451, "4.3.0", "nobody answered");
    r.timeoutMs = 1000;
    return r;
}

} // namespace

class TestFaultsHold : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void answerResolves_data();
    void answerResolves();
    void timeoutSendsTheDefault();
    void firstResolutionWins_data();
    void firstResolutionWins();
    void illegalAnswerIsRefused();
    void cancelledHoldIsGone();
};

void TestFaultsHold::answerResolves_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QByteArray>("enhanced");
    QTest::newRow("refuse") << 550 << QByteArray("5.1.1");
    QTest::newRow("accept") << 250 << QByteArray("2.1.5");
    QTest::newRow("close") << 421 << QByteArray("4.3.2");
}

void TestFaultsHold::answerResolves()
{
    QFETCH(int, code);
    QFETCH(QByteArray, enhanced);
    HoldBroker broker;
    QSignalSpy requested(&broker, &HoldBroker::holdRequested);
    QSignalSpy resolved(&broker, &HoldBroker::holdResolved);
    const quint64 id = broker.request(rcptHold());
    QVERIFY(id > 0);
    QCOMPARE(requested.size(), 1);
    const auto request = requested.at(0).at(0).value<HoldRequest>();
    QCOMPARE(request.id, id);
    QCOMPARE(request.command, QByteArray("RCPT TO:<a@example.com>"));
    QCOMPARE(broker.pending().size(), 1);

    const Records::Reply answer = Records::Reply::make(code, enhanced, "chosen");
    QString error;
    QVERIFY2(broker.answer(id, answer, &error), qPrintable(error));
    QCOMPARE(resolved.size(), 1);
    QCOMPARE(resolved.at(0).at(0).value<quint64>(), id);
    QCOMPARE(resolved.at(0).at(1).value<Records::Reply>(), answer);
    QCOMPARE(resolved.at(0).at(2).toBool(), false);
    QVERIFY(broker.pending().isEmpty());
}

void TestFaultsHold::timeoutSendsTheDefault()
{
    HoldBroker broker;
    QSignalSpy resolved(&broker, &HoldBroker::holdResolved);
    const quint64 id = broker.request(rcptHold());
    QVERIFY(broker.expire(id));
    QCOMPARE(resolved.size(), 1);
    QCOMPARE(resolved.at(0).at(1).value<Records::Reply>(), rcptHold().defaultReply);
    QCOMPARE(resolved.at(0).at(2).toBool(), true);
}

void TestFaultsHold::firstResolutionWins_data()
{
    QTest::addColumn<bool>("answerFirst");
    QTest::newRow("answer-then-timeout") << true;
    QTest::newRow("timeout-then-answer") << false;
}

void TestFaultsHold::firstResolutionWins()
{
    QFETCH(bool, answerFirst);
    HoldBroker broker;
    QSignalSpy resolved(&broker, &HoldBroker::holdResolved);
    const quint64 id = broker.request(rcptHold());
    const Records::Reply answer = Records::Reply::make(550, "5.1.1", "no");
    QString error;
    if (answerFirst) {
        QVERIFY(broker.answer(id, answer));
        QVERIFY(!broker.expire(id));
    } else {
        QVERIFY(broker.expire(id));
        QVERIFY(!broker.answer(id, answer, &error));
        QVERIFY2(error.contains(QStringLiteral("no longer waiting")), qPrintable(error));
    }
    QCOMPARE(resolved.size(), 1);
    QCOMPARE(resolved.at(0).at(2).toBool(), !answerFirst);
}

void TestFaultsHold::illegalAnswerIsRefused()
{
    HoldBroker broker;
    QSignalSpy resolved(&broker, &HoldBroker::holdResolved);
    const quint64 id = broker.request(rcptHold());
    QString error;
    QVERIFY(!broker.answer(id, Records::Reply::make(354, "", "go on"), &error));
    QVERIFY2(error.contains(QStringLiteral("asks the client to go on")), qPrintable(error));
    QCOMPARE(resolved.size(), 0);
    QCOMPARE(broker.pending().size(), 1); // still waiting for a usable answer
}

void TestFaultsHold::cancelledHoldIsGone()
{
    HoldBroker broker;
    QSignalSpy resolved(&broker, &HoldBroker::holdResolved);
    const quint64 first = broker.request(rcptHold());
    const quint64 second = broker.request(rcptHold());
    QVERIFY(second != first);
    broker.cancel(first);
    QCOMPARE(broker.pending().size(), 1);
    QCOMPARE(broker.pending().first().id, second);
    QVERIFY(!broker.expire(first));
    QVERIFY(!broker.answer(first, Records::Reply::make(250, "", "ok")));
    QCOMPARE(resolved.size(), 0);
}

QTEST_GUILESS_MAIN(TestFaultsHold)
#include "tst_faultshold.moc"
