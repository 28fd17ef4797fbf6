#include "records/clock.h"
#include "store/batchwriter.h"
#include "store/database.h"
#include "store/maintenance.h"
#include "store/reader.h"
#include "store/schema.h"
#include "store/transcriptchunk.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Records;
using namespace Store;

// Transcript lines are stored packed: the lines of one commit for one session in one row.
class TranscriptChunksTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); m_path = m_dir.filePath(QStringLiteral("t%1.sqlite").arg(++m_n)); }
    void roundTripsExactBytes();
    void refusesDamagedChunks();
    void oneRowPerSessionAndBatch();
    void floodsSplitIntoSeveralRows();
    void migrationPacksOldRows();
    void migrationChainsEachSessionsRows();
    void removalFollowsTheChains();

private:
    // A plain connection (no Mailscope settings) to a new database with the schema of `version`.
    QSqlDatabase openAt(const QString &name, int version) const
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_path);
        QString error;
        if (!db.open() || !Schema::createAtVersion(db, version, &error))
            qWarning("cannot create a database at version %d: %s", version, qPrintable(error));
        return db;
    }

    static SessionRecord session()
    {
        SessionRecord s;
        s.token = newToken();
        return s;
    }

    static qint64 count(const QSqlDatabase &db, const QString &sql)
    {
        QSqlQuery q(db);
        return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
    }

    QTemporaryDir m_dir;
    QString m_path;
    int m_n = 0;
};

