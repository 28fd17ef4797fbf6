#include "writer.h"

#include "batchwriter.h"
#include "rawpieces.h"
#include "database.h"
#include "statement.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QSqlQuery>
#include <QThread>

#include <algorithm>
#include <limits>

namespace Store {

namespace {
constexpr int kCoalesceMs = 20;
constexpr int kActiveMs = 1000;    // clients sent something this recently: the writer polls the queue
constexpr int kIdleMs = 30;        // without client traffic for this long, the writer indexes
constexpr int kMaxIndexWaitMs = 1000; // under steady traffic, one indexer batch a second at least
constexpr qint64 kForever = std::numeric_limits<qint64>::max();

qint64 steadyMs()
{
    return QDeadlineTimer::current().deadline();
}
} // namespace

Writer::Writer(QString path, QObject *parent)
    : QObject(parent), m_path(std::move(path)),
      m_indexer(m_path, [this](QList<WriteItem> items) { return submitAnalysis(std::move(items)); }),
      m_checkpointer(m_path)
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
    m_alone = m_presence.arrive(m_path);
    m_thread = QThread::create([this] { run(); });
    m_thread->setObjectName(QStringLiteral("store-writer"));
    QMutexLocker lock(&m_mutex);
    m_thread->start();
    m_done.wait(&m_mutex); // run() signals once the database is open or failed to open
    if (!m_opened && error)
        *error = m_openError;
    if (m_opened)
        m_indexer.start();
    return m_opened;
}

void Writer::stop()
{
    if (!m_thread)
        return;
    {
        QMutexLocker lock(&m_mutex);
        m_urgent = true; // the indexer's batch in hand is written; the rest waits for next start
        m_wake.wakeAll();
    }
    m_indexer.stop();
    {
        QMutexLocker lock(&m_mutex);
        m_urgent = false;
        m_stopping = true;
        m_wake.wakeAll();
    }
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_presence.leave();
}

void Writer::setRetention(const Retention &retention)
{
    m_maxMessages = retention.maxMessages;
    m_maxAgeDays = retention.maxAgeDays;
    m_maxTotalSize = retention.maxTotalSize;
}

void Writer::enqueue(WriteItem item)
{
    QMutexLocker lock(&m_mutex);
    // The writer waits for a message before committing lines (see takeWork()): wake it for a
    // message, or when it sleeps without looking at the queue by itself; not for every line,
    // which would cost a thread switch each.
    const bool message = item.kind == WriteItem::Kind::Message;
    const qint64 now = steadyMs();
    if (m_queue.isEmpty())
        m_queueSinceMs = now;
    m_queueHoldsMessage = m_queueHoldsMessage || message;
    m_queue.append(std::move(item));
    ++m_enqueued;
    m_lastIngestMs = now;
    if (message || m_sleeping)
        m_wake.wakeOne();
}

void Writer::startSession(const Records::SessionRecord &session)
{
    enqueue({.kind = WriteItem::Kind::Start, .session = session});
}

void Writer::appendTranscript(const QList<Records::TranscriptLine> &lines)
{
    if (!lines.isEmpty())
        enqueue({.kind = WriteItem::Kind::Lines, .lines = lines});
}

void Writer::storeMessage(const Records::MessageRecord &message)
{
    enqueue({.kind = WriteItem::Kind::Message, .message = message});
}

void Writer::updateSession(const Records::SessionRecord &session)
{
    enqueue({.kind = WriteItem::Kind::Update, .session = session});
}

void Writer::spoolProgress(const QString &path, qint64 written)
{
    enqueue({.kind = WriteItem::Kind::SpoolProgress, .spoolPath = path, .spoolWritten = written});
}

void Writer::perform(Task task)
{
    enqueue({.kind = WriteItem::Kind::Task, .task = std::move(task)});
}

void Writer::flush()
{
    QMutexLocker lock(&m_mutex);
    ++m_flushing;
    m_wake.wakeAll();
    for (const quint64 target = m_enqueued; m_opened && m_written < target;)
        m_done.wait(&m_mutex);
    --m_flushing;
}

void Writer::flushIndexed()
{
    flush();
    {
        QMutexLocker lock(&m_mutex);
        if (!m_opened)
            return;
        ++m_flushing; // the batches below are written at once
    }
    m_indexer.catchUp();
    QMutexLocker lock(&m_mutex);
    --m_flushing;
}

bool Writer::submitAnalysis(QList<WriteItem> items)
{
    QMutexLocker lock(&m_mutex);
    if (m_stopping || !m_opened)
        return false;
    if (m_background.isEmpty())
        m_backgroundSinceMs = steadyMs();
    m_background.append(std::move(items));
    const quint64 ticket = ++m_backgroundEnqueued;
    m_wake.wakeAll();
    while (m_backgroundWritten < ticket && m_opened)
        m_done.wait(&m_mutex);
    return m_backgroundWritten >= ticket;
}

