// Message tags: X-Tags at ingest, the Maintenance tasks, the tag list, and that no deletion
// leaves a message's tag rows or an unused tag name behind.
#include "storefixture.h"
#include "store/maintenance.h"
#include "store/reader.h"
#include "store/search.h"

#include <QSignalSpy>
#include <QSet>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

#include <optional>

using namespace Records;
using namespace Store;

class StoreTagsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { m_store.emplace(); }
    void cleanup() { m_store.reset(); }
    void xTagsAtIngest();
    void setTagsReplaces();
    void setTagsKeepsSpellingAndReportsChanges();
    void renameTag();
    void renameMergesIntoExistingTag();
    void renameRefusesEmptyName();
    void deleteTag();
    void removeLeavesNoOrphans();
    void removeAllLeavesNoOrphans();
    void retentionLeavesNoOrphans();
    void listedSummariesCarryTags();

private:
    qint64 store(const QByteArray &raw) { return m_store->storeOne(raw).id; }
    QList<QStringList> rows(const QString &sql); // every row, each as its columns' text
    QStringList tagsOf(qint64 id) { return Reader(m_store->path()).message(id)->tags; }

    std::optional<StoreFixture> m_store;
};

QList<QStringList> StoreTagsTest::rows(const QString &sql)
{
    Reader reader(m_store->path());
    QSqlQuery q(reader.connection());
    QList<QStringList> out;
    if (!q.exec(sql))
        qWarning("%s", qPrintable(sql));
    while (q.next()) {
        QStringList row;
        for (int i = 0; i < q.record().count(); ++i)
            row.append(q.value(i).toString());
        out.append(row);
    }
    return out;
}

void StoreTagsTest::xTagsAtIngest()
{
    const MessageSummary first = m_store->storeOne("X-Tags: Invoice, urgent\r\nSubject: a\r\n\r\n");
    QCOMPARE(first.tags, (QStringList{QStringLiteral("Invoice"), QStringLiteral("urgent")}));
    // The second spells a known tag differently: it gets the known spelling.
    const MessageSummary second = m_store->storeOne("X-Tags: INVOICE, Zeta\r\nSubject: b\r\n\r\n");
    QCOMPARE(second.tags, (QStringList{QStringLiteral("Invoice"), QStringLiteral("Zeta")}));
    QCOMPARE(rows(QStringLiteral("SELECT id, name FROM tags ORDER BY id")),
             (QList<QStringList>{{QStringLiteral("1"), QStringLiteral("Invoice")},
                                 {QStringLiteral("2"), QStringLiteral("urgent")},
                                 {QStringLiteral("3"), QStringLiteral("Zeta")}}));
    QCOMPARE(rows(QStringLiteral("SELECT message_id, tag_id FROM message_tags ORDER BY message_id, tag_id")),
             (QList<QStringList>{{QString::number(first.id), QStringLiteral("1")},
                                 {QString::number(first.id), QStringLiteral("2")},
                                 {QString::number(second.id), QStringLiteral("1")},
                                 {QString::number(second.id), QStringLiteral("3")}}));
    QCOMPARE(Reader(m_store->path()).tags(),
             (QStringList{QStringLiteral("Invoice"), QStringLiteral("urgent"), QStringLiteral("Zeta")}));
    QCOMPARE(tagsOf(second.id), second.tags);
}

void StoreTagsTest::setTagsReplaces()
{
    const qint64 a = store("X-Tags: old\r\nSubject: a\r\n\r\n");
    const qint64 b = store("Subject: b\r\n\r\n");
    const CommitBatch batch = m_store->perform(
        Maintenance::setTags({a, b, 999999}, {QStringLiteral(" new  one "), QStringLiteral("b@d!"), QStringLiteral("NEW one"),
                                               QStringLiteral("???")}));
    QCOMPARE(batch.tagsChanged, (QList<qint64>{a, b}));
    QCOMPARE(tagsOf(a), (QStringList{QStringLiteral("b d"), QStringLiteral("new one")}));
    QCOMPARE(tagsOf(b), tagsOf(a));
    QCOMPARE(Reader(m_store->path()).tags(), (QStringList{QStringLiteral("b d"), QStringLiteral("new one")}));

    const CommitBatch cleared = m_store->perform(Maintenance::setTags({a}, {}));
    QCOMPARE(cleared.tagsChanged, QList<qint64>{a});
    QVERIFY(tagsOf(a).isEmpty());
    QCOMPARE(rows(QStringLiteral("SELECT COUNT(*) FROM message_tags WHERE message_id = %1").arg(a)).first().first(),
             QStringLiteral("0"));
    m_store->perform(Maintenance::setTags({b}, {}));
    QVERIFY(Reader(m_store->path()).tags().isEmpty());
    QCOMPARE(rows(QStringLiteral("SELECT COUNT(*) FROM tags")).first().first(), QStringLiteral("0"));
}

