#include "writer.h"

#include "database.h"
#include "jsoncodec.h"
#include "maintenance.h"
#include "searchindex.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QVariant>

#include <algorithm>

namespace Store {

namespace {

constexpr int kCoalesceMs = 20;

// Qt binds a null QByteArray as SQL NULL; an empty value must stay an empty blob.
QVariant blob(const QByteArray &bytes)
{
    return bytes.isNull() ? QVariant(QByteArray("")) : QVariant(bytes);
}

QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

// The next id of a table: above every id it holds and every id it ever held.
QString nextId(const char *table)
{
    const QString t = QString::fromLatin1(table);
    return QStringLiteral("(SELECT MAX(last_id, COALESCE((SELECT MAX(id) FROM ") + t
        + QStringLiteral("), 0)) + 1 FROM id_high_water WHERE tbl = '") + t + QStringLiteral("')");
}

} // namespace

// Prepared statements and the token-to-id map; lives on the writer thread only.
class Writer::Batch
{
public:
    explicit Batch(QSqlDatabase db)
        : m_db(db), m_insertSession(db), m_updateSession(db), m_insertLine(db), m_insertMessage(db), m_insertRaw(db),
          m_index(db)
    {
        m_insertSession.prepare(QStringLiteral(
            "INSERT INTO sessions (id, started_us, client_addr, client_port, server_addr, server_port, helo, outcome)"
            " VALUES (") + nextId("sessions") + QStringLiteral(", ?, ?, ?, ?, ?, ?, ?)"));
        m_updateSession.prepare(QStringLiteral(
            "UPDATE sessions SET ended_us = ?, helo = ?, outcome = ?,"
            " message_count = (SELECT COUNT(*) FROM messages WHERE session_id = sessions.id),"
            " defects = ?, tls = ?, auth_user = ?, fault_rules = ?, dropped_messages = ? WHERE id = ?"));
        m_insertLine.prepare(QStringLiteral(
            "INSERT INTO transcript (session_id, t_us, direction, data, message_id) VALUES (?, ?, ?, ?, ?)"));
        m_insertMessage.prepare(QStringLiteral(
            "INSERT INTO messages (id, session_id, received_us, mail_from, recipients, envelope, size, header_from,"
            " header_to, subject, date, defects, source, attachments, has_html, auth_user, flags, fault_rules, lint)"
            " VALUES (") + nextId("messages") + QStringLiteral(", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        m_insertRaw.prepare(QStringLiteral("INSERT INTO message_raw (message_id, data) VALUES (?, ?)"));
    }

    // Writes the items in one transaction; on failure nothing is kept and error says why.
    bool write(QList<Item> &items, qint64 retention, CommitBatch &out, QString *error)
    {
        const QHash<quint64, qint64> idsBefore = m_sessionIds;
        if (!m_db.transaction())
            return fail(m_db.lastError().text(), error, idsBefore);
        for (Item &item : items) {
            bool ok = true;
            switch (item.kind) {
            case Item::Kind::Start:
                ok = insertSession(item.session, out);
                break;
            case Item::Kind::Lines:
                ok = insertLines(item.lines, out);
                break;
            case Item::Kind::Message:
                ok = insertMessage(item.message, out);
                break;
            case Item::Kind::Update:
                ok = updateSession(item.session, out);
                break;
            case Item::Kind::Task:
                ok = runTask(item.task, out);
                break;
            }
            if (!ok)
                return fail(m_lastError, error, idsBefore);
        }
        if (!m_retention.apply(m_db, retention, out, &m_lastError))
            return fail(m_lastError, error, idsBefore);
        if (!m_db.commit())
            return fail(m_db.lastError().text(), error, idsBefore);
        for (const SessionRecord &s : std::as_const(out.ended))
            m_sessionIds.remove(s.token);
        return true;
    }

private:
    bool fail(const QString &why, QString *error, const QHash<quint64, qint64> &idsBefore)
    {
        m_db.rollback();
        m_sessionIds = idsBefore;
        m_retention.forget();
        if (error)
            *error = why;
        return false;
    }

    bool exec(QSqlQuery &q)
    {
        if (q.exec())
            return true;
        m_lastError = q.lastError().text();
        return false;
    }

    bool insertSession(SessionRecord s, CommitBatch &out)
    {
        m_insertSession.bindValue(0, s.startedUs);
        m_insertSession.bindValue(1, text(s.clientAddress));
        m_insertSession.bindValue(2, s.clientPort);
        m_insertSession.bindValue(3, text(s.serverAddress));
        m_insertSession.bindValue(4, s.serverPort);
        m_insertSession.bindValue(5, blob(s.helo));
        m_insertSession.bindValue(6, outcomeName(s.outcome));
        if (!exec(m_insertSession))
            return false;
        s.id = m_insertSession.lastInsertId().toLongLong();
        m_sessionIds.insert(s.token, s.id);
        out.started.append(s);
        return true;
    }

    bool insertLine(TranscriptLine &line)
    {
        m_insertLine.bindValue(0, line.sessionId);
        m_insertLine.bindValue(1, line.timeUs);
        m_insertLine.bindValue(2, static_cast<int>(line.direction));
        m_insertLine.bindValue(3, blob(line.data));
        m_insertLine.bindValue(4, line.messageId ? QVariant(line.messageId) : QVariant());
        if (!exec(m_insertLine))
            return false;
        line.id = m_insertLine.lastInsertId().toLongLong();
        return true;
    }

    bool insertLines(QList<TranscriptLine> lines, CommitBatch &out)
    {
        for (TranscriptLine &line : lines) {
            line.sessionId = m_sessionIds.value(line.sessionToken);
            if (!line.sessionId)
                continue; // its session failed to be written; nothing to attach the line to
            if (!insertLine(line))
                return false;
            out.lines.append(line);
        }
        return true;
    }

    bool insertMessage(MessageRecord m, CommitBatch &out)
    {
        const qint64 sessionId = m.sessionToken ? m_sessionIds.value(m.sessionToken) : 0;
        QList<QByteArray> recipients;
        for (const Smtp::Recipient &r : std::as_const(m.envelope.recipients))
            recipients.append(r.address);
        MessageSummary &s = m.summary;
        s.sessionId = sessionId;
        s.mailFrom = m.envelope.mailFrom;
        s.recipients = recipients;
        s.size = m.raw.size();

        QJsonObject envelope = Json::fromEnvelope(m.envelope);
        envelope.insert(QStringLiteral("helo"), QString::fromUtf8(m.helo));
        envelope.insert(QStringLiteral("client_addr"), m.clientAddress);
        envelope.insert(QStringLiteral("client_port"), m.clientPort);
        envelope.insert(QStringLiteral("server_addr"), m.serverAddress);
        envelope.insert(QStringLiteral("server_port"), m.serverPort);
        envelope.insert(QStringLiteral("data_lines"), m.dataLines);
        if (!s.authUser.isEmpty())
            envelope.insert(QStringLiteral("auth_user"), QString::fromUtf8(s.authUser));
        envelope.insert(QStringLiteral("tls"), s.tls);

        QSqlQuery &q = m_insertMessage;
        q.bindValue(0, sessionId ? QVariant(sessionId) : QVariant());
        q.bindValue(1, s.receivedUs);
        q.bindValue(2, blob(m.envelope.mailFrom));
        q.bindValue(3, blob(recipients.join('\n')));
        q.bindValue(4, QString::fromUtf8(Json::compact(envelope)));
        q.bindValue(5, s.size);
        q.bindValue(6, text(s.headerFrom));
        q.bindValue(7, text(s.headerTo));
        q.bindValue(8, text(s.subject));
        q.bindValue(9, text(s.date));
        q.bindValue(10, QString::fromUtf8(Json::compact(Json::fromDefects(m.defects))));
        q.bindValue(11, text(m.source));
        q.bindValue(12, s.attachments);
        q.bindValue(13, s.hasHtml ? 1 : 0);
        q.bindValue(14, s.authUser.isEmpty() ? QVariant() : QVariant(s.authUser));
        s.flags = s.tls ? kFlagTls : 0;
        q.bindValue(15, s.flags);
        q.bindValue(16, QString::fromUtf8(Json::compact(QJsonArray::fromStringList(s.faultRules))));
        const IndexedText indexed = analyse(m);
        s.lint = indexed.lint;
        q.bindValue(17, s.lint);
        if (!exec(q))
            return false;
        s.id = q.lastInsertId().toLongLong();
        m_insertRaw.bindValue(0, s.id);
        m_insertRaw.bindValue(1, blob(m.raw));
        if (!exec(m_insertRaw) || !m_index.add(s.id, indexed, &m_lastError))
            return false;
        if (sessionId && !m.dataNote.isEmpty()) {
            TranscriptLine line{m.sessionToken, sessionId, 0, s.receivedUs, Direction::Note, m.dataNote.toUtf8(), s.id};
            if (!insertLine(line))
                return false;
            out.lines.append(line);
        }
        out.messages.append(s);
        out.acks.append({m.token, s.id, {}});
        return true;
    }

    bool updateSession(SessionRecord s, CommitBatch &out)
    {
        s.id = m_sessionIds.value(s.token);
        if (!s.id)
            return true;
        m_updateSession.bindValue(0, s.endedUs ? QVariant(s.endedUs) : QVariant());
        m_updateSession.bindValue(1, blob(s.helo));
        m_updateSession.bindValue(2, outcomeName(s.outcome));
        m_updateSession.bindValue(3, QString::fromUtf8(Json::compact(Json::fromDefects(s.defects))));
        m_updateSession.bindValue(4, s.tls.isEmpty() ? QVariant() : QVariant(QString::fromUtf8(Json::compact(s.tls))));
        m_updateSession.bindValue(5, s.authUser.isEmpty() ? QVariant() : QVariant(s.authUser));
        m_updateSession.bindValue(6, QString::fromUtf8(Json::compact(Json::fromFaultHits(s.faultRules))));
        m_updateSession.bindValue(7, s.droppedMessages);
        m_updateSession.bindValue(8, s.id);
        if (!exec(m_updateSession))
            return false;
        if (s.outcome != Outcome::InProgress)
            out.ended.append(s);
        return true;
    }

    // A task that fails is undone alone and reported; the clients' mail in the commit stays.
    bool runTask(const Task &task, CommitBatch &out)
    {
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("SAVEPOINT task"))) {
            m_lastError = q.lastError().text();
            return false;
        }
        CommitBatch changes;
        QString why;
        if (task(m_db, changes, &why)) {
            out.append(changes);
            return exec(q, QStringLiteral("RELEASE task"));
        }
        m_taskErrors.append(why);
        return exec(q, QStringLiteral("ROLLBACK TO task")) && exec(q, QStringLiteral("RELEASE task"));
    }

