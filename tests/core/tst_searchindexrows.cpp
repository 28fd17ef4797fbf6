#include "recordfixtures.h"
#include "schemafixtures.h"
#include "storefixture.h"
#include "store/database.h"
#include "store/maintenance.h"
#include "store/reader.h"
#include "store/searchindex.h"
#include "store/writer.h"

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace Records;
using namespace Store;

namespace {

// Beyond the snippet's 250 characters, so the only copy of the words is the message's own.
const QByteArray kFiller = QByteArray("filler ").repeated(40);
const QByteArray kSentence = "The quokka smiled at noon near Rottnest.";

QByteArray quokkaMail(const QByteArray &subject)
{
    return "From: Ann <ann@example.com>\r\nTo: bob@example.org\r\nSubject: " + subject + "\r\n\r\n" + kFiller + "\r\n"
         + kSentence + "\r\n";
}

QList<qint64> ids(const QString &path, const QString &query)
{
    return Reader(path).ids(SearchQuery::parse(query));
}

// What the index itself holds for a word: the messages whose rows have it, whether or not the
// messages are still stored (searches join the messages table; this does not).
QList<qint64> rowsWithTerm(const QString &path, const QString &term)
{
    const QString name = uniqueConnectionName(QStringLiteral("vocab"));
    QList<qint64> out;
    {
        QString error;
        QSqlDatabase db = openConnection(path, name, Access::Write, &error);
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, message_fts, instance)")))
            return {-1};
        q.prepare(QStringLiteral("SELECT DISTINCT doc FROM temp.terms WHERE term = ? ORDER BY doc"));
        q.addBindValue(term);
        if (!q.exec())
            return {-1};
        while (q.next())
            out.append(q.value(0).toLongLong());
    }
    closeConnection(name);
    return out;
}

qint64 indexRows(const QString &path)
{
    Reader reader(path);
    QSqlQuery q(reader.connection());
    return q.exec(QStringLiteral("SELECT COUNT(*) FROM message_fts")) && q.next() ? q.value(0).toLongLong() : -1;
}

} // namespace

// The search index keeps tokens, not the text: rows are taken out exactly when their
// messages go, however they go, and older databases keep their search results.
class SearchIndexRowsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void indexKeepsNoCopyOfTheText();
    void deletingTakesTheRowOut_data();
    void deletingTakesTheRowOut();
    void indexingTwiceKeepsOneRow();
    void migrationFromVersion13KeepsResults();

private:
    std::optional<StoreFixture> m_store;
};

void SearchIndexRowsTest::init()
{
    m_store.emplace();
}

void SearchIndexRowsTest::cleanup()
{
    m_store.reset();
}

void SearchIndexRowsTest::indexKeepsNoCopyOfTheText()
{
    m_store->storeOne(quokkaMail("Marsupials"));
    m_store->writer().flushIndexed();
    m_store->writer().stop();
    const QString path = m_store->path();
    QCOMPARE(ids(path, QStringLiteral("rottnest")).size(), 1);
    QCOMPARE(ids(path, QStringLiteral("\"smiled at noon\"")).size(), 1);
    {
        const QString name = uniqueConnectionName(QStringLiteral("file"));
        QString error;
        QSqlDatabase db = openConnection(path, name, Access::Write, &error);
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM sqlite_schema WHERE name LIKE 'message_fts_content'")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 0);
        QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        q = QSqlQuery();
        db = QSqlDatabase();
        closeConnection(name);
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll().count(kSentence), 1); // the raw message's, and no other
}

void SearchIndexRowsTest::deletingTakesTheRowOut_data()
{
    QTest::addColumn<int>("how");
    QTest::newRow("by id") << 0;
    QTest::newRow("by search") << 1;
    QTest::newRow("by retention") << 2;
    QTest::newRow("everything") << 3;
}

void SearchIndexRowsTest::deletingTakesTheRowOut()
{
    QFETCH(int, how);
    const QString path = m_store->path();
    const qint64 gone = m_store->storeOne(quokkaMail("Leaving")).id;
    const qint64 kept = m_store->storeOne("Subject: Staying\r\n\r\nwombat\r\n").id;
    m_store->writer().flushIndexed();
    QCOMPARE(rowsWithTerm(path, QStringLiteral("quokka")), QList<qint64>{gone});
    QCOMPARE(rowsWithTerm(path, QStringLiteral("leaving")), QList<qint64>{gone});
    switch (how) {
    case 0:
        m_store->perform(Maintenance::remove(QList<qint64>{gone}));
        break;
    case 1:
        m_store->perform(Maintenance::remove(SearchQuery::parse(QStringLiteral("rottnest"))));
        break;
    case 2:
        m_store->writer().setRetention({.maxMessages = 2});
        m_store->storeOne("Subject: Later\r\n\r\nnumbat\r\n");
        break;
    default:
        m_store->perform(Maintenance::removeAll());
        break;
    }
    QVERIFY(ids(path, QStringLiteral("quokka")).isEmpty());
    // Gone from the index itself, not only hidden by the join with the messages.
    for (const char *word : {"quokka", "rottnest", "leaving", "filler", "ann"})
        QCOMPARE(rowsWithTerm(path, QLatin1String(word)), QList<qint64>{});
    const QList<qint64> wombat = how == 3 ? QList<qint64>{} : QList<qint64>{kept};
    QCOMPARE(rowsWithTerm(path, QStringLiteral("wombat")), wombat);
    QCOMPARE(ids(path, QStringLiteral("wombat")), wombat);
}