// Called with m_mutex held. Clients' items first; the indexer's when clients have been quiet
// for kIdleMs, or its batch has waited kMaxIndexWaitMs (a steady trickle of mail would
// otherwise keep new messages out of search). Empty when stopping with nothing left.
// items comes in empty; the queue takes its storage in exchange, so it does not grow anew
// for every commit.
void Writer::takeWork(QList<WriteItem> &items, bool *background)
{
    for (;;) {
        const qint64 now = steadyMs();
        if (!m_background.isEmpty()) {
            const bool due = m_flushing > 0 || m_urgent || now >= m_backgroundSinceMs + kMaxIndexWaitMs
                || (m_queue.isEmpty() && now >= m_lastIngestMs + kIdleMs);
            if (due) {
                *background = true;
                m_backgroundTaken = m_backgroundEnqueued; // every submission waiting rides in this commit
                items.swap(m_background);
                return;
            }
        }
        // Lines and session updates alone wait a little for a message to ride with, so most
        // commits carry messages whose clients wait for their 250.
        if (m_stopping
            || (!m_queue.isEmpty() && (m_queueHoldsMessage || m_flushing > 0 || now >= m_queueSinceMs + kCoalesceMs)))
            break;
        // While clients are active the writer looks at the queue every kCoalesceMs by itself,
        // so their lines need not wake it (a thread switch each); only messages do.
        const bool polling = !m_queue.isEmpty() || now < m_lastIngestMs + kActiveMs;
        qint64 until = polling ? (m_queue.isEmpty() ? now : m_queueSinceMs) + kCoalesceMs : kForever;
        if (!m_background.isEmpty())
            until = qMin(until, qMin(m_lastIngestMs + kIdleMs, m_backgroundSinceMs + kMaxIndexWaitMs));
        m_sleeping = !polling;
        if (until == kForever)
            m_wake.wait(&m_mutex);
        else
            m_wake.wait(&m_mutex, QDeadlineTimer(qMax<qint64>(0, until - now)));
        m_sleeping = false;
    }
    *background = false;
    if (m_queue.isEmpty())
        return;
    m_queueHoldsMessage = false;
    items.swap(m_queue);
}

bool Writer::upgrade(const QString &path, QString *error)
{
    const QString name = uniqueConnectionName(QStringLiteral("upgrade"));
    const bool opened = openConnection(path, name, Access::Migrate, error).isOpen();
    closeConnection(name);
    return opened;
}

void Writer::run()
{
    const QString name = uniqueConnectionName(QStringLiteral("writer"));
    {
        QString error;
        QSqlDatabase db = openConnection(m_path, name, Access::Migrate, &error);
        if (db.isOpen()) {
            QSqlQuery q(db);
            q.exec(m_durability == Durability::Full ? QStringLiteral("PRAGMA synchronous = FULL")
                                                    : QStringLiteral("PRAGMA synchronous = NORMAL"));
            // A page cache that holds the hot indexes; checkpoints happen on another thread.
            q.exec(QStringLiteral("PRAGMA cache_size = -16384"));
            m_checkpointer.install(Statement::handle(db));
            if (m_alone) {
                // Message data spooled for a process that ended before storing it.
                Records::SpoolFile::clearFolder(Records::SpoolFile::folderFor(QFileInfo(m_path).absoluteFilePath()));
                // And the pieces of those messages already in the database.
                RawPieces::forgetUnclaimed(db);
                // Sessions still open were a process's that ended without closing them (a crash).
                q.exec(QStringLiteral("UPDATE sessions SET outcome = 'interrupted', ended_us = COALESCE(ended_us,"
                                      " (SELECT received_us FROM messages WHERE id = sessions.last_message_id),"
                                      " started_us) WHERE outcome = 'in_progress'"));
            }
            m_presence.share();
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

        BatchWriter batch(db);
        bool syncing = m_durability == Durability::Full;
        QList<WriteItem> items;
        for (;;) {
            bool background = false;
            items.clear(); // keeps its storage for the queue
            {
                QMutexLocker lock(&m_mutex);
                takeWork(items, &background);
                if (items.isEmpty())
                    break;
            }
            if (m_durability == Durability::Full) {
                // In WAL mode a NORMAL commit is not synced, and the next FULL commit syncs the
                // log with it: only commits that acknowledge messages wait for the disk.
                const bool acknowledges = std::any_of(items.cbegin(), items.cend(),
                                                      [](const WriteItem &i) { return i.kind == WriteItem::Kind::Message; });
                if (acknowledges != syncing) {
                    QSqlQuery(db).exec(acknowledges ? QStringLiteral("PRAGMA synchronous = FULL")
                                                    : QStringLiteral("PRAGMA synchronous = NORMAL"));
                    syncing = acknowledges;
                }
            }
            Records::CommitBatch out;
            QString error;
            if (!batch.write(items, Retention{m_maxMessages, m_maxAgeDays, m_maxTotalSize}, out, &error)) {
                out = Records::CommitBatch();
                for (const WriteItem &item : std::as_const(items)) {
                    if (item.kind == WriteItem::Kind::Message)
                        out.acks.append({item.message.token, 0, error});
                }
                Q_EMIT writeFailed(error);
            }
            // Committed or refused, a spooled message's file has served its purpose, before its 250.
            for (const WriteItem &item : std::as_const(items)) {
                if (item.kind == WriteItem::Kind::Message)
                    item.message.spool.remove();
            }
            for (const QString &taskError : batch.takeTaskErrors())
                Q_EMIT writeFailed(taskError);
            Q_EMIT committed(out); // first: clients wait for their acknowledgements
            if (!out.messages.isEmpty())
                m_indexer.messagesCommitted();
            QMutexLocker lock(&m_mutex);
            if (background)
                m_backgroundWritten = m_backgroundTaken;
            else
                m_written += items.size();
            // Waiters: flush() (counted in m_flushing) and the indexer's submission (its batch is
            // written in a background commit). The indexer waits through most client commits, and
            // waking it for each would cost a thread switch per commit.
            if (background || m_flushing > 0)
                m_done.wakeAll();
        }
        m_checkpointer.stop();
    }
    closeConnection(name);
    QMutexLocker lock(&m_mutex);
    m_opened = false;
    m_done.wakeAll();
}

} // namespace Store
