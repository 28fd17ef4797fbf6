#include "models/messagelistmodel.h"
#include "recordfixtures.h"
#include "storefixture.h"
#include "store/maintenance.h"
#include "store/reader.h"
#include "mime/listsummary.h"
#include "records/clock.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QFileInfo>
#include <QMimeData>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using Ui::MessageListModel;

// The message list: keyset pages, batched live inserts, filter in SQL, removals, read state.
class MessageListModelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void burstIsOneInsert();
    void liveBatchIsInsertedAsHanded();
    void pagesByKeyset();
    void liveInsertRespectsFilter();
    void filterFindsText();
    void removals();
    void clearedStoreEmptiesList();
    void seenState();
    void lateBatchAfterReloadIsNotDuplicated();
    void markers();
    void tags();
    void dragGivesEmlFiles();
    void dateAndCcColumns();
    void lintFoundLater();
    void textSearchDecidesWhenAnalysed();
};

void MessageListModelTest::burstIsOneInsert()
{
    StoreFixture store;
    MessageListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(store.path());
    QCOMPARE(model.rowCount(), 0);

    const QList<Records::MessageSummary> burst = store.storeNumbered(500);
    QCOMPARE(burst.size(), 500);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.addStored(burst);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(inserted.first().at(2).toInt(), 499);
    QCOMPARE(model.rowCount(), 500);
    QCOMPARE(model.idAt(0), burst.last().id); // newest first
    QCOMPARE(model.idAt(499), burst.first().id);
    QCOMPARE(model.data(model.index(0, MessageListModel::Subject), Qt::DisplayRole).toString(),
             QStringLiteral("Message 499"));
}

void MessageListModelTest::liveBatchIsInsertedAsHanded()
{
    StoreFixture store;
    const auto older = store.storeNumbered(3, "Old");
    MessageListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(store.path());
    QCOMPARE(model.rowCount(), 3);

    const auto batch = store.storeNumbered(25, "Live");
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    const quint64 queries = Store::Reader::queriesOnThisThread();
    model.addStored(batch);
    QCOMPARE(Store::Reader::queriesOnThisThread(), queries); // the batch is the rows: no SQL
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(inserted.first().at(2).toInt(), 24);
    QCOMPARE(model.rowCount(), 28);
    QCOMPARE(model.idAt(0), batch.last().id);
    QCOMPARE(model.idAt(24), batch.first().id);
    QCOMPARE(model.idAt(25), older.last().id);
    QCOMPARE(model.data(model.index(0, MessageListModel::Subject), Qt::DisplayRole).toString(), QStringLiteral("Live 24"));

    // Deleted before the batch that carries it is handed over: it stays out.
    const auto late = store.storeNumbered(4, "Late");
    model.applyRemovals(store.perform(Store::Maintenance::remove({late.at(1).id})));
    inserted.clear();
    model.addStored(late);
    QCOMPARE(Store::Reader::queriesOnThisThread(), queries);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(2).toInt(), 2);
    QCOMPARE(model.rowCount(), 31);
    QCOMPARE(model.rowOf(late.at(1).id), -1);
    QCOMPARE(model.idAt(0), late.last().id);
    QCOMPARE(model.idAt(2), late.first().id);
}

void MessageListModelTest::pagesByKeyset()
{
    StoreFixture store;
    const auto stored = store.storeNumbered(MessageListModel::kPageSize * 2 + 10);
    MessageListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(store.path());
    QCOMPARE(model.rowCount(), MessageListModel::kPageSize);
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    model.fetchMore({});
    QCOMPARE(model.rowCount(), stored.size());
    QVERIFY(!model.canFetchMore({}));
    for (int row = 1; row < model.rowCount(); ++row)
        QVERIFY(model.idAt(row) < model.idAt(row - 1));
    QCOMPARE(model.idAt(model.rowCount() - 1), stored.first().id);
    QCOMPARE(model.rowOf(stored.at(5).id), model.rowCount() - 6);
    QCOMPARE(model.rowOf(999999), -1);
}

void MessageListModelTest::liveInsertRespectsFilter()
{
    StoreFixture store;
    MessageListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(store.path());
    model.setFilter(QStringLiteral("subject:invoice"));
    QList<QByteArray> raws;
    for (int i = 0; i < 10; ++i)
        raws.append("Subject: " + QByteArray(i % 3 == 0 ? "Invoice " : "Hello ") + QByteArray::number(i) + "\r\n\r\nx\r\n");
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    const QList<Records::MessageSummary> batch = store.store(raws);
    const quint64 queries = Store::Reader::queriesOnThisThread();
    model.addStored(batch);
    QCOMPARE(Store::Reader::queriesOnThisThread(), queries + 1); // under a filter, one query per batch
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.rowCount(), 4); // 0, 3, 6, 9
    QCOMPARE(model.data(model.index(0, MessageListModel::Subject), Qt::DisplayRole).toString(), QStringLiteral("Invoice 9"));
}

