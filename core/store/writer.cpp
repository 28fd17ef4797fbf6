#include "writer.h"

#include "batchwriter.h"
#include "database.h"

#include <QDeadlineTimer>
#include <QSqlQuery>
#include <QThread>

#include <algorithm>

#include <pthread.h>
#include <sched.h>

namespace Store {

namespace {
constexpr int kCoalesceMs = 20;
constexpr int kMaxAnalysisBacklog = 2000;
// Lets the calling thread run only on otherwise idle CPU (Linux SCHED_IDLE), so analysis never
// takes time from the SMTP and store threads; Qt's thread priorities do not do this on Linux.
void runWhenIdle()
{
#ifdef SCHED_IDLE
    thread_local const bool lowered = [] {
        sched_param none{};
        return pthread_setschedparam(pthread_self(), SCHED_IDLE, &none) == 0;
    }();
    Q_UNUSED(lowered);
#endif
}

} // namespace

Writer::Writer(QString path, QObject *parent)
    : QObject(parent), m_path(std::move(path))
{
    m_analysis.setMaxThreadCount(1);
    m_analysis.setObjectName(QStringLiteral("store-analysis"));
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
    m_analysis.waitForDone(); // its results are written before the thread ends
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        m_wake.wakeAll();
    }
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

void Writer::enqueue(WriteItem item)
{
    QMutexLocker lock(&m_mutex);
    // The writer waits for a message before committing lines (see run()): wake it only when
    // that changes, not for every line, which would cost a thread switch each.
    const bool wake = m_queue.isEmpty() || item.kind == WriteItem::Kind::Message;
    m_queueHoldsMessage = m_queueHoldsMessage || item.kind == WriteItem::Kind::Message;
    m_queue.append(std::move(item));
    ++m_enqueued;
    if (wake)
        m_wake.wakeOne();
}

void Writer::startSession(const SessionRecord &session)
{
    enqueue({.kind = WriteItem::Kind::Start, .session = session});
}

void Writer::appendTranscript(const QList<TranscriptLine> &lines)
{
    if (!lines.isEmpty())
        enqueue({.kind = WriteItem::Kind::Lines, .lines = lines});
}

void Writer::storeMessage(const MessageRecord &message)
{
    enqueue({.kind = WriteItem::Kind::Message, .message = message});
}

void Writer::updateSession(const SessionRecord &session)
{
    enqueue({.kind = WriteItem::Kind::Update, .session = session});
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
    // Written, and analysed: analyses of the messages just written come back as new items.
    for (quint64 target = m_enqueued; m_opened && (m_written < target || m_analysing > 0); target = m_enqueued)
        m_done.wait(&m_mutex);
    --m_flushing;
}

void Writer::analyse(const QList<MessageRecord> &messages)
{
    if (messages.isEmpty())
        return;
    QList<MessageRecord> accepted = messages;
    {
        QMutexLocker lock(&m_mutex);
        // A flood must not queue unbounded copies of messages: beyond the backlog they stay
        // indexed by their headers only (lint -1, "not analysed").
        accepted = accepted.mid(0, qMax(0, kMaxAnalysisBacklog - m_analysing));
        m_analysing += int(accepted.size());
    }
    for (const MessageRecord &m : messages.mid(accepted.size())) // searchable by headers at least
        enqueue({.kind = WriteItem::Kind::Analysis, .messageId = m.summary.id, .analysis = headerText(m)});
    for (const MessageRecord &m : std::as_const(accepted)) {
        m_analysis.start([this, m] {
            runWhenIdle();
            enqueue({.kind = WriteItem::Kind::Analysis, .messageId = m.summary.id, .analysis = Store::analyse(m)});
            QMutexLocker lock(&m_mutex);
            --m_analysing;
            m_done.wakeAll();
        });
    }
}

void Writer::run()
{
    const QString name = uniqueConnectionName(QStringLiteral("writer"));
    {
        QString error;
        QSqlDatabase db = openConnection(m_path, name, &error);
        if (db.isOpen()) {
            QSqlQuery q(db);
            q.exec(m_durability == Durability::Full ? QStringLiteral("PRAGMA synchronous = FULL")
                                                    : QStringLiteral("PRAGMA synchronous = NORMAL"));
            // Fewer, larger checkpoints (each one syncs) and a page cache that holds the hot indexes.
            q.exec(QStringLiteral("PRAGMA wal_autocheckpoint = 4096"));
            q.exec(QStringLiteral("PRAGMA cache_size = -16384"));
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
        for (;;) {
            QList<WriteItem> items;
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
                                                      [](const WriteItem &i) { return i.kind == WriteItem::Kind::Message; });
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
                for (const WriteItem &item : std::as_const(items)) {
                    if (item.kind == WriteItem::Kind::Message)
                        out.acks.append({item.message.token, 0, error});
                }
                Q_EMIT writeFailed(error);
            }
            for (const QString &taskError : batch.takeTaskErrors())
                Q_EMIT writeFailed(taskError);
            analyse(batch.takeToAnalyse());
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
