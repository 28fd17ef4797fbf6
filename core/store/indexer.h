#pragma once

#include "writeitem.h"

#include <QMutex>
#include <QString>
#include <QWaitCondition>

#include <atomic>
#include <functional>

class QThread;

namespace Store {

// Parses stored messages for the search index and the lint count, in id order, on a thread
// that runs only on otherwise idle CPU. It reads what is committed, so nothing is held in
// memory for it, a flood only delays it, and after a crash it goes on where it stopped: the
// last message it indexed is kept in the database (analysis_progress). It also looks every
// few seconds for mail another process stored in the same database. Indexing a message twice
// is harmless (SearchIndex::add replaces the row), so catchUp() can work beside the thread.
class Indexer
{
public:
    // Hands a batch of Analysis items to the writer and returns once they are committed, or
    // false when the writer is stopping.
    using Submit = std::function<bool(QList<WriteItem> items)>;

    Indexer(QString path, Submit submit);
    ~Indexer();
    Indexer(const Indexer &) = delete;
    Indexer &operator=(const Indexer &) = delete;

    void start();
    void stop();                       // returns after the message in hand; the rest waits for next time
    void messagesCommitted();          // there may be more to index
    // Indexes, on the calling thread and at its priority, everything committed before the call.
    void catchUp();

private:
    void run();
    QList<WriteItem> nextBatch(class Reader &reader, qint64 *lastId);

    QString m_path;
    Submit m_submit;
    QThread *m_thread = nullptr;
    QMutex m_mutex;
    QWaitCondition m_wake;
    bool m_pending = false;            // messages were committed since the thread last looked
    bool m_stopping = false;
    std::atomic<bool> m_cancelled = false; // stop() was called: a batch being parsed ends after its current message
};

} // namespace Store
