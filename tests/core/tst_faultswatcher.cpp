#include "faults/injector.h"
#include "faults/planwatcher.h"
#include "faultsplans.h"

#include <QFile>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Faults;

namespace {

QByteArray planJson(const char *name)
{
    return planOf(QByteArray(R"({"name": ")") + name + R"(", "stage": "rcpt", "action": {"type": "close"}})").toJson();
}

bool writeInPlace(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

bool writeByRename(const QString &path, const QByteArray &content)
{
    QSaveFile file(path); // what most editors do: write a new file, rename it over the old one
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size() && file.commit();
}

// A plan file with one rule, and an injector running the plan loaded from it.
struct PlanFile
{
    explicit PlanFile(const char *rule)
    {
        QVERIFY(writeInPlace(path, planJson(rule)));
        injector = std::make_shared<Injector>(*Plan::load(path, nullptr));
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("plan.json"));
    std::shared_ptr<Injector> injector;
};

} // namespace

class TestFaultsWatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reloadsAChangedFile_data();
    void reloadsAChangedFile();
    void brokenFileKeepsThePlan();
    void fileSavedBeforeTheWatchStarts();
    void unchangedFileIsNotReloaded();
};

void TestFaultsWatcher::reloadsAChangedFile_data()
{
    QTest::addColumn<bool>("byRename");
    QTest::newRow("written-in-place") << false;
    QTest::newRow("replaced-by-rename") << true;
}

void TestFaultsWatcher::reloadsAChangedFile()
{
    QFETCH(bool, byRename);
    PlanFile file("first");
    PlanWatcher watcher(file.path, file.injector);
    QSignalSpy reloaded(&watcher, &PlanWatcher::reloaded);
    for (const char *name : {"second", "third"}) { // the watch survives each save
        QVERIFY(byRename ? writeByRename(file.path, planJson(name)) : writeInPlace(file.path, planJson(name)));
        QVERIFY(reloaded.wait(5000));
        QCOMPARE(file.injector->plan().rules.first().name, QString::fromLatin1(name));
    }
}

// Saved after the plan in force was loaded and before the watch began: still picked up.
void TestFaultsWatcher::fileSavedBeforeTheWatchStarts()
{
    PlanFile file("loaded");
    QVERIFY(writeInPlace(file.path, planJson("saved-meanwhile")));
    PlanWatcher watcher(file.path, file.injector);
    QSignalSpy reloaded(&watcher, &PlanWatcher::reloaded);
    QVERIFY(reloaded.wait(5000));
    QCOMPARE(file.injector->plan().rules.first().name, QStringLiteral("saved-meanwhile"));
}

void TestFaultsWatcher::unchangedFileIsNotReloaded()
{
    PlanFile file("steady");
    PlanWatcher watcher(file.path, file.injector);
    QSignalSpy reloaded(&watcher, &PlanWatcher::reloaded);
    QVERIFY(!reloaded.wait(PlanWatcher::kSettleMs * 3));
}

void TestFaultsWatcher::brokenFileKeepsThePlan()
{
    PlanFile file("good");
    PlanWatcher watcher(file.path, file.injector);
    QSignalSpy failed(&watcher, &PlanWatcher::reloadFailed);
    QSignalSpy reloaded(&watcher, &PlanWatcher::reloaded);
    QVERIFY(writeInPlace(file.path, R"({"version": 1, "rules": [{"name": "bad", "stage": "rcpt",)"));
    QVERIFY(failed.wait(5000));
    QVERIFY2(failed.first().first().toString().contains(QStringLiteral("not valid JSON")),
             qPrintable(failed.first().first().toString()));
    QCOMPARE(file.injector->plan().rules.first().name, QStringLiteral("good"));
    QVERIFY(writeInPlace(file.path, planJson("fixed")));
    QVERIFY(reloaded.wait(5000));
    QCOMPARE(file.injector->plan().rules.first().name, QStringLiteral("fixed"));
    QCOMPARE(failed.size(), 1);
}

QTEST_GUILESS_MAIN(TestFaultsWatcher)
#include "tst_faultswatcher.moc"
