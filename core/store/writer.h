#pragma once

#include "checkpointer.h"
#include "indexer.h"
#include "records/commitbatch.h"
#include "retention.h"
#include "writeitem.h"
#include "writerpresence.h"

#include <QList>
#include <QMutex>
#include <QSqlDatabase>
#include <QObject>
#include <QWaitCondition>

#include <atomic>

class QThread;

namespace Store {

// The only object that writes the database. It owns a thread and, on it, its own SQLite
// connection. Any thread may enqueue; everything waiting is written in one transaction
// (group commit), then committed() reports it with database ids. Nothing is acknowledged
// to a client before committed() says it is on disk.
class Writer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Writer)

public:
    enum class Durability { Full, Normal }; // PRAGMA synchronous
    using Task = WriteTask;

    explicit Writer(QString path, QObject *parent = nullptr);
    ~Writer() override;

    void setDurability(Durability durability) { m_durability = durability; }
    // Opens the database, bringing its schema up to date first (the only place that migrates);
    // false with a reason when it cannot.
    bool start(QString *error);
    void stop();                  // writes what is queued, then ends the thread
    // What start() does to the schema, on the calling thread, without starting a writer: for
    // a front end that only reads a database an older Mailscope wrote.
    static bool upgrade(const QString &path, QString *error);

    // Thread-safe.
    void startSession(const Records::SessionRecord &session);
    void appendTranscript(const QList<Records::TranscriptLine> &lines);
    void storeMessage(const Records::MessageRecord &message);
    void updateSession(const Records::SessionRecord &session); // outcome InProgress: still open
    // The spool file at path holds `written` octets so far: a message that will be large is
    // stored in pieces as it arrives (RawPieces), so little is left to do after its last octet.
    void spoolProgress(const QString &path, qint64 written);
    void perform(Task task);
    void setRetention(const Retention &retention); // from the next commit on
    void flush();                 // returns once everything enqueued before it is committed
    // The same, and then indexes what is not yet indexed on the calling thread (the indexer's
    // own thread may be starved of CPU): for tests and tools that search right after.
    void flushIndexed();

Q_SIGNALS:
    void committed(const Records::CommitBatch &batch);
    void writeFailed(const QString &error);

private:
    void enqueue(WriteItem item);
    bool submitAnalysis(QList<WriteItem> items);
    void takeWork(QList<WriteItem> &items, bool *background);
    void run();

    QString m_path;
    Durability m_durability = Durability::Full;
    std::atomic<qint64> m_maxMessages = 0, m_maxAgeDays = 0, m_maxTotalSize = 0; // Retention, read per commit
    QThread *m_thread = nullptr;
    QMutex m_mutex;
    QWaitCondition m_wake;
    QWaitCondition m_done;
    QList<WriteItem> m_queue;
    quint64 m_enqueued = 0;
    quint64 m_written = 0;
    bool m_stopping = false;
    bool m_queueHoldsMessage = false;
    qint64 m_queueSinceMs = 0;       // when the oldest item in m_queue arrived (steady clock)
    bool m_sleeping = false;         // not looking at the queue by itself: every enqueue must wake it
    int m_flushing = 0;              // callers waiting in flush(): commit without delay
    // Search index and lint count: written only when clients have left the writer idle for a
    // moment (or someone flushes or stops), so a flood of mail is never slowed by it.
    Indexer m_indexer;
    Checkpointer m_checkpointer;
    QList<WriteItem> m_background;   // Analysis items from m_indexer
    quint64 m_backgroundEnqueued = 0; // batches handed over, taken into a commit, and written
    quint64 m_backgroundTaken = 0;
    quint64 m_backgroundWritten = 0;
    qint64 m_lastIngestMs = 0;       // when a client's item last arrived (steady clock)
    qint64 m_backgroundSinceMs = 0;  // when the indexer's waiting batch arrived
    bool m_urgent = false;           // stopping: write the indexer's batch at once
    bool m_opened = false;
    QString m_openError;
    WriterPresence m_presence;
    bool m_alone = false;            // no other writer had the database open at start
};

} // namespace Store