void MessageListModelTest::filterFindsText()
{
    StoreFixture store;
    store.store({"Subject: Weekly report\r\n\r\nAll green.\r\n", "Subject: Alarm\r\n\r\nDisk almost full.\r\n"});
    MessageListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(store.path());
    QCOMPARE(model.rowCount(), 2);
    model.setFilter(QStringLiteral("disk"));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.at(0).subject, QStringLiteral("Alarm"));
    model.setFilter(QStringLiteral("\"all green\""));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.at(0).subject, QStringLiteral("Weekly report"));
    model.setFilter(QString());
    QCOMPARE(model.rowCount(), 2);
}

void MessageListModelTest::removals()
{
    StoreFixture store;
    const auto stored = store.storeNumbered(10);
    MessageListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(store.path());
    const Records::CommitBatch batch = store.perform(
        Store::Maintenance::remove({stored.at(9).id, stored.at(8).id, stored.at(4).id}));
    model.applyRemovals(batch);
    QCOMPARE(model.rowCount(), 7);
    QCOMPARE(model.rowOf(stored.at(4).id), -1);
    QCOMPARE(model.idAt(0), stored.at(7).id);

    Records::CommitBatch floor;
    floor.messagesRemovedUpTo = stored.at(2).id; // as retention reports it
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.applyRemovals(floor);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(model.rowCount(), 4); // 7, 6, 5, 3
    QCOMPARE(model.idAt(3), stored.at(3).id);
}

void MessageListModelTest::clearedStoreEmptiesList()
{
    StoreFixture store;
    store.storeNumbered(5);
    MessageListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(store.path());
    model.applyRemovals(store.perform(Store::Maintenance::removeAll()));
    QCOMPARE(model.rowCount(), 0);
    // New mail after a clear still appears: ids are never reused.
    model.addStored(store.storeNumbered(2, "After"));
    QCOMPARE(model.rowCount(), 2);
}

void MessageListModelTest::seenState()
{
    StoreFixture store;
    const auto stored = store.storeNumbered(3);
    MessageListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(store.path());
    const QModelIndex first = model.index(model.rowOf(stored.at(1).id), MessageListModel::Subject);
    QVERIFY(model.data(first, MessageListModel::UnreadRole).toBool());
    QVERIFY(model.data(first, Qt::FontRole).value<QFont>().bold());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setSeen({stored.at(1).id}, true);
    QCOMPARE(changed.size(), 1);
    QVERIFY(!model.data(first, MessageListModel::UnreadRole).toBool());
    model.setSeen({stored.at(1).id}, true);
    QCOMPARE(changed.size(), 1); // no change, no signal

    store.perform(Store::Maintenance::setSeen({stored.at(1).id}, true));
    model.setFilter(QStringLiteral("is:unread"));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(stored.at(1).id), -1);
}

void MessageListModelTest::lateBatchAfterReloadIsNotDuplicated()
{
    StoreFixture store;
    MessageListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(store.path());
    const auto batch = store.storeNumbered(3);
    model.reload(); // already sees the three
    model.addStored(batch); // the capture service's signal arrives afterwards
    QCOMPARE(model.rowCount(), 3);
}

void MessageListModelTest::markers()
{
    StoreFixture store;
    Records::MessageRecord m = Test::messageRecord("From: a@example.com\r\nSubject: secure\r\n\r\nx\r\n", 0, "a@example.com", {});
    m.summary.tls = true;
    m.summary.authUser = "alice";
    m.summary.attachments = 2;
    m.defects.append({"data-bare-lf", QStringLiteral("bare LF"), 1, 10});
    store.writer().storeMessage(m);
    store.flushBatches();
    MessageListModel model;
    model.setDatabase(store.path());
    const QModelIndex markers = model.index(0, MessageListModel::Markers);
    QCOMPARE(model.data(markers, MessageListModel::MarkersRole).toStringList(),
             (QStringList{QStringLiteral("tls"), QStringLiteral("auth"), QStringLiteral("att"), QStringLiteral("lint")}));
    const QString tip = model.data(markers, Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("alice")) && tip.contains(QStringLiteral("2 attachments")), qPrintable(tip));
}

