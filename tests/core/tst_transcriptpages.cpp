#include "longsession.h"
#include "storefixture.h"
#include "store/reader.h"
#include "store/transcriptchunk.h"
#include "store/transcriptpages.h"

#include <QSqlQuery>
#include <QTest>

#include <cmath>

using namespace Records;
using namespace Store;

// A session's transcript read a part at a time: what a part holds, in order, and that finding
// a message in a long connection decodes a few chunks, not the connection.
class TranscriptPagesTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void findsAMessageByDecodingFewChunks_data();
    void findsAMessageByDecodingFewChunks();
    void partsMatchTheWholeTranscript_data();
    void partsMatchTheWholeTranscript();
    void firstAndLast();
    void unknownMessage();
    void messagesOutOfOrderAreStillFound();

private:
    QList<TranscriptLine> whole() const { return Reader(m_store.path()).transcript(m_long.sessionId); }
    static QStringList texts(const QList<TranscriptLine> &lines)
    {
        QStringList out;
        for (const TranscriptLine &l : lines)
            out.append(QString::fromUtf8(l.data.trimmed()));
        return out;
    }

    StoreFixture m_store;
    Test::LongSession m_long;
    static constexpr int kMessages = 5000;
};

void TranscriptPagesTest::initTestCase()
{
    m_long = Test::writeLongSession(m_store.writer(), kMessages);
    QCOMPARE(m_long.messageIds.size(), kMessages);
}

void TranscriptPagesTest::findsAMessageByDecodingFewChunks_data()
{
    QTest::addColumn<int>("number");
    QTest::newRow("first") << 0;
    QTest::newRow("middle") << 2345;
    QTest::newRow("newest") << kMessages - 1;
}

void TranscriptPagesTest::findsAMessageByDecodingFewChunks()
{
    QFETCH(int, number);
    const Reader reader(m_store.path());
    TranscriptPages pages(reader.connection(), m_long.sessionId);
    QVERIFY(pages.chunkCount() > kMessages); // a commit per message, and one per 250
    const qint64 messageId = m_long.messageIds.at(number);
    const qint64 line = pages.lineOfMessage(messageId);
    QVERIFY(line > 0);
    const QList<TranscriptLine> found = pages.before(line + 1, 1);
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().id, line);
    QCOMPARE(found.first().messageId, messageId);
    QCOMPARE(found.first().kind, LineKind::DataSummary);
    // Its MAIL is the sixth line before it; its 250 the line after.
    QCOMPARE(pages.before(line, 6).first().data, QByteArray("MAIL FROM:<bulk@example.com>\r\n"));
    QCOMPARE(pages.after(line, 1).first().data, "250 2.0.0 Ok: queued as " + QByteArray::number(number) + "\r\n");
    // A binary search with a chunk or two at each step, and the few the parts read.
    const int bound = 2 * int(std::ceil(std::log2(double(pages.chunkCount())))) + 6;
    QVERIFY2(pages.chunksDecoded() <= bound, qPrintable(QStringLiteral("%1 chunks decoded").arg(pages.chunksDecoded())));
}

void TranscriptPagesTest::partsMatchTheWholeTranscript_data()
{
    QTest::addColumn<int>("at");   // index into the whole transcript
    QTest::addColumn<int>("count");
    QTest::newRow("start") << 0 << 30;
    QTest::newRow("across chunks") << 20'003 << 25;
    QTest::newRow("a page") << 15'000 << 500;
    QTest::newRow("end") << 5 + kMessages * 8 << 10;
}