// Another process's writer may index a message already indexed here: the row is replaced,
// not doubled.
void SearchIndexRowsTest::indexingTwiceKeepsOneRow()
{
    const QString path = m_store->path();
    const qint64 id = m_store->storeOne(quokkaMail("Twice")).id;
    m_store->writer().flushIndexed();
    m_store->writer().stop();
    {
        const QString name = uniqueConnectionName(QStringLiteral("again"));
        QString error;
        QSqlDatabase db = openConnection(path, name, Access::Write, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("UPDATE analysis_progress SET last_id = 0")));
        q = QSqlQuery();
        db = QSqlDatabase();
        closeConnection(name);
    }
    QString error;
    QVERIFY2(m_store->writer().start(&error), qPrintable(error));
    m_store->writer().flushIndexed();
    QCOMPARE(indexRows(path), 1);
    QCOMPARE(rowsWithTerm(path, QStringLiteral("quokka")), QList<qint64>{id});
    m_store->perform(Maintenance::remove(QList<qint64>{id}));
    QCOMPARE(rowsWithTerm(path, QStringLiteral("quokka")), QList<qint64>{});
    QCOMPARE(indexRows(path), 0);
}

// A version 13 database, its index made by the analysis of the time: after the upgrade every
// search finds what it found, and deleting the message takes its row out.
void SearchIndexRowsTest::migrationFromVersion13KeepsResults()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("v13.sqlite"));
    const QString name = uniqueConnectionName(QStringLiteral("v13"));
    {
        QString error;
        QSqlDatabase db = Test::openAtVersion(path, name, 13, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        QSqlQuery q(db);
        for (const qint64 id : {7, 8}) {
            QVERIFY(q.prepare(QStringLiteral("INSERT INTO messages (id, received_us, mail_from, recipients, envelope,"
                                             " size, header_from, header_to, subject) VALUES (?, 1, 'ann@example.com',"
                                             " 'bob@example.org', '{}', 100, 'Ann <ann@example.com>', 'bob@example.org', ?)")));
            q.addBindValue(id);
            q.addBindValue(id == 7 ? QStringLiteral("Leaving") : QStringLiteral("Staying"));
            QVERIFY(q.exec());
            QVERIFY(q.prepare(QStringLiteral("INSERT INTO message_raw VALUES (?, ?)")));
            q.addBindValue(id);
            q.addBindValue(id == 7 ? quokkaMail("Leaving") : QByteArray("Subject: Staying\r\n\r\nwombat\r\n"));
            QVERIFY(q.exec());
            // What version 13's indexer wrote: the analysis of the stored message.
            QVERIFY(q.exec(analysisSelect() + QStringLiteral(" WHERE m.id = %1").arg(id)) && q.next());
            const IndexedText text = analyse(analysisRecord(q));
            QVERIFY(q.prepare(QStringLiteral("INSERT INTO message_fts (rowid, sender, recipients, cc, bcc, reply_to,"
                                             " subject, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")));
            for (const QVariant &value : QVariantList{id, text.sender, text.recipients, text.cc, text.bcc, text.replyTo,
                                                      text.subject, text.body})
                q.addBindValue(value);
            QVERIFY(q.exec());
        }
        QVERIFY(q.exec(QStringLiteral("UPDATE analysis_progress SET last_id = 8")));
        q = QSqlQuery();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    const QStringList queries{QStringLiteral("quokka"),          QStringLiteral("\"smiled at noon\""),
                              QStringLiteral("from:ann"),        QStringLiteral("to:bob@example.org"),
                              QStringLiteral("subject:staying"), QStringLiteral("wombat -subject:leaving"),
                              QStringLiteral("-quokka")};
    const QList<QList<qint64>> expected{{7}, {7}, {8, 7}, {8, 7}, {8}, {8}, {8}};
    QString error;
    QVERIFY2(Writer::upgrade(path, &error), qPrintable(error));
    for (qsizetype i = 0; i < queries.size(); ++i)
        QCOMPARE(ids(path, queries.at(i)), expected.at(i));
    {
        Reader reader(path);
        QSqlQuery q(reader.connection());
        QVERIFY(q.exec(QStringLiteral("SELECT name FROM sqlite_schema WHERE name LIKE 'message_fts%' ORDER BY name")));
        QStringList tables;
        while (q.next())
            tables.append(q.value(0).toString());
        QCOMPARE(tables, (QStringList{QStringLiteral("message_fts"), QStringLiteral("message_fts_config"),
                                      QStringLiteral("message_fts_data"), QStringLiteral("message_fts_docsize"),
                                      QStringLiteral("message_fts_idx"), QStringLiteral("message_fts_old_text")}));
        // Both rows were made by the analysis of today: no older text is kept for them.
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM message_fts_old_text")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    }
    Writer writer(path);
    QVERIFY2(writer.start(&error), qPrintable(error));
    writer.flushIndexed();
    QCOMPARE(indexRows(path), 2); // nothing was analysed again
    writer.perform(Maintenance::remove(QList<qint64>{7}));
    writer.stop(); // after what is queued
    QCOMPARE(rowsWithTerm(path, QStringLiteral("quokka")), QList<qint64>{});
    QCOMPARE(rowsWithTerm(path, QStringLiteral("wombat")), QList<qint64>{8});
}

QTEST_GUILESS_MAIN(SearchIndexRowsTest)
#include "tst_searchindexrows.moc"
