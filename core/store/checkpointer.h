#pragma once

#include <QMutex>
#include <QString>
#include <QWaitCondition>

class QThread;
struct sqlite3;

namespace Store {

// Copies the write-ahead log back into the database on its own thread and connection, so a
// checkpoint (thousands of pages and a sync) never holds up a commit that clients wait for.
// The writer's connection reports the log's size after each commit (install()); when the
// checkpoints cannot keep up, the writer checkpoints itself, as SQLite would by default.
class Checkpointer
{
public:
    explicit Checkpointer(QString path);
    ~Checkpointer();
    Checkpointer(const Checkpointer &) = delete;
    Checkpointer &operator=(const Checkpointer &) = delete;

    void install(sqlite3 *writerConnection);   // on the writer thread, once its connection is open
    void stop();

private:
    static int walHook(void *self, sqlite3 *db, const char *name, int pages);
    void request();
    void run();

    QString m_path;
    QThread *m_thread = nullptr;
    QMutex m_mutex;
    QWaitCondition m_wake;
    bool m_requested = false;
    bool m_stopping = false;
};

} // namespace Store