void TranscriptPagesTest::partsMatchTheWholeTranscript()
{
    QFETCH(int, at);
    QFETCH(int, count);
    const QList<TranscriptLine> all = whole();
    QCOMPARE(all.size(), 5 + kMessages * 8 + 2); // the opening, eight lines a message, QUIT
    const Reader reader(m_store.path());
    TranscriptPages pages(reader.connection(), m_long.sessionId);
    const qint64 id = all.at(at).id;
    const QList<TranscriptLine> after = pages.after(id, count);
    QCOMPARE(texts(after), texts(all.mid(at + 1, count)));
    const QList<TranscriptLine> before = pages.before(id, count);
    QCOMPARE(texts(before), texts(all.mid(qMax(0, at - count), qMin(at, count))));
    for (qsizetype i = 0; i < after.size(); ++i)
        QCOMPARE(after.at(i).id, all.at(at + 1 + i).id);
    QCOMPARE(pages.hasBefore(id), at > 0);
    QCOMPARE(pages.hasAfter(id), at < all.size() - 1);
}

void TranscriptPagesTest::firstAndLast()
{
    const Reader reader(m_store.path());
    TranscriptPages pages(reader.connection(), m_long.sessionId);
    QCOMPARE(texts(pages.first(3)), QStringList({QStringLiteral("220 mailscope.test ESMTP"),
                                                 QStringLiteral("EHLO bulk.example"), QStringLiteral("250-mailscope.test")}));
    QCOMPARE(texts(pages.last(2)), QStringList({QStringLiteral("QUIT"), QStringLiteral("221 2.0.0 Bye")}));
    QVERIFY(pages.chunksDecoded() <= 4);
}

void TranscriptPagesTest::unknownMessage()
{
    const Reader reader(m_store.path());
    TranscriptPages pages(reader.connection(), m_long.sessionId);
    QCOMPARE(pages.lineOfMessage(m_long.messageIds.last() + 1000), 0);
    QCOMPARE(pages.lineOfMessage(0), 0);
    TranscriptPages none(reader.connection(), m_long.sessionId + 1000);
    QCOMPARE(none.chunkCount(), 0);
    QVERIFY(none.first(10).isEmpty());
    QVERIFY(none.last(10).isEmpty());
}

// Chunks whose message ids do not grow (as no writer of this build makes them) are searched
// one by one rather than missed.
void TranscriptPagesTest::messagesOutOfOrderAreStillFound()
{
    StoreFixture store;
    const Test::LongSession s = Test::writeLongSession(store.writer(), 1);
    store.writer().stop();
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("unordered"));
    {
        db.setDatabaseName(store.path());
        QVERIFY(db.open());
        qint64 previous = 0;
        for (const qint64 messageId : {90, 30, 70, 10, 50}) {
            const TranscriptLine l{0, 0, 0, 1000, LineKind::DataSummary, "data", messageId};
            QSqlQuery insert(db);
            insert.prepare(QStringLiteral("INSERT INTO transcript_chunks (session_id, prev_id, data) VALUES (?, ?, ?)"));
            insert.addBindValue(s.sessionId);
            insert.addBindValue(previous ? QVariant(previous) : QVariant());
            insert.addBindValue(TranscriptChunk::encode(&l, 1));
            QVERIFY(insert.exec());
            previous = insert.lastInsertId().toLongLong();
        }
        QSqlQuery chain(db);
        chain.prepare(QStringLiteral("UPDATE sessions SET last_chunk_id = ? WHERE id = ?"));
        chain.addBindValue(previous);
        chain.addBindValue(s.sessionId);
        QVERIFY(chain.exec());
        TranscriptPages pages(db, s.sessionId);
        QCOMPARE(pages.chunkCount(), 5);
        for (const qint64 messageId : {90, 30, 70, 10, 50}) {
            const qint64 line = pages.lineOfMessage(messageId);
            QVERIFY(line > 0);
            QCOMPARE(pages.before(line + 1, 1).first().messageId, messageId);
        }
        QCOMPARE(pages.lineOfMessage(20), 0);
    }
    db.close();
    db = {};
    QSqlDatabase::removeDatabase(QStringLiteral("unordered"));
}

QTEST_GUILESS_MAIN(TranscriptPagesTest)
#include "tst_transcriptpages.moc"