void TranscriptChunksTest::roundTripsExactBytes()
{
    const QList<TranscriptLine> lines = {
        {0, 0, 0, 1'700'000'000'000'000, Direction::Server, "220 hi\r\n", 0},
        {0, 0, 0, 1'700'000'000'000'250, Direction::Client, QByteArray("EH\0LO \xff\xfe\r", 10), 0},
        {0, 0, 0, 1'699'999'999'999'000, Direction::Note, QByteArray(), 77}, // earlier than the line before
        {0, 0, 0, 1'700'000'000'000'250, Direction::Client, QByteArray(300, 'x'), 0},
    };
    const QByteArray chunk = TranscriptChunk::encode(lines.constData(), lines.size());
    QList<TranscriptLine> out;
    QVERIFY(TranscriptChunk::decode(chunk, 3, 12, &out));
    QCOMPARE(out.size(), lines.size());
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QCOMPARE(out[i].data, lines[i].data);
        QCOMPARE(out[i].timeUs, lines[i].timeUs);
        QCOMPARE(out[i].direction, lines[i].direction);
        QCOMPARE(out[i].messageId, lines[i].messageId);
        QCOMPARE(out[i].sessionId, 12);
        QCOMPARE(out[i].id, 3 * TranscriptChunk::kLineSlots + i);
    }
}

void TranscriptChunksTest::refusesDamagedChunks()
{
    const QList<TranscriptLine> lines = {{0, 0, 0, 5, Direction::Server, "250 ok\r\n", 0},
                                         {0, 0, 0, 9, Direction::Client, "QUIT\r\n", 0}};
    const QByteArray chunk = TranscriptChunk::encode(lines.constData(), lines.size());
    QList<TranscriptLine> out;
    QVERIFY(!TranscriptChunk::decode(chunk.left(chunk.size() - 1), 1, 1, &out)); // the last line cut short
    QCOMPARE(out.size(), 1);                                                      // the first one survives
    QCOMPARE(out[0].data, QByteArray("250 ok\r\n"));
    out.clear();
    QByteArray unknownFormat = chunk;
    unknownFormat[0] = 2;
    QVERIFY(!TranscriptChunk::decode(unknownFormat, 1, 1, &out));
    QVERIFY(out.isEmpty());
    QByteArray badDirection = chunk;
    badDirection[2] = 7;
    QVERIFY(!TranscriptChunk::decode(badDirection, 1, 1, &out));
}

// Lines of two sessions interleaved in one batch, with a message between: two rows, and the
// lines keep their order both in the batch's report and when read back.
void TranscriptChunksTest::oneRowPerSessionAndBatch()
{
    const QString name = uniqueConnectionName(QStringLiteral("test"));
    {
        QString error;
        QSqlDatabase db = openConnection(m_path, name, Access::Migrate, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        BatchWriter batch(db);
        SessionRecord a = session(), b = session();
        a.startedUs = b.startedUs = 1000;
        MessageRecord m;
        m.token = newToken();
        m.sessionToken = a.token;
        m.raw = "Subject: x\r\n\r\nbody\r\n";
        m.summary.receivedUs = 1500;
        m.dataNote = QStringLiteral("Message data (DATA): 20 octets");
        const auto line = [](quint64 token, qint64 t, Direction d, const QByteArray &data) {
            return TranscriptLine{token, 0, 0, t, d, data, 0};
        };
        const QList<WriteItem> items = {
            {.kind = WriteItem::Kind::Start, .session = a},
            {.kind = WriteItem::Kind::Start, .session = b},
            {.kind = WriteItem::Kind::Lines, .lines = {line(a.token, 1100, Direction::Client, "DATA\r\n")}},
            {.kind = WriteItem::Kind::Lines, .lines = {line(b.token, 1200, Direction::Client, "EHLO b\r\n"),
                                                       line(b.token, 1201, Direction::Server, "250 b\r\n")}},
            {.kind = WriteItem::Kind::Lines, .lines = {line(a.token, 1300, Direction::Server, "354 go\r\n")}},
            {.kind = WriteItem::Kind::Message, .message = m},
        };
        CommitBatch out;
        QVERIFY2(batch.write(items, 0, out, &error), qPrintable(error));
        QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM transcript_chunks")), 2);
        QCOMPARE(out.messages.size(), 1);
        QStringList reported;
        for (const TranscriptLine &l : std::as_const(out.lines))
            reported.append(QString::fromUtf8(l.data.trimmed()));
        QCOMPARE(reported, QStringList({QStringLiteral("DATA"), QStringLiteral("EHLO b"), QStringLiteral("250 b"),
                                        QStringLiteral("354 go"), QStringLiteral("Message data (DATA): 20 octets")}));
        QVERIFY(out.lines[0].id < out.lines[3].id && out.lines[3].id < out.lines[4].id);
        QCOMPARE(out.lines[4].messageId, out.messages[0].id);

        // A second batch for session a: a new row whose lines come after the first row's.
        CommitBatch next;
        QVERIFY(batch.write({{.kind = WriteItem::Kind::Lines,
                              .lines = {line(a.token, 1600, Direction::Server, "250 queued\r\n")}}},
                            0, next, &error));
        QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM transcript_chunks")), 3);

        Reader reader(m_path);
        const QList<TranscriptLine> readA = reader.transcript(out.started[0].id);
        QCOMPARE(readA.size(), 4);
        QCOMPARE(readA[0].id, out.lines[0].id);
        QCOMPARE(readA[1].data, QByteArray("354 go\r\n"));
        QCOMPARE(readA[2].messageId, out.messages[0].id);
        QCOMPARE(readA[2].timeUs, 1500);
        QCOMPARE(readA[3].data, QByteArray("250 queued\r\n"));
        QCOMPARE(readA[3].id, next.lines[0].id);
        QVERIFY(readA[3].id > readA[2].id);
        QCOMPARE(reader.transcript(out.started[1].id).size(), 2);
    }
    closeConnection(name);
}

// A row holds at most kLineSlots lines and about a mebibyte; the lines still read back in order.
void TranscriptChunksTest::floodsSplitIntoSeveralRows()
{
    const QString name = uniqueConnectionName(QStringLiteral("test"));
    {
        QString error;
        QSqlDatabase db = openConnection(m_path, name, Access::Migrate, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        BatchWriter batch(db);
        const SessionRecord s = session();
        QList<TranscriptLine> many, big;
        for (qint64 i = 0; i < TranscriptChunk::kLineSlots + 10; ++i)
            many.append({s.token, 0, 0, i, Direction::Client, QByteArray::number(i), 0});
        for (int i = 0; i < 3; ++i)
            big.append({s.token, 0, 0, 100'000 + i, Direction::Server, QByteArray(600 * 1024, char('a' + i)), 0});
        CommitBatch out;
        QVERIFY2(batch.write({{.kind = WriteItem::Kind::Start, .session = s},
                              {.kind = WriteItem::Kind::Lines, .lines = many},
                              {.kind = WriteItem::Kind::Lines, .lines = big}},
                             0, out, &error),
                 qPrintable(error));
        // 65,536 lines; 10 lines and a 600 KiB one; then one row for each of the other two.
        QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM transcript_chunks")), 4);
        const QList<TranscriptLine> read = Reader(m_path).transcript(out.started[0].id);
        QCOMPARE(read.size(), many.size() + big.size());
        for (qsizetype i = 0; i < read.size(); ++i) {
            QCOMPARE(read[i].id, out.lines[i].id);
            QCOMPARE(read[i].data, out.lines[i].data);
            QVERIFY(i == 0 || read[i].id > read[i - 1].id);
        }
    }
    closeConnection(name);
}

// A database from before the packing keeps every line, in order, with its bytes and links.
void TranscriptChunksTest::migrationPacksOldRows()
{
    const QString name = uniqueConnectionName(QStringLiteral("test"));
    {
        QSqlDatabase db = openAt(name, 6);
        QCOMPARE(Schema::version(db), 6);
        QString error;
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO sessions (id, started_us) VALUES (1, 10), (2, 20)")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO messages (id, session_id, received_us, mail_from, recipients,"
                                      " envelope, size) VALUES (4, 1, 15, 'a@b', 'c@d', '{}', 3)")));
        QVERIFY(q.prepare(QStringLiteral("INSERT INTO transcript (id, session_id, t_us, direction, data, message_id)"
                                         " VALUES (?, ?, ?, ?, ?, ?)")));
        const QList<QVariantList> rows = {
            {10, 1, 11, 1, QByteArray("220 hi\r\n"), QVariant()},
            {11, 2, 21, 0, QByteArray("HELO \0x\r\n", 9), QVariant()},
            {12, 1, 12, 0, QByteArray("DATA\r\n"), QVariant()},
            {13, 1, 15, 2, QByteArray("Message data"), 4},
        };
        for (const QVariantList &row : rows) {
            for (const QVariant &value : row)
                q.addBindValue(value);
            QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        }
        QVERIFY2(Schema::migrate(db, &error), qPrintable(error));
        QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'transcript'")), 0);
        QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM transcript_chunks")), 2);
    }
    closeConnection(name);
    Reader reader(m_path);
    const QList<TranscriptLine> one = reader.transcript(1);
    QCOMPARE(one.size(), 3);
    QCOMPARE(one[0].data, QByteArray("220 hi\r\n"));
    QCOMPARE(one[0].direction, Direction::Server);
    QCOMPARE(one[1].timeUs, 12);
    QCOMPARE(one[2].messageId, 4);
    QCOMPARE(one[2].direction, Direction::Note);
    const QList<TranscriptLine> two = reader.transcript(2);
    QCOMPARE(two.size(), 1);
    QCOMPARE(two[0].data, QByteArray("HELO \0x\r\n", 9));
}

// Version 8 links each session's rows (prev_id, last_chunk_id) and drops the index by session.
void TranscriptChunksTest::migrationChainsEachSessionsRows()
{
    const QString name = uniqueConnectionName(QStringLiteral("test"));
    {
        QSqlDatabase db = openAt(name, 7);
        QCOMPARE(Schema::version(db), 7);
        QString error;
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO sessions (id, started_us) VALUES (1, 10), (2, 20), (3, 30)")));
        QVERIFY(q.prepare(QStringLiteral("INSERT INTO transcript_chunks (id, session_id, data) VALUES (?, ?, ?)")));
        // Rows of sessions 1 and 2 interleaved; session 3 has none.
        const QList<QPair<qint64, QByteArray>> rows = {{1, "a1"}, {2, "b1"}, {1, "a2"}, {1, "a3"}, {2, "b2"}};
        for (qsizetype i = 0; i < rows.size(); ++i) {
            const TranscriptLine line{0, rows[i].first, 0, 100 + i, Direction::Client, rows[i].second, 0};
            q.addBindValue(10 + i);
            q.addBindValue(rows[i].first);
            q.addBindValue(TranscriptChunk::encode(&line, 1));
            QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        }
        QVERIFY2(Schema::migrate(db, &error), qPrintable(error));
        QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'transcript_chunks_by_session'")), 0);
        QVERIFY(q.exec(QStringLiteral("SELECT id, COALESCE(prev_id, 0) FROM transcript_chunks ORDER BY id")));
        QList<QPair<qint64, qint64>> links;
        while (q.next())
            links.append({q.value(0).toLongLong(), q.value(1).toLongLong()});
        QCOMPARE(links, (QList<QPair<qint64, qint64>>{{10, 0}, {11, 0}, {12, 10}, {13, 12}, {14, 11}}));
        QVERIFY(q.exec(QStringLiteral("SELECT COALESCE(last_chunk_id, 0) FROM sessions ORDER BY id")));
        QList<qint64> last;
        while (q.next())
            last.append(q.value(0).toLongLong());
        QCOMPARE(last, (QList<qint64>{13, 14, 0}));
    }
    closeConnection(name);
    Reader reader(m_path);
    QStringList a;
    for (const TranscriptLine &line : reader.transcript(1))
        a.append(QString::fromLatin1(line.data));
    QCOMPARE(a, QStringList({QStringLiteral("a1"), QStringLiteral("a2"), QStringLiteral("a3")}));
    QCOMPARE(reader.transcript(2).size(), 2);
    QVERIFY(reader.transcript(3).isEmpty());
}

// Removing sessions deletes every row of their chains and nothing of the sessions kept.
void TranscriptChunksTest::removalFollowsTheChains()
{
    const QString name = uniqueConnectionName(QStringLiteral("test"));
    {
        QString error;
        QSqlDatabase db = openConnection(m_path, name, Access::Migrate, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        BatchWriter batch(db);
        SessionRecord ended = session(), open = session();
        const auto lines = [](quint64 token, const QByteArray &data) {
            return WriteItem{.kind = WriteItem::Kind::Lines, .lines = {{token, 0, 0, 1, Direction::Client, data, 0}}};
        };
        CommitBatch first;
        QVERIFY2(batch.write({{.kind = WriteItem::Kind::Start, .session = ended},
                              {.kind = WriteItem::Kind::Start, .session = open},
                              lines(ended.token, "one"), lines(open.token, "two")},
                             0, first, &error),
                 qPrintable(error));
        for (const QByteArray &data : {QByteArray("three"), QByteArray("four")}) {
            CommitBatch more;
            QVERIFY2(batch.write({lines(ended.token, data), lines(open.token, data)}, 0, more, &error), qPrintable(error));
        }
        ended.outcome = Outcome::Quit;
        CommitBatch end;
        QVERIFY2(batch.write({lines(ended.token, "QUIT"), {.kind = WriteItem::Kind::Update, .session = ended}}, 0, end,
                             &error),
                 qPrintable(error));
        QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM transcript_chunks")), 7);

        CommitBatch removed;
        QVERIFY2(batch.write({{.kind = WriteItem::Kind::Task, .task = Maintenance::removeAll()}}, 0, removed, &error),
                 qPrintable(error));
        QVERIFY(batch.takeTaskErrors().isEmpty());
        const qint64 openId = first.started[1].id;
        QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM transcript_chunks")), 3);
        QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM transcript_chunks WHERE session_id = %1").arg(openId)), 3);
        QCOMPARE(Reader(m_path).transcript(openId).size(), 3);
        QVERIFY(Reader(m_path).transcript(first.started[0].id).isEmpty());
    }
    closeConnection(name);
}

QTEST_GUILESS_MAIN(TranscriptChunksTest)
#include "tst_transcriptchunks.moc"
