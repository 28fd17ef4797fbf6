#include "recordfixtures.h"
#include "schemafixtures.h"
#include "storefixture.h"
#include "records/clock.h"
#include "store/batchwriter.h"
#include "store/database.h"
#include "store/reader.h"
#include "store/schema.h"
#include "store/search.h"
#include "store/writer.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Records;
using namespace Store;

namespace {

MessageRecord message(quint64 sessionToken, const QByteArray &raw)
{
    MessageRecord m = Test::messageRecord(raw, sessionToken, "a@b.test", {"r@d.test"});
    m.dataNote = QStringLiteral("Message data (DATA): %1 octets").arg(raw.size());
    return m;
}

// The words a row of the search index holds in a column, in order: the index keeps no text.
QString indexedWords(QSqlDatabase db, qint64 rowid, const QString &column)
{
    QSqlQuery q(db);
    q.exec(QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS temp.words USING fts5vocab(main, message_fts, instance)"));
    q.prepare(QStringLiteral("SELECT term FROM temp.words WHERE doc = ? AND col = ? ORDER BY offset"));
    q.addBindValue(rowid);
    q.addBindValue(column);
    QStringList words;
    if (!q.exec())
        return QStringLiteral("(error)");
    while (q.next())
        words.append(q.value(0).toString());
    return words.join(QLatin1Char(' '));
}

} // namespace

class StoreTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); m_path = m_dir.filePath(QStringLiteral("t%1.sqlite").arg(++m_n)); }
    void migratesFromEveryVersion_data();
    void migratesFromEveryVersion();
    void refusesNewerSchema();
    void writesSessionTranscriptAndMessage();
    void groupCommitsWhatWaits();
    void ackOnlyAfterCommit();
    void runningSessionUpdatesOncePerCommit();
    void keysetPaging();
    void unreadableDatabaseIsReported();
    void migratesFromVersion10();
    void storesWhatTheApiNeeds();
    void aMessageBringsItsOwnSession();

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_n = 0;
};

void StoreTest::migratesFromEveryVersion_data()
{
    QTest::addColumn<int>("from");
    for (int v = 0; v < Schema::kCurrentVersion; ++v)
        QTest::addRow("from version %d", v) << v;
}

