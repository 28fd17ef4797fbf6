#include "recordfixtures.h"
#include "schemafixtures.h"
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
    void migrationGivesOldLinesKinds();
    void removalFollowsTheChains();

private:
    // A chunk as schema 9 wrote it, byte by byte: format 1, then per line the time difference
    // (zigzag), the direction (0 client, 1 server, 2 note), the message id and the length as
    // varints, and the bytes.
    struct OldLine
    {
        qint64 timeUs;
        int direction;
        qint64 messageId;
        QByteArray data;
    };
    static QByteArray oldChunk(const QList<OldLine> &lines)
    {
        const auto varint = [](QByteArray &out, quint64 v) {
            for (; v >= 0x80; v >>= 7)
                out.append(char(v | 0x80));
            out.append(char(v));
        };
        QByteArray out(1, '\1');
        qint64 before = 0;
        for (const OldLine &l : lines) {
            const qint64 delta = l.timeUs - before;
            varint(out, (quint64(delta) << 1) ^ quint64(delta >> 63));
            before = l.timeUs;
            varint(out, quint64(l.direction));
            varint(out, quint64(l.messageId));
            varint(out, quint64(l.data.size()));
            out.append(l.data);
        }
        return out;
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
        {0, 0, 0, 1'700'000'000'000'000, LineKind::Reply, "220 hi\r\n", 0},
        {0, 0, 0, 1'700'000'000'000'250, LineKind::Command, QByteArray("EH\0LO \xff\xfe\r", 10), 0},
        {0, 0, 0, 1'699'999'999'999'000, LineKind::Note, QByteArray(), 77}, // earlier than the line before
        {0, 0, 0, 1'700'000'000'000'250, LineKind::Command, QByteArray(300, 'x'), 0},
    };
    const QByteArray chunk = TranscriptChunk::encode(lines.constData(), lines.size());
    QList<TranscriptLine> out;
    QVERIFY(TranscriptChunk::decode(chunk, 3, 12, &out));
    QCOMPARE(out.size(), lines.size());
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QCOMPARE(out[i].data, lines[i].data);
        QCOMPARE(out[i].timeUs, lines[i].timeUs);
        QCOMPARE(out[i].kind, lines[i].kind);
        QCOMPARE(out[i].messageId, lines[i].messageId);
        QCOMPARE(out[i].sessionId, 12);
        QCOMPARE(out[i].id, 3 * TranscriptChunk::kLineSlots + i);
    }
}

void TranscriptChunksTest::refusesDamagedChunks()
{
    const QList<TranscriptLine> lines = {{0, 0, 0, 5, LineKind::Reply, "250 ok\r\n", 0},
                                         {0, 0, 0, 9, LineKind::Command, "QUIT\r\n", 0}};
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
    QByteArray badKind = chunk;
    badKind[2] = char(kLineKindCount); // one past the last kind
    QVERIFY(!TranscriptChunk::decode(badKind, 1, 1, &out));
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
        SessionRecord a = Test::sessionRecord(), b = Test::sessionRecord();
        a.startedUs = b.startedUs = 1000;
        MessageRecord m;
        m.token = newToken();
        m.sessionToken = a.token;
        m.raw = "Subject: x\r\n\r\nbody\r\n";
        m.summary.receivedUs = 1500;
        m.dataNote = QStringLiteral("Message data (DATA): 20 octets");
        const auto line = [](quint64 token, qint64 t, LineKind d, const QByteArray &data) {
            return TranscriptLine{token, 0, 0, t, d, data, 0};
        };
        const QList<WriteItem> items = {
            {.kind = WriteItem::Kind::Start, .session = a},
            {.kind = WriteItem::Kind::Start, .session = b},
            {.kind = WriteItem::Kind::Lines, .lines = {line(a.token, 1100, LineKind::Command, "DATA\r\n")}},
            {.kind = WriteItem::Kind::Lines, .lines = {line(b.token, 1200, LineKind::Command, "EHLO b\r\n"),
                                                       line(b.token, 1201, LineKind::Reply, "250 b\r\n")}},
            {.kind = WriteItem::Kind::Lines, .lines = {line(a.token, 1300, LineKind::Reply, "354 go\r\n")}},
            {.kind = WriteItem::Kind::Message, .message = m},
        };
        CommitBatch out;
        QVERIFY2(batch.write(items, {}, out, &error), qPrintable(error));
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
                              .lines = {line(a.token, 1600, LineKind::Reply, "250 queued\r\n")}}},
                            {}, next, &error));
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
        const SessionRecord s = Test::sessionRecord();
        QList<TranscriptLine> many, big;
        for (qint64 i = 0; i < TranscriptChunk::kLineSlots + 10; ++i)
            many.append({s.token, 0, 0, i, LineKind::Command, QByteArray::number(i), 0});
        for (int i = 0; i < 3; ++i)
            big.append({s.token, 0, 0, 100'000 + i, LineKind::Reply, QByteArray(600 * 1024, char('a' + i)), 0});
        CommitBatch out;
        QVERIFY2(batch.write({{.kind = WriteItem::Kind::Start, .session = s},
                              {.kind = WriteItem::Kind::Lines, .lines = many},
                              {.kind = WriteItem::Kind::Lines, .lines = big}},
                             {}, out, &error),
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
        QString error;
        QSqlDatabase db = Test::openAtVersion(m_path, name, 6, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        QCOMPARE(Schema::version(db), 6);
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
    QCOMPARE(one[0].kind, LineKind::Reply);
    QCOMPARE(one[1].timeUs, 12);
    QCOMPARE(one[2].messageId, 4);
    QCOMPARE(directionOf(one[2].kind), Direction::Note);
    QCOMPARE(one[2].kind, LineKind::DataSummary); // step 10: the note linked to a message stands for its data
    const QList<TranscriptLine> two = reader.transcript(2);
    QCOMPARE(two.size(), 1);
    QCOMPARE(two[0].data, QByteArray("HELO \0x\r\n", 9));
}

// Version 8 links each session's rows (prev_id, last_chunk_id) and drops the index by session.
void TranscriptChunksTest::migrationChainsEachSessionsRows()
{
    const QString name = uniqueConnectionName(QStringLiteral("test"));
    {
        QString error;
        QSqlDatabase db = Test::openAtVersion(m_path, name, 7, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        QCOMPARE(Schema::version(db), 7);
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO sessions (id, started_us) VALUES (1, 10), (2, 20), (3, 30)")));
        QVERIFY(q.prepare(QStringLiteral("INSERT INTO transcript_chunks (id, session_id, data) VALUES (?, ?, ?)")));
        // Rows of sessions 1 and 2 interleaved; session 3 has none.
        const QList<QPair<qint64, QByteArray>> rows = {{1, "a1"}, {2, "b1"}, {1, "a2"}, {1, "a3"}, {2, "b2"}};
        for (qsizetype i = 0; i < rows.size(); ++i) {
            const TranscriptLine line{0, rows[i].first, 0, 100 + i, LineKind::Command, rows[i].second, 0};
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

// Version 10: lines written with a direction keep their bytes, times, ids and links, wire lines
// read as commands and replies, and the notes get the kinds of the forms Mailscope wrote.
void TranscriptChunksTest::migrationGivesOldLinesKinds()
{
    const QList<OldLine> old = {
        {100, 1, 0, "220 hi\r\n"},
        {110, 0, 0, "STARTTLS\r\n"},
        {111, 2, 0, "Waiting for the client's TLS handshake"},
        {120, 2, 0, "TLS established: TLSv1.3, TLS_AES_256_GCM_SHA384, no SNI"},
        {130, 0, 0, "AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n"},
        {131, 2, 0, "AUTH PLAIN decoded: user \"alice\", password \"secret\""},
        {140, 2, 0, "Fault rule \"busy\": reply 450 4.2.1 Mailbox busy"},
        {150, 2, 4, "Message data (DATA): 3 octets, 1 lines"},
        {160, 2, 0, "600 more octets of this line were not read"},
        {170, 2, 0, "Message data: 3 octets, accepted and not stored"},
        {180, 2, 0, "Client closed the connection"},
    };
    // Step 12 then masks the AUTH line and its note (StorePasswordsTest has the details).
    const QList<LineKind> kinds = {LineKind::Reply,       LineKind::Command,     LineKind::TlsEvent,
                                   LineKind::TlsEvent,    LineKind::AuthSecret,  LineKind::AuthStep,
                                   LineKind::FaultAction, LineKind::DataSummary, LineKind::Defect,
                                   LineKind::DataSummary, LineKind::Note};
    const QByteArray wireOnly = oldChunk({{200, 0, 0, "QUIT\r\n"}, {201, 1, 0, "221 bye\r\n"}});
    const QString name = uniqueConnectionName(QStringLiteral("test"));
    {
        QString error;
        QSqlDatabase db = Test::openAtVersion(m_path, name, 9, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        QCOMPARE(Schema::version(db), 9);
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO sessions (id, started_us, last_chunk_id) VALUES (1, 100, 8)")));
        QVERIFY(q.prepare(QStringLiteral("INSERT INTO transcript_chunks (id, session_id, prev_id, data) VALUES (?, 1, ?, ?)")));
        q.addBindValue(7);
        q.addBindValue(QVariant());
        q.addBindValue(oldChunk(old));
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        q.addBindValue(8);
        q.addBindValue(7);
        q.addBindValue(wireOnly);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        QVERIFY2(Schema::migrate(db, &error), qPrintable(error));
        QCOMPARE(Schema::version(db), Schema::kCurrentVersion);
        QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM transcript_chunks")), 2);
        QVERIFY(q.exec(QStringLiteral("SELECT data FROM transcript_chunks WHERE id = 8")) && q.next());
        QCOMPARE(q.value(0).toByteArray(), wireOnly); // nothing to classify: not rewritten
    }
    closeConnection(name);
    Reader reader(m_path);
    const QList<TranscriptLine> lines = reader.transcript(1);
    QCOMPARE(lines.size(), old.size() + 2);
    for (qsizetype i = 0; i < old.size(); ++i) {
        if (i == 4)
            QVERIFY(!lines[i].data.contains("AGFsaWNlAHNlY3JldA=="));
        else if (i == 5)
            QCOMPARE(lines[i].data, QByteArray("AUTH PLAIN decoded: user \"alice\", password of 6 octets, masked"));
        else
            QCOMPARE(lines[i].data, old[i].data);
        QCOMPARE(lines[i].timeUs, old[i].timeUs);
        QCOMPARE(lines[i].messageId, old[i].messageId);
        QCOMPARE(lines[i].id, 7 * TranscriptChunk::kLineSlots + i);
        QCOMPARE(lines[i].kind, kinds[i]);
        QCOMPARE(int(directionOf(lines[i].kind)), old[i].direction); // the direction is kept
    }
    QCOMPARE(lines[old.size()].kind, LineKind::Command);
    QCOMPARE(lines[old.size() + 1].kind, LineKind::Reply);
    QCOMPARE(lines[old.size() + 1].data, QByteArray("221 bye\r\n"));
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
        SessionRecord ended = Test::sessionRecord(), open = Test::sessionRecord();
        const auto lines = [](quint64 token, const QByteArray &data) {
            return WriteItem{.kind = WriteItem::Kind::Lines, .lines = {{token, 0, 0, 1, LineKind::Command, data, 0}}};
        };
        CommitBatch first;
        QVERIFY2(batch.write({{.kind = WriteItem::Kind::Start, .session = ended},
                              {.kind = WriteItem::Kind::Start, .session = open},
                              lines(ended.token, "one"), lines(open.token, "two")},
                             {}, first, &error),
                 qPrintable(error));
        for (const QByteArray &data : {QByteArray("three"), QByteArray("four")}) {
            CommitBatch more;
            QVERIFY2(batch.write({lines(ended.token, data), lines(open.token, data)}, {}, more, &error), qPrintable(error));
        }
        ended.outcome = Outcome::Quit;
        CommitBatch end;
        QVERIFY2(batch.write({lines(ended.token, "QUIT"), {.kind = WriteItem::Kind::Update, .session = ended}}, {}, end,
                             &error),
                 qPrintable(error));
        QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM transcript_chunks")), 7);

        CommitBatch removed;
        QVERIFY2(batch.write({{.kind = WriteItem::Kind::Task, .task = Maintenance::removeAll()}}, {}, removed, &error),
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
