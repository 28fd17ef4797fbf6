#include "batchwriter.h"

#include "jsoncodec.h"
#include "mime/listsummary.h"
#include "tagstore.h"
#include "transcriptchunk.h"

#include <QFile>

namespace Store {

namespace {
// The next id of a table: above every id it holds and every id it ever held, so a deleted
// message's id is never given to a new one (front ends keep selections by id).
#define MAILSCOPE_NEXT_ID(table)                                                                                  \
    "(SELECT MAX(last_id, COALESCE((SELECT MAX(id) FROM " table "), 0)) + 1 FROM id_high_water WHERE tbl = '"   \
    table "')"

// The list columns of a spooled message, parsed from its file mapped into memory: a message
// of one part touches only the pages of its header section, and nothing is copied.
bool addSpooledListColumns(const Records::SpoolFile &spool, Records::MessageSummary *s, QString *error)
{
    QFile file(spool.path());
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the spool file: %1").arg(file.errorString());
        return false;
    }
    const uchar *map = spool.size() > 0 ? file.map(0, spool.size()) : nullptr;
    if (spool.size() > 0 && !map) {
        *error = QStringLiteral("cannot map the spool file: %1").arg(file.errorString());
        return false;
    }
    Mime::addListColumns(QByteArray::fromRawData(reinterpret_cast<const char *>(map), spool.size()), s);
    return true; // unmapped as the file closes
}

} // namespace