void StoreTest::migratesFromEveryVersion()
{
    QFETCH(int, from);
    const QString name = uniqueConnectionName(QStringLiteral("test"));
    {
        QString error;
        QSqlDatabase db = Test::openAtVersion(m_path, name, from, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        QCOMPARE(Schema::version(db), from);
        if (from >= 1) { // a row written by the old version must survive the migration
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("INSERT INTO sessions (id, started_us) VALUES (5, 1)")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO messages (id, session_id, received_us, mail_from, recipients,"
                                          " envelope, size) VALUES (9, 5, 2, 'a@b', 'c@d', '{}', 3)")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO message_raw VALUES (9, x'616263')")));
            if (from >= 9) // from version 9 on, the writer notes a session's newest message itself
                QVERIFY(q.exec(QStringLiteral("UPDATE sessions SET last_message_id = 9 WHERE id = 5")));
        }
        QVERIFY(QSqlQuery(db).exec(QStringLiteral("PRAGMA foreign_keys = ON"))); // as every connection has it
        QVERIFY2(Schema::migrate(db, &error), qPrintable(error));
        QCOMPARE(Schema::version(db), Schema::kCurrentVersion);
        const auto value = [&db](const QString &sql) {
            QSqlQuery q(db);
            return q.exec(sql) && q.next() ? q.value(0) : QVariant();
        };
        QCOMPARE(value(QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
        QCOMPARE(value(QStringLiteral("SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema"
                                      " WHERE tbl_name = 'messages' AND sql IS NOT NULL ORDER BY name)"))
                     .toString(),
                 QStringLiteral("message_counts_delete message_counts_insert message_counts_seen messages"
                                " messages_by_message_id messages_by_received"
                                " messages_high_water messages_tags_delete messages_unread"));
        // The kept counts start from what the old version stored.
        QCOMPARE(value(QStringLiteral("SELECT total || '/' || unread FROM message_counts")).toString(),
                 from >= 1 ? QStringLiteral("1/1") : QStringLiteral("0/0"));
        if (from >= 1)
            QCOMPARE(value(QStringLiteral("SELECT last_message_id FROM sessions WHERE id = 5")).toLongLong(), 9);
    }
    closeConnection(name);
    Reader reader(m_path);
    QVERIFY(reader.isOpen());
    if (from >= 1) {
        QCOMPARE(reader.raw(9).value_or(QByteArray()), QByteArray("abc"));
        QCOMPARE(reader.message(9)->sessionId, 5);
    }
}

void StoreTest::refusesNewerSchema()
{
    const QString name = uniqueConnectionName(QStringLiteral("test"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_path);
        QVERIFY(db.open());
        QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version = 999"));
    }
    closeConnection(name);
    Reader reader(m_path);
    QVERIFY(!reader.isOpen());
    QVERIFY2(reader.error().contains(QLatin1String("newer Mailscope")), qPrintable(reader.error()));
}

void StoreTest::writesSessionTranscriptAndMessage()
{
    Writer writer(m_path);
    QString error;
    QVERIFY2(writer.start(&error), qPrintable(error));
    connect(&writer, &Writer::writeFailed, this, [](const QString &e) { qWarning() << e; }, Qt::DirectConnection);
    SessionRecord s = Test::sessionRecord();
    writer.startSession(s);
    writer.appendTranscript({{s.token, 0, 0, nowUs(), LineKind::Reply, "220 hi\r\n", 0},
                             {s.token, 0, 0, nowUs(), LineKind::Command, "EHLO x\r\n", 0}});
    const QByteArray raw("Subject: hello\r\nFrom: A <a@b.test>\r\n\r\nbody\r\n");
    writer.storeMessage(message(s.token, raw));
    s.outcome = Outcome::Delivered;
    s.helo = "x";
    s.messageCount = 1;
    s.endedUs = nowUs();
    writer.updateSession(s);
    writer.flush();
    writer.stop();

    Reader reader(m_path);
    const auto sessions = reader.sessions();
    QCOMPARE(sessions.size(), 1);
    QCOMPARE(sessions[0].outcome, Outcome::Delivered);
    QCOMPARE(sessions[0].helo, QByteArray("x"));
    QCOMPARE(sessions[0].messageCount, 1);
    const auto messages = reader.messages();
    QCOMPARE(messages.size(), 1);
    QCOMPARE(messages[0].sessionId, sessions[0].id);
    QCOMPARE(messages[0].subject, QStringLiteral("hello"));
    QCOMPARE(messages[0].recipients, QList<QByteArray>{"r@d.test"});
    QCOMPARE(reader.raw(messages[0].id).value(), raw);
    const auto lines = reader.transcript(sessions[0].id);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines[0].data, QByteArray("220 hi\r\n"));
    QCOMPARE(lines[1].kind, LineKind::Command);
    QCOMPARE(lines[2].messageId, messages[0].id); // the data summary points at the message
    QCOMPARE(reader.envelope(messages[0].id).value(QStringLiteral("mail_from")).toString(), QStringLiteral("a@b.test"));
}

// Items enqueued while a commit runs are written together in the next one.
void StoreTest::groupCommitsWhatWaits()
{
    Writer writer(m_path);
    QVERIFY(writer.start(nullptr));
    QSignalSpy committed(&writer, &Writer::committed);
    const SessionRecord s = Test::sessionRecord();
    writer.startSession(s);
    constexpr int kMessages = 300;
    for (int i = 0; i < kMessages; ++i)
        writer.storeMessage(message(s.token, "Subject: " + QByteArray::number(i) + "\r\n\r\nx\r\n"));
    writer.flush();
    writer.stop();
    int acks = 0;
    for (const auto &args : std::as_const(committed))
        for (const StoredAck &ack : args.at(0).value<CommitBatch>().acks)
            acks += ack.messageId > 0 ? 1 : 0;
    QCOMPARE(acks, kMessages);
    QVERIFY2(committed.size() < kMessages / 2, qPrintable(QString::number(committed.size())));
    QCOMPARE(Reader(m_path).messageCount(), kMessages);
}

// When committed() reports a message, another connection already sees it.
void StoreTest::ackOnlyAfterCommit()
{
    Writer writer(m_path);
    QVERIFY(writer.start(nullptr));
    qint64 visibleAtAck = -1;
    connect(&writer, &Writer::committed, this, [&](const CommitBatch &batch) {
        if (batch.acks.isEmpty())
            return;
        Reader reader(m_path);
        visibleAtAck = reader.raw(batch.acks.first().messageId).has_value() ? 1 : 0;
    }, Qt::DirectConnection);
    writer.storeMessage(message(0, "Subject: a\r\n\r\nb\r\n"));
    writer.flush();
    writer.stop();
    QCOMPARE(visibleAtAck, 1);
}

void StoreTest::keysetPaging()
{
    Writer writer(m_path);
    QVERIFY(writer.start(nullptr));
    for (int i = 0; i < 25; ++i)
        writer.storeMessage(message(0, "Subject: " + QByteArray::number(i) + "\r\n\r\n"));
    writer.flush();
    writer.stop();
    Reader reader(m_path);
    QList<qint64> ids;
    qint64 before = 0;
    for (;;) {
        const auto page = reader.messages(before, 10);
        if (page.isEmpty())
            break;
        for (const auto &m : page)
            ids.append(m.id);
        before = page.last().id;
    }
    QCOMPARE(ids.size(), 25);
    for (int i = 1; i < ids.size(); ++i)
        QVERIFY(ids[i] < ids[i - 1]);
    QCOMPARE(reader.messages(0, 1).first().subject, QStringLiteral("24"));
}

void StoreTest::unreadableDatabaseIsReported()
{
    QFile file(m_path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'g'));
    file.close();
    Writer writer(m_path);
    QString error;
    QVERIFY(!writer.start(&error));
    QVERIFY2(error.contains(m_path), qPrintable(error));
}

// A session still open that changed several times in one commit: its row is updated, and the
// commit reports it once, as it is last, with the mail committed for it; its end is reported
// as ended, not as an update.
void StoreTest::runningSessionUpdatesOncePerCommit()
{
    const QString name = uniqueConnectionName(QStringLiteral("test"));
    {
        QString error;
        QSqlDatabase db = openConnection(m_path, name, Access::Migrate, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        BatchWriter batch(db);
        SessionRecord s = Test::sessionRecord(), other = Test::sessionRecord();
        SessionRecord helo = s;
        helo.helo = "client.example";
        SessionRecord tls = helo;
        tls.tls.insert(QStringLiteral("version"), QStringLiteral("TLSv1.3"));
        tls.tls.insert(QStringLiteral("cipher"), QStringLiteral("TLS_AES_256_GCM_SHA384"));
        SessionRecord user = tls;
        user.authUser = "alice";
        user.faultRules = {{QStringLiteral("slow"), 2}};
        CommitBatch out;
        QVERIFY2(batch.write({{.kind = WriteItem::Kind::Start, .session = s},
                              {.kind = WriteItem::Kind::Start, .session = other},
                              {.kind = WriteItem::Kind::Update, .session = helo},
                              {.kind = WriteItem::Kind::Update, .session = tls},
                              {.kind = WriteItem::Kind::Message, .message = message(s.token, "Subject: a\r\n\r\nx\r\n")},
                              {.kind = WriteItem::Kind::Update, .session = user}},
                             {}, out, &error),
                 qPrintable(error));
        QCOMPARE(out.updated.size(), 1);
        QVERIFY(out.ended.isEmpty());
        const SessionRecord &u = out.updated.first();
        QCOMPARE(u.id, out.started.first().id);
        QCOMPARE(u.outcome, Outcome::InProgress);
        QCOMPARE(u.helo, QByteArray("client.example"));
        QCOMPARE(u.tls.value(QStringLiteral("version")).toString(), QStringLiteral("TLSv1.3"));
        QCOMPARE(u.authUser, QByteArray("alice"));
        QCOMPARE(u.faultRules, user.faultRules);
        QCOMPARE(u.messageCount, 1); // the message committed with it

        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT helo, auth_user, json_extract(tls, '$.version'), outcome, ended_us IS NULL"
                                      " FROM sessions WHERE id = %1").arg(u.id)));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toByteArray(), QByteArray("client.example"));
        QCOMPARE(q.value(1).toString(), QStringLiteral("alice"));
        QCOMPARE(q.value(2).toString(), QStringLiteral("TLSv1.3"));
        QCOMPARE(q.value(3).toString(), QStringLiteral("in_progress"));
        QVERIFY(q.value(4).toBool());

        SessionRecord ended = user;
        ended.outcome = Outcome::Quit;
        ended.endedUs = nowUs();
        CommitBatch last;
        QVERIFY2(batch.write({{.kind = WriteItem::Kind::Update, .session = user},
                              {.kind = WriteItem::Kind::Update, .session = ended}},
                             {}, last, &error),
                 qPrintable(error));
        QVERIFY(last.updated.isEmpty());
        QCOMPARE(last.ended.size(), 1);
        QCOMPARE(last.ended.first().outcome, Outcome::Quit);
    }
    closeConnection(name);
}