void MessageListModelTest::tags()
{
    StoreFixture store;
    store.store({"X-Tags: urgent, Billing\r\nSubject: tagged\r\n\r\nx\r\n", "Subject: plain\r\n\r\nx\r\n"});
    MessageListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(store.path());
    QCOMPARE(model.headerData(MessageListModel::Tags, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("Tags"));
    QCOMPARE(model.data(model.index(1, MessageListModel::Tags), Qt::DisplayRole).toString(), QStringLiteral("Billing, urgent"));
    QCOMPARE(model.data(model.index(0, MessageListModel::Tags), Qt::DisplayRole).toString(), QString());
}

void MessageListModelTest::dragGivesEmlFiles()
{
    StoreFixture store;
    const QByteArray raw = "Subject: ../../etc/passwd\r\n\r\nexact bytes\n\r\n";
    const Records::MessageSummary stored = store.storeOne(raw);
    MessageListModel model;
    model.setDatabase(store.path());
    QVERIFY(model.flags(model.index(0, 0)) & Qt::ItemIsDragEnabled);
    std::unique_ptr<QMimeData> mime(model.mimeData({model.index(0, 0), model.index(0, 3)}));
    QVERIFY(mime);
    QCOMPARE(mime->urls().size(), 1);
    const QString path = mime->urls().first().toLocalFile();
    QCOMPARE(QFileInfo(path).fileName(), QStringLiteral("%1 .._.._etc_passwd.eml").arg(stored.id));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), raw);    // The bytes themselves too, for targets that take data (one message only: there is no
    // standard way to hand over several).
    QCOMPARE(mime->data(QStringLiteral("message/rfc822")), raw);
    QVERIFY(model.mimeTypes().contains(QStringLiteral("message/rfc822")));
    const Records::MessageSummary other = store.storeOne("Subject: two\r\n\r\nx\r\n");
    model.addStored({other});
    std::unique_ptr<QMimeData> both(model.mimeData({model.index(0, 0), model.index(1, 0)}));
    QCOMPARE(both->urls().size(), 2);
    QVERIFY(!both->hasFormat(QStringLiteral("message/rfc822")));
}

// The Date column shows the Date header in local time (as written when it is not a date, the
// header itself as the tooltip); the Cc column the Cc field, encoded words decoded.
void MessageListModelTest::dateAndCcColumns()
{
    StoreFixture store;
    const auto stored = store.store({"Subject: dated\r\nDate: Tue, 30 Jan 2024 10:00:00 +0000\r\n"
                                     "Cc: =?UTF-8?Q?J=C3=BCrgen?= <j@example.com>, ops@example.com\r\n\r\nx\r\n",
                                     "Subject: odd\r\nDate: last Tuesday\r\n\r\nx\r\n"});
    MessageListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(store.path());
    QCOMPARE(model.columnCount(), int(MessageListModel::ColumnCount));
    QCOMPARE(model.headerData(MessageListModel::Date, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("Date"));
    QCOMPARE(model.headerData(MessageListModel::Cc, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("Cc"));
    const int dated = model.rowOf(stored.at(0).id);
    const QDateTime local = QDateTime(QDate(2024, 1, 30), QTime(10, 0), QTimeZone::utc()).toLocalTime();
    QCOMPARE(model.data(model.index(dated, MessageListModel::Date), Qt::DisplayRole).toString(),
             local.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    QCOMPARE(model.data(model.index(dated, MessageListModel::Date), Qt::ToolTipRole).toString(),
             QStringLiteral("Tue, 30 Jan 2024 10:00:00 +0000"));
    QCOMPARE(model.data(model.index(dated, MessageListModel::Cc), Qt::DisplayRole).toString(),
             QStringLiteral("J\u00fcrgen <j@example.com>, ops@example.com"));
    const int odd = model.rowOf(stored.at(1).id);
    QCOMPARE(model.data(model.index(odd, MessageListModel::Date), Qt::DisplayRole).toString(), QStringLiteral("last Tuesday"));
    QCOMPARE(model.data(model.index(odd, MessageListModel::Cc), Qt::DisplayRole).toString(), QString());
}

void MessageListModelTest::lintFoundLater()
{
    StoreFixture store;
    const auto stored = store.storeNumbered(3);
    MessageListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(store.path());
    const int row = model.rowOf(stored.at(1).id);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.addAnalysed({{stored.at(1).id, 4}, {999999, 1}});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), row);
    QCOMPARE(model.at(row).lint, 4);
    QVERIFY(model.data(model.index(row, MessageListModel::Markers), MessageListModel::MarkersRole)
                .toStringList().contains(QStringLiteral("lint")));
}

void MessageListModelTest::textSearchDecidesWhenAnalysed()
{
    StoreFixture store;
    MessageListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(store.path());
    store.storeNumbered(2, "Older");
    model.setFilter(QStringLiteral("parcel"));
    QCOMPARE(model.rowCount(), 0);
    // The capture service published these before their bodies were indexed; the analysis
    // report then brings the ones whose body matches.
    QList<QPair<qint64, int>> report;
    for (const Records::MessageSummary &m : store.store({"Subject: a\r\n\r\nYour parcel left.\r\n",
                                                        "Subject: b\r\n\r\nNothing here.\r\n",
                                                        "Subject: c\r\n\r\nParcel delivered.\r\n"}))
        report.append({m.id, 0});
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.addAnalysed(report);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.at(0).subject, QStringLiteral("c"));
    QCOMPARE(model.at(1).subject, QStringLiteral("a"));
    model.addAnalysed(report); // again: nothing new
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(inserted.size(), 2);
}

QTEST_MAIN(MessageListModelTest)
#include "tst_messagelistmodel.moc"
