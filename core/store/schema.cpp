#include "schema.h"

#include "oldpasswords.h"
#include "transcriptchunk.h"
#include "transcriptkinds.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace Store::Schema {

namespace {

// What hangs on the messages table, which step 9 rebuilds.
const QString kMessagesUnread = QStringLiteral("CREATE INDEX messages_unread ON messages(id) WHERE (flags & 2) = 0");
const QString kMessagesFtsDelete = QStringLiteral("CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages"
                                                  " BEGIN DELETE FROM message_fts WHERE rowid = OLD.id; END");
const QString kMessagesHighWater =
    QStringLiteral("CREATE TRIGGER messages_high_water AFTER DELETE ON messages"
                   " WHEN OLD.id > (SELECT last_id FROM id_high_water WHERE tbl = 'messages')"
                   " BEGIN UPDATE id_high_water SET last_id = OLD.id WHERE tbl = 'messages'; END");

// Step n brings a database from version n-1 to version n. Never edit a released step.
const QStringList kSteps[] = {
    // 1: sessions, transcript, messages and their raw bytes.
    {
        QStringLiteral("CREATE TABLE sessions ("
                       " id INTEGER PRIMARY KEY,"
                       " started_us INTEGER NOT NULL,"
                       " ended_us INTEGER,"
                       " client_addr TEXT NOT NULL DEFAULT '',"
                       " client_port INTEGER NOT NULL DEFAULT 0,"
                       " server_addr TEXT NOT NULL DEFAULT '',"
                       " server_port INTEGER NOT NULL DEFAULT 0,"
                       " helo BLOB,"
                       " outcome TEXT NOT NULL DEFAULT 'in_progress',"
                       " message_count INTEGER NOT NULL DEFAULT 0,"
                       " defects TEXT NOT NULL DEFAULT '[]')"),
        QStringLiteral("CREATE TABLE transcript ("
                       " id INTEGER PRIMARY KEY,"
                       " session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
                       " t_us INTEGER NOT NULL,"
                       " direction INTEGER NOT NULL,"
                       " data BLOB NOT NULL,"
                       " message_id INTEGER)"),
        QStringLiteral("CREATE INDEX transcript_by_session ON transcript(session_id, id)"),
        QStringLiteral("CREATE TABLE messages ("
                       " id INTEGER PRIMARY KEY,"
                       " session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,"
                       " received_us INTEGER NOT NULL,"
                       " mail_from BLOB NOT NULL,"
                       " recipients BLOB NOT NULL,"
                       " envelope TEXT NOT NULL,"
                       " size INTEGER NOT NULL,"
                       " header_from TEXT NOT NULL DEFAULT '',"
                       " header_to TEXT NOT NULL DEFAULT '',"
                       " subject TEXT NOT NULL DEFAULT '',"
                       " date TEXT NOT NULL DEFAULT '',"
                       " defects TEXT NOT NULL DEFAULT '[]',"
                       " source TEXT NOT NULL DEFAULT 'smtp')"),
        QStringLiteral("CREATE INDEX messages_by_session ON messages(session_id)"),
        QStringLiteral("CREATE TABLE message_raw ("
                       " message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,"
                       " data BLOB NOT NULL)"),
    },
    // 2: list markers computed at ingest, so the message list never parses.
    {
        QStringLiteral("ALTER TABLE messages ADD COLUMN attachments INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN has_html INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN flags INTEGER NOT NULL DEFAULT 0"),
    },
    // 3: TLS and authentication details (JSON) of a session, and the user a message was sent as.
    {
        QStringLiteral("ALTER TABLE sessions ADD COLUMN tls TEXT"),
        QStringLiteral("ALTER TABLE sessions ADD COLUMN auth_user TEXT"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN auth_user TEXT"),
    },
    // 4: fault injection: the rules that fired in a session (JSON, with counts) and for a
    //    message (JSON names), and the messages a session accepted and dropped on purpose.
    {
        QStringLiteral("ALTER TABLE sessions ADD COLUMN fault_rules TEXT NOT NULL DEFAULT '[]'"),
        QStringLiteral("ALTER TABLE sessions ADD COLUMN dropped_messages INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN fault_rules TEXT NOT NULL DEFAULT '[]'"),
    },
    // 5: full-text search (filled at ingest by the writer; older bodies stay unindexed), the
    // list's lint count (-1: not analysed), a partial index for counting unread messages, and
    // the highest id ever deleted, so that ids are never reused (views and links rely on it).
    {
        QStringLiteral("CREATE VIRTUAL TABLE message_fts USING fts5("
                       " sender, recipients, subject, body, tokenize = 'unicode61 remove_diacritics 2')"),
        QStringLiteral("INSERT INTO message_fts (rowid, sender, recipients, subject, body)"
                       " SELECT id, CAST(mail_from AS TEXT) || ' ' || header_from,"
                       " replace(CAST(recipients AS TEXT), char(10), ' ') || ' ' || header_to, subject, ''"
                       " FROM messages"),
        kMessagesFtsDelete,
        QStringLiteral("ALTER TABLE messages ADD COLUMN lint INTEGER NOT NULL DEFAULT -1"),
        kMessagesUnread,
        QStringLiteral("CREATE TABLE id_high_water (tbl TEXT PRIMARY KEY, last_id INTEGER NOT NULL)"),
        QStringLiteral("INSERT INTO id_high_water VALUES"
                       " ('messages', COALESCE((SELECT MAX(id) FROM messages), 0)),"
                       " ('sessions', COALESCE((SELECT MAX(id) FROM sessions), 0))"),
        kMessagesHighWater,
        QStringLiteral("CREATE TRIGGER sessions_high_water AFTER DELETE ON sessions"
                       " WHEN OLD.id > (SELECT last_id FROM id_high_water WHERE tbl = 'sessions')"
                       " BEGIN UPDATE id_high_water SET last_id = OLD.id WHERE tbl = 'sessions'; END"),
    },
    // 6: the last message the indexer analysed; the ones after it are still to do. Messages
    //    stored before this version were analysed at ingest.
    {
        QStringLiteral("CREATE TABLE analysis_progress (last_id INTEGER NOT NULL)"),
        QStringLiteral("INSERT INTO analysis_progress VALUES (COALESCE((SELECT MAX(id) FROM messages), 0))"),
    },
    // 7: a session's transcript lines of one commit packed into one row (TranscriptChunk);
    //    packTranscript moves the rows of the table before it and drops that table.
    {
        QStringLiteral("CREATE TABLE transcript_chunks ("
                       " id INTEGER PRIMARY KEY,"
                       " session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
                       " data BLOB NOT NULL)"),
        QStringLiteral("CREATE INDEX transcript_chunks_by_session ON transcript_chunks(session_id, id)"),
    },
    // 8: a session's chunks form a chain instead of an index: each names the chunk before it
    //    and the session names its last. The index entry each session got in each commit
    //    landed on a page of its own (a quarter of the log written while ten sessions send
    //    at once). No foreign key either, as enforcing one needs that index: Maintenance
    //    deletes a session's chunks along its chain.
    {
        QStringLiteral("CREATE TABLE transcript_chain ("
                       " id INTEGER PRIMARY KEY,"
                       " session_id INTEGER NOT NULL,"
                       " prev_id INTEGER,"
                       " data BLOB NOT NULL)"),
        QStringLiteral("INSERT INTO transcript_chain (id, session_id, prev_id, data)"
                       " SELECT id, session_id, LAG(id) OVER (PARTITION BY session_id ORDER BY id), data"
                       " FROM transcript_chunks"),
        QStringLiteral("ALTER TABLE sessions ADD COLUMN last_chunk_id INTEGER"),
        QStringLiteral("UPDATE sessions SET last_chunk_id ="
                       " (SELECT MAX(id) FROM transcript_chunks WHERE session_id = sessions.id)"),
        QStringLiteral("DROP TABLE transcript_chunks"),
        QStringLiteral("ALTER TABLE transcript_chain RENAME TO transcript_chunks"),
    },
    // 9: the messages table without its index by session, whose entries landed on a page of
    //    their own for every session in every commit, and without the foreign key that needs
    //    it. A session notes its newest message instead: Maintenance removes a session only
    //    when none of its mail remains, so no message is left naming a removed session. The
    //    table is rebuilt with the same columns and ids (SQLite cannot drop a constraint), with
    //    foreign keys off (kRebuildsTables).
    {
        QStringLiteral("ALTER TABLE sessions ADD COLUMN last_message_id INTEGER"),
        QStringLiteral("UPDATE sessions SET last_message_id ="
                       " (SELECT MAX(id) FROM messages WHERE session_id = sessions.id)"),
        QStringLiteral("CREATE TABLE messages_v9 ("
                       " id INTEGER PRIMARY KEY,"
                       " session_id INTEGER,"
                       " received_us INTEGER NOT NULL,"
                       " mail_from BLOB NOT NULL,"
                       " recipients BLOB NOT NULL,"
                       " envelope TEXT NOT NULL,"
                       " size INTEGER NOT NULL,"
                       " header_from TEXT NOT NULL DEFAULT '',"
                       " header_to TEXT NOT NULL DEFAULT '',"
                       " subject TEXT NOT NULL DEFAULT '',"
                       " date TEXT NOT NULL DEFAULT '',"
                       " defects TEXT NOT NULL DEFAULT '[]',"
                       " source TEXT NOT NULL DEFAULT 'smtp',"
                       " attachments INTEGER NOT NULL DEFAULT 0,"
                       " has_html INTEGER NOT NULL DEFAULT 0,"
                       " flags INTEGER NOT NULL DEFAULT 0,"
                       " auth_user TEXT,"
                       " fault_rules TEXT NOT NULL DEFAULT '[]',"
                       " lint INTEGER NOT NULL DEFAULT -1)"),
        QStringLiteral("INSERT INTO messages_v9 SELECT id, session_id, received_us, mail_from, recipients, envelope,"
                       " size, header_from, header_to, subject, date, defects, source, attachments, has_html, flags,"
                       " auth_user, fault_rules, lint FROM messages"),
        QStringLiteral("DROP TABLE messages"),
        QStringLiteral("ALTER TABLE messages_v9 RENAME TO messages"),
        kMessagesUnread,
        kMessagesFtsDelete,
        kMessagesHighWater,
    },
    // 10: every transcript line has a kind (Records::LineKind) where it had a direction; the
    //     values of the directions are those of the kinds Command, Reply and Note, so lines
    //     keep their bytes and meaning. TranscriptKinds gives the notes their kinds.
    {},
    // 11: what Mailpit's API shows and searches: the Message-ID (indexed for message-id:), the
    //     raw address fields (JSON), the snippet (NULL until the indexer analyses the message),
    //     an index by time for before: and after:, tags, and a search index with the Cc, Bcc
    //     and Reply-To fields. Rows already indexed keep their text (their new columns empty).
    //     A message's tags go with it, and a tag with its last message. The message and unread
    //     counts are kept in a row of their own.
    {
        QStringLiteral("ALTER TABLE messages ADD COLUMN message_id TEXT NOT NULL DEFAULT ''"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN address_headers TEXT"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN snippet TEXT"),
        QStringLiteral("CREATE INDEX messages_by_message_id ON messages(message_id)"),
        QStringLiteral("CREATE INDEX messages_by_received ON messages(received_us)"),
        QStringLiteral("CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE)"),
        QStringLiteral("CREATE TABLE message_tags ("
                       " message_id INTEGER NOT NULL,"
                       " tag_id INTEGER NOT NULL,"
                       " PRIMARY KEY (message_id, tag_id)) WITHOUT ROWID"),
        QStringLiteral("CREATE INDEX message_tags_by_tag ON message_tags(tag_id)"),
        QStringLiteral("CREATE TRIGGER messages_tags_delete AFTER DELETE ON messages"
                       " BEGIN DELETE FROM message_tags WHERE message_id = OLD.id; END"),
        QStringLiteral("CREATE TRIGGER message_tags_unused AFTER DELETE ON message_tags"
                       " WHEN NOT EXISTS (SELECT 1 FROM message_tags WHERE tag_id = OLD.tag_id)"
                       " BEGIN DELETE FROM tags WHERE id = OLD.tag_id; END"),
        QStringLiteral("DROP TRIGGER messages_fts_delete"),
        QStringLiteral("CREATE VIRTUAL TABLE message_fts_v11 USING fts5("
                       " sender, recipients, cc, bcc, reply_to, subject, body,"
                       " tokenize = 'unicode61 remove_diacritics 2')"),
        QStringLiteral("INSERT INTO message_fts_v11 (rowid, sender, recipients, cc, bcc, reply_to, subject, body)"
                       " SELECT rowid, sender, recipients, '', '', '', subject, body FROM message_fts"),
        QStringLiteral("DROP TABLE message_fts"),
        QStringLiteral("ALTER TABLE message_fts_v11 RENAME TO message_fts"),
        kMessagesFtsDelete,
        // How many messages there are and how many unread, kept by triggers so that counting
        // costs one row, not a walk of 100,000 (every API list answers both).
        QStringLiteral("CREATE TABLE message_counts (total INTEGER NOT NULL, unread INTEGER NOT NULL)"),
        QStringLiteral("INSERT INTO message_counts SELECT COUNT(*), COALESCE(SUM((flags & 2) = 0), 0) FROM messages"),
        QStringLiteral("CREATE TRIGGER message_counts_insert AFTER INSERT ON messages"
                       " BEGIN UPDATE message_counts SET total = total + 1, unread = unread + ((NEW.flags & 2) = 0); END"),
        QStringLiteral("CREATE TRIGGER message_counts_delete AFTER DELETE ON messages"
                       " BEGIN UPDATE message_counts SET total = total - 1, unread = unread - ((OLD.flags & 2) = 0); END"),
        QStringLiteral("CREATE TRIGGER message_counts_seen AFTER UPDATE OF flags ON messages"
                       " WHEN (OLD.flags & 2) != (NEW.flags & 2)"
                       " BEGIN UPDATE message_counts SET unread = unread + ((NEW.flags & 2) = 0) - ((OLD.flags & 2) = 0); END"),
    },
    // 12: every message is analysed again (the indexer starts over and replaces each search
    //     row), so the index holds the text of HTML parts beside text parts (before 11 only
    //     a message without a text part had it), with words split by inline markup kept
    //     whole and every entity decoded.
    {
        QStringLiteral("UPDATE analysis_progress SET last_id = 0"),
    },
    // 13: AUTH passwords are not stored: OldPasswords masks the AUTH lines and notes that older
    //     versions kept with the password in them. migrate() runs the steps up to it with
    //     secure_delete on and checkpoints the log after, so no copy stays in free space.
    {},
    // 14: the search index keeps tokens, not a copy of the text (about half the database for
    //     small mail): a contentless FTS5 table. It cannot delete a row by its rowid, so no
    //     trigger does: the writer takes a message's row out before deleting the message
    //     (Store::unindex), with the text analysis makes again. Every row moves over, so
    //     searches find what they found. A row still waiting for step 12's analysis was made
    //     by an older one, and taken out with other text than its own it would leave the
    //     index's counts wrong (SQLite then calls the index corrupt): its text is kept in
    //     message_fts_old_text until the indexer replaces the row (RowForgetter). A later
    //     step that wants every message analysed again empties the index with 'delete-all'.
    {
        QStringLiteral("DROP TRIGGER messages_fts_delete"),
        QStringLiteral("CREATE VIRTUAL TABLE message_fts_v14 USING fts5("
                       " sender, recipients, cc, bcc, reply_to, subject, body,"
                       " content = '', tokenize = 'unicode61 remove_diacritics 2')"),
        QStringLiteral("INSERT INTO message_fts_v14 (rowid, sender, recipients, cc, bcc, reply_to, subject, body)"
                       " SELECT rowid, sender, recipients, cc, bcc, reply_to, subject, body FROM message_fts"),
        QStringLiteral("CREATE TABLE message_fts_old_text (id INTEGER PRIMARY KEY, sender TEXT, recipients TEXT,"
                       " cc TEXT, bcc TEXT, reply_to TEXT, subject TEXT, body TEXT)"),
        QStringLiteral("INSERT INTO message_fts_old_text"
                       " SELECT rowid, sender, recipients, cc, bcc, reply_to, subject, body FROM message_fts"
                       " WHERE rowid > (SELECT last_id FROM analysis_progress)"),
        QStringLiteral("DROP TABLE message_fts"),
        QStringLiteral("ALTER TABLE message_fts_v14 RENAME TO message_fts"),
    },
    // 15: a large message's bytes go into the database in pieces while it arrives (RawPieces):
    //     message_raw keeps the rest, and message_raw_spools names the pieces that come before.
    //     Deleting a message deletes its pieces.
    {
        QStringLiteral("CREATE TABLE message_raw_pieces (id INTEGER PRIMARY KEY, spool INTEGER NOT NULL,"
                       " data BLOB NOT NULL)"),
        QStringLiteral("CREATE INDEX message_raw_pieces_by_spool ON message_raw_pieces(spool)"),
        QStringLiteral("CREATE TABLE message_raw_spools ("
                       " message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,"
                       " spool INTEGER NOT NULL)"),
        QStringLiteral("CREATE TRIGGER message_raw_spools_delete AFTER DELETE ON message_raw_spools"
                       " BEGIN DELETE FROM message_raw_pieces WHERE spool = OLD.spool; END"),
    },
};

// The step after which no password may remain in the file's bytes.
constexpr int kErasesSecrets = 13;

// Steps that rebuild a table other tables refer to run with foreign keys off: dropping the
// old table would otherwise delete what refers to it (message_raw's bodies).
constexpr int kRebuildsTables = 9;

static_assert(std::size(kSteps) == kCurrentVersion);

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    if (error)
        *error = q.lastError().text() + QStringLiteral(" (") + sql.left(60) + QStringLiteral(")");
    return false;
}

// Step 7's data: each session's lines, in order, in chunks as the writer makes them.
bool packTranscript(QSqlDatabase &db, QString *error)
{
    QSqlQuery read(db), write(db);
    read.setForwardOnly(true);
    TranscriptChunk::Encoder chunk;
    qint64 session = 0;
    const auto writeChunk = [&] {
        if (chunk.isEmpty())
            return true;
        write.addBindValue(session);
        write.addBindValue(chunk.take());
        return write.exec();
    };
    if (!write.prepare(QStringLiteral("INSERT INTO transcript_chunks (session_id, data) VALUES (?, ?)"))
        || !read.exec(QStringLiteral("SELECT session_id, t_us, direction, data, message_id FROM transcript"
                                     " ORDER BY session_id, id"))) {
        if (error)
            *error = (write.lastError().isValid() ? write.lastError() : read.lastError()).text();
        return false;
    }
    bool written = true;
    while (written && read.next()) {
        const qint64 id = read.value(0).toLongLong();
        const QByteArray data = read.value(3).toByteArray();
        if (id != session || !chunk.fits(data.size()))
            written = writeChunk();
        session = id;
        chunk.append({0, id, 0, read.value(1).toLongLong(), static_cast<Records::LineKind>(read.value(2).toInt()), data,
                      read.value(4).toLongLong()});
    }
    if (!written || !writeChunk()) {
        if (error)
            *error = QStringLiteral("packing the transcript: ") + write.lastError().text();
        return false;
    }
    return exec(db, QStringLiteral("DROP TABLE transcript"), error);
}

// After a rebuild: every reference still finds its row.
bool foreignKeysHold(QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA foreign_key_check"))) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    if (!q.next())
        return true;
    if (error)
        *error = QStringLiteral("rebuilding the schema left a row of %1 without the row it refers to")
                     .arg(q.value(0).toString());
    return false;
}

// Work a step does in C++ after its statements, in the same transaction.
bool convert(QSqlDatabase &db, int to, QString *error)
{
    switch (to) {
    case 7:
        return packTranscript(db, error);
    case 10:
        return TranscriptKinds::classifyOldNotes(db, error);
    case kErasesSecrets:
        return OldPasswords::maskAll(db, error);
    default:
        return true;
    }
}

bool applyStepInTransaction(QSqlDatabase &db, int to, QString *error)
{
    if (!db.transaction()) {
        if (error)
            *error = db.lastError().text();
        return false;
    }
    for (const QString &sql : kSteps[to - 1]) {
        if (!exec(db, sql, error)) {
            db.rollback();
            return false;
        }
    }
    if (!convert(db, to, error) || (to == kRebuildsTables && !foreignKeysHold(db, error))) {
        db.rollback();
        return false;
    }
    if (!exec(db, QStringLiteral("PRAGMA user_version = %1").arg(to), error) || !db.commit()) {
        db.rollback();
        return false;
    }
    return true;
}

bool applyStep(QSqlDatabase &db, int to, QString *error)
{
    if (to == kRebuildsTables) {
        // Only outside a transaction does this pragma take effect.
        if (!exec(db, QStringLiteral("PRAGMA foreign_keys = OFF"), error))
            return false;
        const bool applied = applyStepInTransaction(db, to, error);
        return exec(db, QStringLiteral("PRAGMA foreign_keys = ON"), applied ? error : nullptr) && applied;
    }
    return applyStepInTransaction(db, to, error);
}

} // namespace