// Step 11 keeps what version 10 indexed (the new columns of the search index empty) and gives
// older rows no Message-ID, no address fields, no snippet and no tags; step 14 keeps the rows
// analysis made since.
void StoreTest::migratesFromVersion10()
{
    const QString name = uniqueConnectionName(QStringLiteral("test"));
    {
        QString error;
        QSqlDatabase db = Test::openAtVersion(m_path, name, 10, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO messages (id, received_us, mail_from, recipients, envelope, size, subject,"
                                      " lint) VALUES (9, 2, 'a@b', 'c@d', '{}', 3, 'Old news', 0)")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO message_raw VALUES (9, x'616263')")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO message_fts (rowid, sender, recipients, subject, body)"
                                      " VALUES (9, 'a@b', 'c@d', 'Old news', 'walrus')")));
        QVERIFY(q.exec(QStringLiteral("UPDATE analysis_progress SET last_id = 9")));
        QVERIFY2(Schema::createAtVersion(db, 13, &error), qPrintable(error));
        QVERIFY(q.exec(QStringLiteral("SELECT rowid, sender, recipients, cc, bcc, reply_to, subject, body FROM message_fts")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toLongLong(), 9);
        QCOMPARE(q.value(1).toString(), QStringLiteral("a@b"));
        QCOMPARE(q.value(2).toString(), QStringLiteral("c@d"));
        for (int column : {3, 4, 5})
            QCOMPARE(q.value(column).toString(), QString());
        QCOMPARE(q.value(6).toString(), QStringLiteral("Old news"));
        QCOMPARE(q.value(7).toString(), QStringLiteral("walrus"));
        QVERIFY(!q.next());
        QVERIFY(q.exec(QStringLiteral("SELECT message_id, address_headers IS NULL, snippet IS NULL FROM messages")) && q.next());
        QCOMPARE(q.value(0).toString(), QString());
        QVERIFY(q.value(1).toBool());
        QVERIFY(q.value(2).toBool());
        QVERIFY(q.exec(QStringLiteral("SELECT (SELECT COUNT(*) FROM tags) + (SELECT COUNT(*) FROM message_tags)")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
        // Deleting an old message still takes its search row with it.
        QVERIFY(q.exec(QStringLiteral("DELETE FROM messages WHERE id = 9")));
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM message_fts")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO messages (id, received_us, mail_from, recipients, envelope, size, subject)"
                                      " VALUES (10, 2, 'a@b', 'c@d', '{}', 3, 'Old news')")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO message_fts (rowid, sender, recipients, subject, body)"
                                      " VALUES (10, 'a@b', 'c@d', 'Old news', 'walrus')")));
        QVERIFY(q.exec(QStringLiteral("UPDATE analysis_progress SET last_id = 10")));
        QVERIFY2(Schema::migrate(db, &error), qPrintable(error));
        QCOMPARE(Schema::version(db), Schema::kCurrentVersion);
        QCOMPARE(indexedWords(db, 10, QStringLiteral("sender")), QStringLiteral("a b"));
        QCOMPARE(indexedWords(db, 10, QStringLiteral("body")), QStringLiteral("walrus"));
    }
    closeConnection(name);
    Reader reader(m_path);
    QVERIFY(reader.isOpen());
    const auto found = reader.messages(SearchQuery::parse(QStringLiteral("walrus")), 0, 10);
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().id, 10);
    QVERIFY(found.first().messageId.isEmpty());
    QVERIFY(found.first().addressHeaders.isEmpty());
    QVERIFY(found.first().snippet.isNull());
    QVERIFY(found.first().tags.isEmpty());
}