void StoreTagsTest::setTagsKeepsSpellingAndReportsChanges()
{
    const qint64 a = store("X-Tags: Invoice\r\nSubject: a\r\n\r\n");
    const CommitBatch same = m_store->perform(Maintenance::setTags({a}, {QStringLiteral("invoice")}));
    QVERIFY(same.tagsChanged.isEmpty()); // nothing changed: no update to send
    QCOMPARE(tagsOf(a), QStringList{QStringLiteral("Invoice")});
    const CommitBatch added = m_store->perform(Maintenance::setTags({a}, {QStringLiteral("invoice"), QStringLiteral("x")}));
    QCOMPARE(added.tagsChanged, QList<qint64>{a});
    QCOMPARE(tagsOf(a), (QStringList{QStringLiteral("Invoice"), QStringLiteral("x")}));
}

void StoreTagsTest::renameTag()
{
    const qint64 a = store("X-Tags: draft, keep\r\nSubject: a\r\n\r\n");
    const qint64 b = store("X-Tags: Draft\r\nSubject: b\r\n\r\n");
    const qint64 c = store("X-Tags: keep\r\nSubject: c\r\n\r\n");
    const CommitBatch batch = m_store->perform(Maintenance::renameTag(QStringLiteral("DRAFT"), QStringLiteral("Final v2")));
    QCOMPARE(QSet<qint64>(batch.tagsChanged.begin(), batch.tagsChanged.end()), (QSet<qint64>{a, b}));
    QCOMPARE(tagsOf(a), (QStringList{QStringLiteral("Final v2"), QStringLiteral("keep")}));
    QCOMPARE(tagsOf(b), QStringList{QStringLiteral("Final v2")});
    QCOMPARE(tagsOf(c), QStringList{QStringLiteral("keep")});
    QCOMPARE(rows(QStringLiteral("SELECT name FROM tags ORDER BY id")),
             (QList<QStringList>{{QStringLiteral("Final v2")}, {QStringLiteral("keep")}}));
    // A change of case only is a rename too.
    m_store->perform(Maintenance::renameTag(QStringLiteral("keep"), QStringLiteral("Keep")));
    QCOMPARE(Reader(m_store->path()).tags(), (QStringList{QStringLiteral("Final v2"), QStringLiteral("Keep")}));
}

void StoreTagsTest::renameMergesIntoExistingTag()
{
    const qint64 a = store("X-Tags: one, two\r\nSubject: a\r\n\r\n");
    const qint64 b = store("X-Tags: one\r\nSubject: b\r\n\r\n");
    const CommitBatch batch = m_store->perform(Maintenance::renameTag(QStringLiteral("one"), QStringLiteral("TWO")));
    QCOMPARE(QSet<qint64>(batch.tagsChanged.begin(), batch.tagsChanged.end()), (QSet<qint64>{a, b}));
    QCOMPARE(tagsOf(a), QStringList{QStringLiteral("two")});
    QCOMPARE(tagsOf(b), QStringList{QStringLiteral("two")});
    QCOMPARE(rows(QStringLiteral("SELECT id, name FROM tags")),
             (QList<QStringList>{{QStringLiteral("2"), QStringLiteral("two")}}));
    QCOMPARE(rows(QStringLiteral("SELECT COUNT(*) FROM message_tags")).first().first(), QStringLiteral("2"));
}

void StoreTagsTest::renameRefusesEmptyName()
{
    const qint64 a = store("X-Tags: one\r\nSubject: a\r\n\r\n");
    QSignalSpy failed(&m_store->writer(), &Writer::writeFailed);
    const CommitBatch batch = m_store->perform(Maintenance::renameTag(QStringLiteral("one"), QStringLiteral("!!!")));
    QVERIFY(batch.tagsChanged.isEmpty());
    QTRY_COMPARE(failed.size(), 1);
    m_store->perform(Maintenance::renameTag(QStringLiteral("none such"), QStringLiteral("x")));
    QTRY_COMPARE(failed.size(), 2);
    QCOMPARE(tagsOf(a), QStringList{QStringLiteral("one")});
}

