#include "models/sessionlistmodel.h"
#include "recordfixtures.h"
#include "storefixture.h"
#include "store/maintenance.h"
#include "records/clock.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using Ui::SessionListModel;

// The sessions list: live starts, facts of running sessions (HELO, TLS, user, faults) from
// their updates, activity from transcript lines, message counts, ends, removals.
class SessionListModelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsASessionLive();
    void pagesAndRemovals();
    void filtersLive();
};

void SessionListModelTest::followsASessionLive()
{
    StoreFixture store;
    SessionListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(store.path());

    Records::SessionRecord s = Test::sessionRecord();
    store.writer().startSession(s);
    const Records::CommitBatch started = store.flushBatches();
    QCOMPARE(started.started.size(), 1);
    model.addStarted(started.started);
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex outcome = model.index(0, SessionListModel::Outcome);
    QCOMPARE(model.data(outcome, Qt::DisplayRole).toString(), QStringLiteral("in progress"));
    QVERIFY(model.data(outcome, SessionListModel::InProgressRole).toBool());

    // The client's lines say it is active; its facts come from the session's updates, which
    // reach the row while the session is still in progress.
    store.writer().appendTranscript({{s.token, 0, 0, Records::nowUs(), Records::LineKind::Command, "EHLO client.example\r\n", 0}});
    model.addLines(store.flushBatches().lines);
    QCOMPARE(model.data(model.index(0, SessionListModel::Helo), Qt::DisplayRole).toString(), QString());
    s.helo = "client.example";
    s.tls.insert(QStringLiteral("version"), QStringLiteral("TLSv1.3"));
    s.tls.insert(QStringLiteral("cipher"), QStringLiteral("TLS_AES_256_GCM_SHA384"));
    s.authUser = "alice";
    s.faultRules = {{QStringLiteral("slow"), 2}};
    store.writer().updateSession(s);
    const Records::CommitBatch updated = store.flushBatches();
    QCOMPARE(updated.updated.size(), 1);
    QVERIFY(updated.ended.isEmpty());
    {
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.addUpdated(updated.updated);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 0);
    }
    QCOMPARE(model.data(model.index(0, SessionListModel::Helo), Qt::DisplayRole).toString(),
             QStringLiteral("client.example"));
    QCOMPARE(model.data(model.index(0, SessionListModel::Tls), Qt::DisplayRole).toString(), QStringLiteral("TLSv1.3"));
    QCOMPARE(model.data(model.index(0, SessionListModel::Auth), Qt::DisplayRole).toString(), QStringLiteral("alice"));
    QCOMPARE(model.data(model.index(0, SessionListModel::Faults), Qt::DisplayRole).toString(), QStringLiteral("slow ×2"));
    QCOMPARE(model.data(outcome, Qt::DisplayRole).toString(), QStringLiteral("in progress"));

    const auto messages = store.store({"Subject: a\r\n\r\nx\r\n"}, s.token);
    model.addMessages(messages);
    QCOMPARE(model.data(model.index(0, SessionListModel::Messages), Qt::DisplayRole).toInt(), 1);

    s.outcome = Records::Outcome::Delivered;
    s.messageCount = 1;
    s.helo = "client.example";
    s.endedUs = Records::nowUs();
    store.writer().updateSession(s);
    const Records::CommitBatch ended = store.flushBatches();
    QCOMPARE(ended.ended.size(), 1);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.addEnded(ended.ended);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.data(outcome, Qt::DisplayRole).toString(), QStringLiteral("delivered"));
    QCOMPARE(model.data(model.index(0, SessionListModel::Messages), Qt::DisplayRole).toInt(), 1);
}

void SessionListModelTest::pagesAndRemovals()
{
    StoreFixture store;
    QList<Records::SessionRecord> sessions;
    for (int i = 0; i < SessionListModel::kPageSize + 5; ++i) {
        Records::SessionRecord s = Test::sessionRecord();
        store.writer().startSession(s);
        s.outcome = i == 0 ? Records::Outcome::InProgress : Records::Outcome::Quit;
        if (i != 0)
            store.writer().updateSession(s);
        sessions.append(s);
    }
    store.flushBatches();
    SessionListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(store.path());
    QCOMPARE(model.rowCount(), SessionListModel::kPageSize);
    model.fetchMore({});
    QCOMPARE(model.rowCount(), SessionListModel::kPageSize + 5);
    const qint64 oldest = model.at(model.rowCount() - 1).id;

    model.applyRemovals(store.perform(Store::Maintenance::removeAll()));
    QCOMPARE(model.rowCount(), 1); // the session still in progress
    QCOMPARE(model.at(0).id, oldest);
}

// Under a filter the list holds only matching sessions; a running session joins it when an
// update makes it match and leaves it when it stops matching.
void SessionListModelTest::filtersLive()
{
    StoreFixture store;
    SessionListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(store.path());

    Records::SessionRecord rejected = Test::sessionRecord();
    rejected.clientAddress = QStringLiteral("198.51.100.7");
    store.writer().startSession(rejected);
    rejected.outcome = Records::Outcome::Rejected;
    rejected.endedUs = Records::nowUs();
    store.writer().updateSession(rejected);
    Records::SessionRecord running = Test::sessionRecord();
    store.writer().startSession(running);
    store.flushBatches();

    model.setFilter(QStringLiteral("client:198.51"));
    QCOMPARE(model.filterText(), QStringLiteral("client:198.51"));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.data(model.index(0, SessionListModel::Client), Qt::DisplayRole).toString().left(12),
             QStringLiteral("198.51.100.7"));

    model.setFilter(QStringLiteral("helo:relay"));
    QCOMPARE(model.rowCount(), 0);
    running.helo = "relay.example";
    store.writer().updateSession(running);
    model.addUpdated(store.flushBatches().updated);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.data(model.index(0, SessionListModel::Helo), Qt::DisplayRole).toString(), QStringLiteral("relay.example"));

    model.setFilter(QStringLiteral("is:open"));
    QCOMPARE(model.rowCount(), 1);
    running.outcome = Records::Outcome::Quit;
    running.endedUs = Records::nowUs();
    store.writer().updateSession(running);
    model.addEnded(store.flushBatches().ended);
    QCOMPARE(model.rowCount(), 0);

    Records::SessionRecord next = Test::sessionRecord();
    store.writer().startSession(next);
    model.addStarted(store.flushBatches().started);
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(model.data(model.index(0, SessionListModel::Outcome), SessionListModel::InProgressRole).toBool());

    model.setFilter(QString());
    QCOMPARE(model.rowCount(), 3);
}

QTEST_MAIN(SessionListModelTest)
#include "tst_sessionlistmodel.moc"