// The columns and rows a message with Cc, Reply-To, a Message-ID and X-Tags leaves, exactly.
void StoreTest::storesWhatTheApiNeeds()
{
    Writer writer(m_path);
    QString error;
    QVERIFY2(writer.start(&error), qPrintable(error));
    const QByteArray raw("From: =?UTF-8?Q?Z=C3=B6e?= <zoe@example.com>\r\nTo: a@example.org\r\n"
                         "Cc: Carol <carol@example.net>,\r\n\tdan@example.net\r\nReply-To: replies@example.com\r\n"
                         "Message-ID: <id-1@example.com>\r\nX-Tags: Alpha, beta , alpha\r\nSubject: s\r\n\r\n"
                         "Hello   there,\r\n  world.\r\n");
    writer.storeMessage(message(0, raw));
    writer.flushIndexed();
    writer.stop();

    Reader reader(m_path);
    QSqlQuery q(reader.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT id, message_id, address_headers, snippet FROM messages")) && q.next());
    const qint64 id = q.value(0).toLongLong();
    QCOMPARE(q.value(1).toString(), QStringLiteral("id-1@example.com"));
    QCOMPARE(q.value(2).toString(),
             QStringLiteral("{\"Cc\":\"Carol <carol@example.net>,\\tdan@example.net\",\"From\":\"=?UTF-8?Q?Z=C3=B6e?= "
                            "<zoe@example.com>\",\"Reply-To\":\"replies@example.com\",\"To\":\"a@example.org\"}"));
    QCOMPARE(q.value(3).toString(), QStringLiteral("Hello there, world."));
    QVERIFY(q.exec(QStringLiteral("SELECT t.id, t.name, mt.message_id FROM tags t JOIN message_tags mt ON mt.tag_id = t.id"
                                  " ORDER BY t.id")));
    QStringList tags;
    while (q.next())
        tags.append(q.value(0).toString() + QLatin1Char(' ') + q.value(1).toString() + QLatin1Char(' ')
                    + QString::number(q.value(2).toLongLong() - id));
    QCOMPARE(tags, (QStringList{QStringLiteral("1 Alpha 0"), QStringLiteral("2 beta 0")}));
    {
        const QString name = uniqueConnectionName(QStringLiteral("words"));
        QSqlDatabase db = openConnection(m_path, name, Access::Write, &error); // the reader's may not make a table
        QCOMPARE(indexedWords(db, id, QStringLiteral("cc")), QStringLiteral("carol carol example net dan example net"));
        QCOMPARE(indexedWords(db, id, QStringLiteral("bcc")), QStringLiteral("r d test")); // in the envelope only
        QCOMPARE(indexedWords(db, id, QStringLiteral("reply_to")), QStringLiteral("replies example com"));
        db = QSqlDatabase();
        closeConnection(name);
    }
    const MessageSummary m = reader.message(id).value();
    QCOMPARE(m.messageId, QStringLiteral("id-1@example.com"));
    QCOMPARE(m.tags, (QStringList{QStringLiteral("Alpha"), QStringLiteral("beta")}));
    QCOMPARE(m.snippet, QStringLiteral("Hello there, world."));
}

// POST /api/v1/send: the message starts its session, fills it and ends it in one commit.
void StoreTest::aMessageBringsItsOwnSession()
{
    StoreFixture store;
    Records::MessageRecord m = Test::messageRecord("Subject: over HTTP\r\n\r\nbody\r\n");
    m.sessionToken = 4242;
    m.ownSession = true;
    m.source = QStringLiteral("api");
    m.clientAddress = QStringLiteral("127.0.0.1");
    m.clientPort = 5555;
    m.sessionNotes = {"Received through the HTTP API"};
    m.dataNote = QStringLiteral("Message of 30 octets");
    store.flushBatches();
    store.writer().storeMessage(m);
    const Records::CommitBatch batch = store.flushBatches();

    QCOMPARE(batch.started.size(), 1);
    const qint64 session = batch.started.constFirst().id;
    QCOMPARE(batch.started.constFirst().token, quint64(4242));
    QCOMPARE(batch.started.constFirst().clientAddress, QStringLiteral("127.0.0.1"));
    QCOMPARE(batch.messages.size(), 1);
    QCOMPARE(batch.messages.constFirst().sessionId, session);
    QCOMPARE(batch.ended.size(), 1);
    QCOMPARE(batch.ended.constFirst().id, session);
    QCOMPARE(batch.ended.constFirst().outcome, Records::Outcome::Delivered);
    QCOMPARE(batch.ended.constFirst().messageCount, 1);

    Store::Reader reader(store.path());
    const QList<Records::TranscriptLine> lines = reader.transcript(session);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0).kind, Records::LineKind::Note);
    QCOMPARE(lines.at(0).data, QByteArray("Received through the HTTP API"));
    QCOMPARE(lines.at(1).kind, Records::LineKind::DataSummary);
    QCOMPARE(lines.at(1).messageId, batch.messages.constFirst().id);
    const std::optional<Records::SessionRecord> stored = reader.session(session);
    QVERIFY(stored);
    QCOMPARE(stored->outcome, Records::Outcome::Delivered);
    QCOMPARE(stored->messageCount, 1);
    QVERIFY(stored->endedUs > 0);
}

QTEST_GUILESS_MAIN(StoreTest)
#include "tst_store.moc"