void StoreTagsTest::deleteTag()
{
    const qint64 a = store("X-Tags: one, two\r\nSubject: a\r\n\r\n");
    const qint64 b = store("X-Tags: One\r\nSubject: b\r\n\r\n");
    const CommitBatch batch = m_store->perform(Maintenance::deleteTag(QStringLiteral("ONE")));
    QCOMPARE(QSet<qint64>(batch.tagsChanged.begin(), batch.tagsChanged.end()), (QSet<qint64>{a, b}));
    QCOMPARE(tagsOf(a), QStringList{QStringLiteral("two")});
    QVERIFY(tagsOf(b).isEmpty());
    QCOMPARE(Reader(m_store->path()).tags(), QStringList{QStringLiteral("two")});
    QCOMPARE(rows(QStringLiteral("SELECT message_id FROM message_tags")), QList<QStringList>{{QString::number(a)}});
    QVERIFY(m_store->perform(Maintenance::deleteTag(QStringLiteral("ONE"))).tagsChanged.isEmpty());
}

void StoreTagsTest::removeLeavesNoOrphans()
{
    const qint64 a = store("X-Tags: shared, only a\r\nSubject: a\r\n\r\n");
    const qint64 b = store("X-Tags: shared\r\nSubject: b\r\n\r\n");
    m_store->perform(Maintenance::remove({a}));
    QCOMPARE(rows(QStringLiteral("SELECT message_id, name FROM message_tags JOIN tags ON tags.id = tag_id")),
             (QList<QStringList>{{QString::number(b), QStringLiteral("shared")}}));
    QCOMPARE(Reader(m_store->path()).tags(), QStringList{QStringLiteral("shared")});
    m_store->perform(Maintenance::remove(SearchQuery::parse(QStringLiteral("tag:shared"))));
    QVERIFY(rows(QStringLiteral("SELECT * FROM message_tags")).isEmpty());
    QVERIFY(rows(QStringLiteral("SELECT * FROM tags")).isEmpty());
}

void StoreTagsTest::removeAllLeavesNoOrphans()
{
    store("X-Tags: one, two\r\nSubject: a\r\n\r\n");
    store("X-Tags: three\r\nSubject: b\r\n\r\n");
    m_store->perform(Maintenance::removeAll());
    QVERIFY(rows(QStringLiteral("SELECT * FROM message_tags")).isEmpty());
    QVERIFY(rows(QStringLiteral("SELECT * FROM tags")).isEmpty());
    QVERIFY(Reader(m_store->path()).tags().isEmpty());
}

void StoreTagsTest::retentionLeavesNoOrphans()
{
    store("X-Tags: old, both\r\nSubject: a\r\n\r\n");
    store("X-Tags: old\r\nSubject: b\r\n\r\n");
    const qint64 kept = store("X-Tags: both\r\nSubject: c\r\n\r\n");
    m_store->writer().setRetention({.maxMessages = 1});
    m_store->perform(Maintenance::setSeen(QList<qint64>{}, true)); // any commit applies the limits
    QCOMPARE(rows(QStringLiteral("SELECT message_id FROM message_tags")), QList<QStringList>{{QString::number(kept)}});
    QCOMPARE(Reader(m_store->path()).tags(), QStringList{QStringLiteral("both")});
}

// Tags of listed messages come with the list's one query.
void StoreTagsTest::listedSummariesCarryTags()
{
    const qint64 a = store("X-Tags: b, A\r\nSubject: a\r\n\r\n");
    const qint64 b = store("Subject: b\r\n\r\n");
    Reader reader(m_store->path());
    const quint64 before = Reader::queriesOnThisThread();
    const QList<MessageSummary> list = reader.messages(SearchQuery::parse(QString()), 0, 10);
    QCOMPARE(Reader::queriesOnThisThread() - before, quint64(1));
    QCOMPARE(list.size(), 2);
    QCOMPARE(list.at(0).id, b);
    QVERIFY(list.at(0).tags.isEmpty());
    QCOMPARE(list.at(1).id, a);
    QCOMPARE(list.at(1).tags, (QStringList{QStringLiteral("A"), QStringLiteral("b")}));
}

QTEST_GUILESS_MAIN(StoreTagsTest)
#include "tst_storetags.moc"