BatchWriter::BatchWriter(const QSqlDatabase &db)
    : m_qdb(db), m_db(Statement::handle(db)),
      m_insertSession(m_db, "INSERT INTO sessions (id, started_us, client_addr, client_port, server_addr,"
                            " server_port, helo, outcome) VALUES (" MAILSCOPE_NEXT_ID("sessions")
                            ", ?, ?, ?, ?, ?, ?, ?)"),
      m_updateSession(m_db, "UPDATE sessions SET ended_us = ?, helo = ?, outcome = ?,"
                            " defects = ?, tls = ?, auth_user = ?, fault_rules = ?, dropped_messages = ? WHERE id = ?"),
      m_insertChunk(m_db, "INSERT INTO transcript_chunks (session_id, prev_id, data) VALUES (?, ?, ?)"),
      m_noteSession(m_db, "UPDATE sessions SET last_chunk_id = ?, last_message_id = ?, message_count = ? WHERE id = ?"),
      m_insertMessage(m_db, "INSERT INTO messages (id, session_id, received_us, mail_from, recipients, envelope,"
                            " size, header_from, header_to, subject, date, defects, source, attachments, has_html,"
                            " auth_user, flags, fault_rules, lint, message_id, address_headers) VALUES (" MAILSCOPE_NEXT_ID("messages")
                            ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
      m_insertRaw(m_db, "INSERT INTO message_raw (message_id, data) VALUES (?, ?)"),
      m_insertSpooledRaw(m_db, "INSERT INTO message_raw (message_id, data) VALUES (?, zeroblob(?))"),
      m_begin(m_db, "BEGIN"), m_commit(m_db, "COMMIT"), m_savepoint(m_db, "SAVEPOINT message"),
      m_release(m_db, "RELEASE message"), m_index(db), m_pieces(m_db)
{
}

#undef MAILSCOPE_NEXT_ID

bool BatchWriter::write(const QList<WriteItem> &items, const Retention &retention, Records::CommitBatch &out, QString *error)
{
    const QHash<quint64, OpenSession> sessionsBefore = m_sessions;
    const QHash<QString, RawPieces::Spool> spoolsBefore = m_pieces.state();
    const auto abandon = [&] {
        Statement::run(m_db, "ROLLBACK", nullptr);
        m_pieces.restore(spoolsBefore);
        m_pendingLines.clear();
        m_pendingUpdates.clear();
        m_updateOrder.clear();
        m_sessions = sessionsBefore;
        m_changed.clear();
        m_pruner.forget();
        if (error)
            *error = m_lastError;
        return false;
    };
    if (!m_begin.exec()) {
        fail(m_begin);
        return abandon();
    }
    if (!m_pieces.forgetAbandoned(&m_lastError))
        return abandon();
    for (const WriteItem &item : items) {
        switch (item.kind) {
        case WriteItem::Kind::Start:
            if (!insertSession(item.session, out))
                return abandon();
            break;
        case WriteItem::Kind::Lines:
            insertLines(item.lines, out);
            break;
        case WriteItem::Kind::Message: {
            if (item.message.ownSession && !startOwnSession(item.message, out))
                return abandon();
            if (!m_savepoint.exec()) {
                fail(m_savepoint);
                return abandon();
            }
            const bool stored = insertMessage(item.message, out);
            if (stored) {
                m_release.exec();
            } else {
                Statement::run(m_db, "ROLLBACK TO message", nullptr);
                m_release.exec();
                m_pieces.unclaim(item.message.spool.path());
                out.acks.append({item.message.token, 0, m_lastError});
            }
            if (item.message.ownSession)
                endOwnSession(item.message, stored);
            break;
        }
        case WriteItem::Kind::Update:
            queueUpdate(item.session);
            break;
        case WriteItem::Kind::Task:
            // A task may remove sessions: what they wrote so far goes first.
            if (!writeSessionChanges(out) || !runTask(item.task, out))
                return abandon();
            break;
        case WriteItem::Kind::SpoolProgress:
            if (!m_pieces.progress(item.spoolPath, item.spoolWritten, &m_lastError))
                return abandon();
            break;
        case WriteItem::Kind::Analysis:
            if (!m_index.add(item.messageId, item.analysis, &m_lastError))
                return abandon();
            out.analysed.append({item.messageId, item.analysis.lint});
            break;
        }
    }
    if (!writeSessionChanges(out) || !m_pruner.apply(m_qdb, retention, out, &m_lastError))
        return abandon();
    if (!m_commit.exec()) {
        fail(m_commit);
        return abandon();
    }
    for (const Records::SessionRecord &s : std::as_const(out.ended))
        m_sessions.remove(s.token);
    m_pieces.committed();
    return true;
}

// A task that fails is undone alone and reported; the clients' mail in the commit stays.
bool BatchWriter::runTask(const WriteTask &task, Records::CommitBatch &out)
{
    if (!Statement::run(m_db, "SAVEPOINT task", &m_lastError))
        return false;
    Records::CommitBatch changes;
    QString why;
    if (task(m_qdb, changes, &why)) {
        out.append(changes);
        return Statement::run(m_db, "RELEASE task", &m_lastError);
    }
    m_taskErrors.append(why);
    return Statement::run(m_db, "ROLLBACK TO task", &m_lastError) && Statement::run(m_db, "RELEASE task", &m_lastError);
}

bool BatchWriter::fail(Statement &statement)
{
    m_lastError = statement.error();
    return false;
}

bool BatchWriter::insertSession(Records::SessionRecord s, Records::CommitBatch &out)
{
    m_insertSession.bind(1, s.startedUs)
        .bind(2, s.clientAddress)
        .bind(3, s.clientPort)
        .bind(4, s.serverAddress)
        .bind(5, s.serverPort)
        .bind(6, s.helo)
        .bind(7, Records::outcomeName(s.outcome));
    if (!m_insertSession.exec())
        return fail(m_insertSession);
    s.id = m_insertSession.lastInsertId();
    m_sessions.insert(s.token, {s.id, 0});
    out.started.append(s);
    return true;
}

void BatchWriter::insertLines(QList<Records::TranscriptLine> lines, Records::CommitBatch &out)
{
    for (Records::TranscriptLine &line : lines) {
        line.sessionId = m_sessions.value(line.sessionToken).id;
        if (!line.sessionId)
            continue; // its session failed to be written; nothing to attach the line to
        out.lines.append(std::move(line));
        m_pendingLines.append(out.lines.size() - 1);
    }
}

// What the batch so far brought the sessions: their lines, the rows that point at their
// newest chunk and message, and their changed facts (TLS, user, faults, outcome).
bool BatchWriter::writeSessionChanges(Records::CommitBatch &out)
{
    return insertPendingLines(out) && writeChangedSessions() && writeUpdates(out);
}

void BatchWriter::queueUpdate(const Records::SessionRecord &s)
{
    auto it = m_pendingUpdates.find(s.token);
    if (it == m_pendingUpdates.end())
        m_updateOrder.append(s.token);
    m_pendingUpdates.insert(s.token, s);
}

bool BatchWriter::writeUpdates(Records::CommitBatch &out)
{
    for (const quint64 token : std::as_const(m_updateOrder)) {
        if (!updateSession(m_pendingUpdates.value(token), out)) {
            m_pendingUpdates.clear();
            m_updateOrder.clear();
            return false;
        }
    }
    m_pendingUpdates.clear();
    m_updateOrder.clear();
    return true;
}

// The lines this batch brought for each session become one row per session (more only for a
// flood of lines), which costs a fraction of a row per line. Each row is linked to the
// session's previous one, and the session to its last. out.lines keep their order.
bool BatchWriter::insertPendingLines(Records::CommitBatch &out)
{
    QList<quint64> sessions; // tokens, in the order of their first line
    QHash<quint64, QList<qsizetype>> bySession;
    for (const qsizetype index : std::as_const(m_pendingLines)) {
        const quint64 token = out.lines.at(index).sessionToken;
        auto it = bySession.find(token);
        if (it == bySession.end()) {
            sessions.append(token);
            it = bySession.insert(token, {});
        }
        it->append(index);
    }
    m_pendingLines.clear();
    TranscriptChunk::Encoder chunk;
    for (const quint64 token : std::as_const(sessions)) {
        OpenSession &session = m_sessions[token]; // lines of unknown sessions were never pending
        const QList<qsizetype> &indexes = bySession[token];
        for (qsizetype first = 0; first < indexes.size();) {
            qsizetype end = first;
            while (end < indexes.size() && chunk.fits(out.lines.at(indexes[end]).data.size()))
                chunk.append(out.lines.at(indexes[end++]));
            const QByteArray data = chunk.take();
            m_insertChunk.bind(1, session.id).bindOrNull(2, session.lastChunk).bindLarge(3, data);
            if (!m_insertChunk.exec())
                return fail(m_insertChunk);
            session.lastChunk = m_insertChunk.lastInsertId();
            noteChanged(token, session);
            for (qsizetype i = first; i < end; ++i)
                out.lines[indexes[i]].id = session.lastChunk * TranscriptChunk::kLineSlots + (i - first);
            first = end;
        }
    }
    return true;
}

void BatchWriter::noteChanged(quint64 token, OpenSession &session)
{
    if (!std::exchange(session.changed, true))
        m_changed.append(token);
}

// One row update per session and batch records where its transcript chain ends, its newest
// message (Maintenance removes a session only once that is gone) and its message count.
bool BatchWriter::writeChangedSessions()
{
    for (const quint64 token : std::as_const(m_changed)) {
        OpenSession &session = m_sessions[token];
        session.changed = false;
        m_noteSession.bindOrNull(1, session.lastChunk)
            .bindOrNull(2, session.lastMessage)
            .bind(3, session.messages)
            .bind(4, session.id);
        if (!m_noteSession.exec()) {
            m_changed.clear();
            return fail(m_noteSession);
        }
    }
    m_changed.clear();
    return true;
}

bool BatchWriter::insertMessage(Records::MessageRecord m, Records::CommitBatch &out)
{
    const qint64 sessionId = m.sessionToken ? m_sessions.value(m.sessionToken).id : 0;
    QList<QByteArray> recipients;
    for (const Records::Recipient &r : std::as_const(m.envelope.recipients))
        recipients.append(r.address);
    Records::MessageSummary &s = m.summary;
    if (m.summaryPending && m.spool) {
        if (!addSpooledListColumns(m.spool, &s, &m_lastError))
            return false;
    } else if (m.summaryPending) {
        Mime::addListColumns(m.raw, &s);
    }
    s.sessionId = sessionId;
    s.mailFrom = m.envelope.mailFrom;
    s.recipients = recipients;
    s.size = m.rawSize();

    m_insertMessage.bindOrNull(1, sessionId)
        .bind(2, s.receivedUs)
        .bind(3, m.envelope.mailFrom)
        .bind(4, recipients.join('\n'))
        .bindUtf8(5, Json::storedEnvelope(m, sessionId != 0))
        .bind(6, s.size)
        .bind(7, s.headerFrom)
        .bind(8, s.headerTo)
        .bind(9, s.subject)
        .bind(10, s.date)
        .bindUtf8(11, Json::defectsJson(m.defects))
        .bind(12, m.source)
        .bind(13, s.attachments)
        .bind(14, s.hasHtml ? 1 : 0)
        .bindOrNull(15, s.authUser)
        .bind(16, s.flags = s.tls ? Records::kFlagTls : 0)
        .bindUtf8(17, Json::stringsJson(s.faultRules));
    s.lint = -1; // analysed off the ingest path, by the Indexer
    m_insertMessage.bind(18, s.lint).bind(19, s.messageId);
    if (s.addressHeaders.isEmpty())
        m_insertMessage.bindNull(20);
    else
        m_insertMessage.bindUtf8(20, s.addressHeaders);
    if (!m_insertMessage.exec())
        return fail(m_insertMessage);
    s.id = m_insertMessage.lastInsertId();
    if (!insertRaw(s.id, m))
        return false;
    if (!s.tags.isEmpty() && !TagStore::add(m_qdb, s.id, s.tags, &s.tags, &m_lastError))
        return false;
    if (sessionId) {
        OpenSession &session = m_sessions[m.sessionToken];
        session.lastMessage = s.id;
        ++session.messages;
        noteChanged(m.sessionToken, session);
    }
    if (sessionId && !m.dataNote.isEmpty()) {
        out.lines.append({m.sessionToken, sessionId, 0, s.receivedUs, Records::LineKind::DataSummary, m.dataNote.toUtf8(), s.id});
        m_pendingLines.append(out.lines.size() - 1);
    }
    out.messages.append(s);
    out.acks.append({m.token, s.id, {}});
    return true;
}

bool BatchWriter::insertRaw(qint64 id, const Records::MessageRecord &m)
{
    if (!m.spool) {
        m_insertRaw.bind(1, id).bindLarge(2, m.raw);
        return m_insertRaw.exec() || fail(m_insertRaw);
    }
    // A large message is in the database in pieces up to `from` already: the rest goes here.
    const qint64 from = m_pieces.claim(m.spool.path(), id, &m_lastError);
    if (from < 0)
        return false;
    m_insertSpooledRaw.bind(1, id).bind(2, m.spool.size() - from);
    if (!m_insertSpooledRaw.exec())
        return fail(m_insertSpooledRaw);
    return Statement::writeBlobFromFile(m_db, "message_raw", "data", id, m.spool.path(), m.spool.size() - from,
                                        &m_lastError, from);
}

namespace {

Records::SessionRecord ownSessionOf(const Records::MessageRecord &m)
{
    Records::SessionRecord s;
    s.token = m.sessionToken;
    s.startedUs = m.summary.receivedUs;
    s.clientAddress = m.clientAddress;
    s.clientPort = m.clientPort;
    s.serverAddress = m.serverAddress;
    s.serverPort = m.serverPort;
    s.helo = m.helo;
    s.authUser = m.summary.authUser;
    return s;
}

} // namespace

bool BatchWriter::startOwnSession(const Records::MessageRecord &m, Records::CommitBatch &out)
{
    if (!insertSession(ownSessionOf(m), out))
        return false;
    QList<Records::TranscriptLine> notes;
    for (const QByteArray &note : m.sessionNotes)
        notes.append({m.sessionToken, 0, 0, m.summary.receivedUs, Records::LineKind::Note, note, 0});
    insertLines(notes, out);
    return true;
}

void BatchWriter::endOwnSession(const Records::MessageRecord &m, bool stored)
{
    Records::SessionRecord s = ownSessionOf(m);
    s.endedUs = m.summary.receivedUs;
    s.outcome = stored ? Records::Outcome::Delivered : Records::Outcome::Rejected;
    s.messageCount = stored ? 1 : 0;
    queueUpdate(s);
}

bool BatchWriter::updateSession(Records::SessionRecord s, Records::CommitBatch &out)
{
    s.id = m_sessions.value(s.token).id;
    if (!s.id)
        return true;
    m_updateSession.bindOrNull(1, s.endedUs)
        .bind(2, s.helo)
        .bind(3, Records::outcomeName(s.outcome))
        .bindUtf8(4, Json::defectsJson(s.defects));
    if (s.tls.isEmpty())
        m_updateSession.bindNull(5);
    else
        m_updateSession.bindUtf8(5, Json::compact(s.tls));
    m_updateSession.bindOrNull(6, s.authUser)
        .bindUtf8(7, Json::faultHitsJson(s.faultRules))
        .bind(8, s.droppedMessages)
        .bind(9, s.id);
    if (!m_updateSession.exec())
        return fail(m_updateSession);
    if (s.outcome != Records::Outcome::InProgress) {
        out.ended.append(s);
    } else {
        s.messageCount = m_sessions.value(s.token).messages; // what is committed, as out.messages says
        out.updated.append(s);
    }
    return true;
}

} // namespace Store
