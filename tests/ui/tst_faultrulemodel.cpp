#include "models/faultrulemodel.h"

#include "faults/injector.h"

#include <QAbstractItemModelTester>
#include <QMimeData>
#include <QSignalSpy>
#include <QTest>

using Ui::FaultRuleModel;

namespace {

Faults::Plan plan(const QStringList &names)
{
    Faults::Plan p;
    for (const QString &name : names) {
        Faults::Rule r;
        r.name = name;
        r.stage = Faults::Stage::Rcpt;
        r.action.reply = Records::Reply::make(452, "4.2.2", "Mailbox full");
        p.rules.append(r);
    }
    return p;
}

} // namespace

class TestFaultRuleModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsShowTheRulesInWords();
    void moves_data();
    void moves();
    void dropMovesTheDraggedRow();
    void duplicateGetsAFreshName();
    void checkboxSwitchesTheRule();
    void hitsFollowTheInjector();
};

void TestFaultRuleModel::rowsShowTheRulesInWords()
{
    FaultRuleModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPlan(plan({QStringLiteral("full")}));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, FaultRuleModel::Name).data().toString(), QStringLiteral("full"));
    QCOMPARE(model.index(0, FaultRuleModel::Stage).data().toString(), QStringLiteral("rcpt"));
    QVERIFY2(model.index(0, FaultRuleModel::Rule).data().toString().contains(QLatin1String("452 4.2.2 Mailbox full")),
             qPrintable(model.index(0, FaultRuleModel::Rule).data().toString()));
    QCOMPARE(model.index(0, FaultRuleModel::Name).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
}

void TestFaultRuleModel::moves_data()
{
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("to");
    QTest::addColumn<QStringList>("order");
    QTest::newRow("first to end") << 0 << 3 << QStringList{QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("a")};
    QTest::newRow("last to top") << 2 << 0 << QStringList{QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("middle down one") << 1 << 3 << QStringList{QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("b")};
}

void TestFaultRuleModel::moves()
{
    QFETCH(int, from);
    QFETCH(int, to);
    QFETCH(QStringList, order);
    FaultRuleModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPlan(plan({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    QSignalSpy edited(&model, &FaultRuleModel::planEdited);
    QVERIFY(model.moveRows({}, from, 1, {}, to));
    QCOMPARE(model.names(), order);
    QCOMPARE(edited.size(), 1);
    QVERIFY(!model.moveRows({}, 0, 1, {}, 1)); // onto itself
}

void TestFaultRuleModel::dropMovesTheDraggedRow()
{
    FaultRuleModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPlan(plan({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    std::unique_ptr<QMimeData> data(model.mimeData({model.index(2, 0)}));
    model.dropMimeData(data.get(), Qt::MoveAction, 0, 0, {});
    QCOMPARE(model.names(), (QStringList{QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("b")}));
}

void TestFaultRuleModel::duplicateGetsAFreshName()
{
    FaultRuleModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPlan(plan({QStringLiteral("a"), QStringLiteral("a-2")}));
    model.duplicate(0);
    QCOMPARE(model.names(), (QStringList{QStringLiteral("a"), QStringLiteral("a-3"), QStringLiteral("a-2")}));
    QVERIFY(model.plan().problems().isEmpty());
    model.remove(1);
    QCOMPARE(model.names(), (QStringList{QStringLiteral("a"), QStringLiteral("a-2")}));
}

void TestFaultRuleModel::checkboxSwitchesTheRule()
{
    FaultRuleModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPlan(plan({QStringLiteral("a")}));
    QSignalSpy edited(&model, &FaultRuleModel::planEdited);
    QVERIFY(model.setData(model.index(0, FaultRuleModel::Name), Qt::Unchecked, Qt::CheckStateRole));
    QCOMPARE(model.plan().rules.first().enabled, false);
    QCOMPARE(edited.size(), 1);
}

void TestFaultRuleModel::hitsFollowTheInjector()
{
    FaultRuleModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPlan(plan({QStringLiteral("a"), QStringLiteral("b")}));
    Faults::Injector injector(model.plan());
    injector.beginSession(1);
    Faults::Context c;
    c.stage = Faults::Stage::Rcpt;
    c.session = 1;
    c.verb = "RCPT";
    c.argument = "x@example.com";
    QVERIFY(injector.decide(c).fired());
    QVERIFY(injector.decide(c).fired());
    model.setStats(injector.stats());
    QCOMPARE(model.index(0, FaultRuleModel::Hits).data().toLongLong(), 2);
    QCOMPARE(model.index(1, FaultRuleModel::Hits).data().toLongLong(), 0);
}

QTEST_GUILESS_MAIN(TestFaultRuleModel)
#include "tst_faultrulemodel.moc"