bool configure(QSqlDatabase &db, QString *error)
{
    return exec(db, QStringLiteral("PRAGMA busy_timeout = 10000"), error)
        && exec(db, QStringLiteral("PRAGMA journal_mode = WAL"), error)
        && exec(db, QStringLiteral("PRAGMA foreign_keys = ON"), error);
}

int version(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return -1;
    return q.value(0).toInt();
}

bool migrate(QSqlDatabase &db, QString *error)
{
    const int from = version(db);
    if (from < 0) {
        if (error)
            *error = QStringLiteral("not a Mailscope database or unreadable: ") + db.lastError().text();
        return false;
    }
    if (from > kCurrentVersion) {
        if (error)
            *error = QStringLiteral("the database was written by a newer Mailscope (schema %1, this build knows %2)")
                         .arg(from)
                         .arg(kCurrentVersion);
        return false;
    }
    const bool erasing = from < kErasesSecrets && from > 0;
    if (erasing && !exec(db, QStringLiteral("PRAGMA secure_delete = ON"), error))
        return false;
    for (int to = from + 1; to <= kCurrentVersion; ++to) {
        if (!applyStep(db, to, error))
            return false;
    }
    if (erasing) {
        // Older pages may still be in the log; a reader holding them only delays this.
        QSqlQuery(db).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        return exec(db, QStringLiteral("PRAGMA secure_delete = OFF"), error);
    }
    return true;
}

bool createAtVersion(QSqlDatabase &db, int target, QString *error)
{
    for (int to = version(db) + 1; to <= target; ++to) {
        if (!applyStep(db, to, error))
            return false;
    }
    return true;
}

} // namespace Store::Schema