    bool exec(QSqlQuery &q, const QString &sql)
    {
        if (q.exec(sql))
            return true;
        m_lastError = q.lastError().text();
        return false;
    }

public:
    QStringList takeTaskErrors() { return std::exchange(m_taskErrors, {}); }

private:
    QSqlDatabase m_db;
    QSqlQuery m_insertSession, m_updateSession, m_insertLine, m_insertMessage, m_insertRaw;
    SearchIndex m_index;
    Maintenance::Retention m_retention;
    QStringList m_taskErrors;
    QHash<quint64, qint64> m_sessionIds;
    QString m_lastError;
};

Writer::Writer(QString path, QObject *parent)
    : QObject(parent), m_path(std::move(path))
{
}

Writer::~Writer()
{
    stop();
}

bool Writer::start(QString *error)
{
    if (m_thread)
        return m_opened;
    m_stopping = false; // a stopped writer may be started again
    m_thread = QThread::create([this] { run(); });
    m_thread->setObjectName(QStringLiteral("store-writer"));
    QMutexLocker lock(&m_mutex);
    m_thread->start();
    m_done.wait(&m_mutex); // run() signals once the database is open or failed to open
    if (!m_opened && error)
        *error = m_openError;
    return m_opened;
}

void Writer::stop()
{
    if (!m_thread)
        return;
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        m_wake.wakeAll();
    }
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

void Writer::enqueue(Item item)
{
    QMutexLocker lock(&m_mutex);
    m_queueHoldsMessage = m_queueHoldsMessage || item.kind == Item::Kind::Message;
    m_queue.append(std::move(item));
    ++m_enqueued;
    m_wake.wakeOne();
}

void Writer::startSession(const SessionRecord &session)
{
    enqueue({Item::Kind::Start, session, {}, {}, {}});
}

void Writer::appendTranscript(const QList<TranscriptLine> &lines)
{
    if (!lines.isEmpty())
        enqueue({Item::Kind::Lines, {}, lines, {}, {}});
}

void Writer::storeMessage(const MessageRecord &message)
{
    enqueue({Item::Kind::Message, {}, {}, message, {}});
}

void Writer::updateSession(const SessionRecord &session)
{
    enqueue({Item::Kind::Update, session, {}, {}, {}});
}

void Writer::perform(Task task)
{
    enqueue({Item::Kind::Task, {}, {}, {}, std::move(task)});
}

void Writer::flush()
{
    QMutexLocker lock(&m_mutex);
    const quint64 target = m_enqueued;
    ++m_flushing;
    m_wake.wakeAll();
    while (m_opened && m_written < target)
        m_done.wait(&m_mutex);
    --m_flushing;
}

void Writer::run()
{
    const QString name = uniqueConnectionName(QStringLiteral("writer"));
    {
        QString error;
        QSqlDatabase db = openConnection(m_path, name, &error);
        if (db.isOpen()) {
            QSqlQuery(db).exec(m_durability == Durability::Full ? QStringLiteral("PRAGMA synchronous = FULL")
                                                                : QStringLiteral("PRAGMA synchronous = NORMAL"));
        }
        {
            QMutexLocker lock(&m_mutex);
            m_opened = db.isOpen();
            m_openError = error;
            m_done.wakeAll();
        }
        if (!db.isOpen()) {
            db = QSqlDatabase();
            closeConnection(name);
            return;
        }

        Batch batch(db);
        bool syncing = m_durability == Durability::Full;
        for (;;) {
            QList<Item> items;
            {
                QMutexLocker lock(&m_mutex);
                while (m_queue.isEmpty() && !m_stopping)
                    m_wake.wait(&m_mutex);
                if (m_queue.isEmpty() && m_stopping)
                    break;
                // Lines and session updates alone wait a little for a message to ride with,
                // so most commits carry messages whose clients wait for their 250.
                QDeadlineTimer deadline(kCoalesceMs);
                while (!m_queueHoldsMessage && !m_stopping && m_flushing == 0 && !deadline.hasExpired())
                    m_wake.wait(&m_mutex, deadline);
                items.swap(m_queue);
                m_queueHoldsMessage = false;
            }
            if (m_durability == Durability::Full) {
                // In WAL mode a NORMAL commit is not synced, and the next FULL commit syncs the
                // log with it: only commits that acknowledge messages wait for the disk.
                const bool acknowledges = std::any_of(items.cbegin(), items.cend(),
                                                      [](const Item &i) { return i.kind == Item::Kind::Message; });
                if (acknowledges != syncing) {
                    QSqlQuery(db).exec(acknowledges ? QStringLiteral("PRAGMA synchronous = FULL")
                                                    : QStringLiteral("PRAGMA synchronous = NORMAL"));
                    syncing = acknowledges;
                }
            }
            CommitBatch out;
            QString error;
            if (!batch.write(items, m_retention, out, &error)) {
                out = CommitBatch();
                for (const Item &item : std::as_const(items)) {
                    if (item.kind == Item::Kind::Message)
                        out.acks.append({item.message.token, 0, error});
                }
                Q_EMIT writeFailed(error);
            }
            for (const QString &taskError : batch.takeTaskErrors())
                Q_EMIT writeFailed(taskError);
            Q_EMIT committed(out);
            QMutexLocker lock(&m_mutex);
            m_written += items.size();
            m_done.wakeAll();
        }
    }
    closeConnection(name);
    QMutexLocker lock(&m_mutex);
    m_opened = false;
    m_done.wakeAll();
}

} // namespace Store
