#pragma once

#include "writeitem.h"

#include <QMutex>
#include <QString>
#include <QWaitCondition>

#include <functional>

class QThread;

namespace Store {

// Parses stored messages for the search index and the lint count, in id order, on a thread
// that runs only on otherwise idle CPU. It reads what is committed, so nothing is held in
// memory for it, a flood only delays it, and after a crash it goes on where it stopped: the
// last message it indexed is kept in the database (analysis_progress).
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
    void stop();                       // returns after the batch in hand; the rest waits for next time
    void messagesCommitted();          // there may be more to index
    void waitUntilCaughtUp();          // everything committed before the call is indexed

private:
    void run();
    QList<WriteItem> nextBatch(class Reader &reader, qint64 *lastId);

    QString m_path;
    Submit m_submit;
    QThread *m_thread = nullptr;
    QMutex m_mutex;
    QWaitCondition m_wake;
    QWaitCondition m_idle;
    quint64 m_commits = 0;             // messagesCommitted() calls
    quint64 m_coveredCommits = 0;      // commits whose messages are indexed
    bool m_stopping = false;
};

} // namespace Store
