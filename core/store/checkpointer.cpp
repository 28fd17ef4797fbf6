#include "checkpointer.h"

#include "database.h"
#include "statement.h"

#include <QThread>

#include <sqlite3.h>

namespace Store {

namespace {
constexpr int kCheckpointPages = 4096;     // about 16 MiB of log: checkpoint it in the background
constexpr int kInlinePages = 16 * 4096;    // the background cannot keep up: the writer does it
} // namespace

Checkpointer::Checkpointer(QString path)
    : m_path(std::move(path))
{
}

Checkpointer::~Checkpointer()
{
    stop();
}

void Checkpointer::install(sqlite3 *writerConnection)
{
    if (!writerConnection)
        return;
    // Replaces SQLite's automatic checkpoint, which runs inside the commit.
    sqlite3_wal_hook(writerConnection, &Checkpointer::walHook, this);
    QMutexLocker lock(&m_mutex);
    if (m_thread)
        return;
    m_stopping = false;
    m_thread = QThread::create([this] { run(); });
    m_thread->setObjectName(QStringLiteral("store-checkpoint"));
    m_thread->start();
}

void Checkpointer::stop()
{
    QThread *thread = nullptr;
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        m_wake.wakeAll();
        thread = std::exchange(m_thread, nullptr);
    }
    if (thread) {
        thread->wait();
        delete thread;
    }
}

int Checkpointer::walHook(void *self, sqlite3 *db, const char *name, int pages)
{
    if (pages >= kInlinePages)
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    else if (pages >= kCheckpointPages)
        static_cast<Checkpointer *>(self)->request();
    return SQLITE_OK;
}

void Checkpointer::request()
{
    QMutexLocker lock(&m_mutex);
    if (!m_requested) {
        m_requested = true;
        m_wake.wakeOne();
    }
}

void Checkpointer::run()
{
    const QString name = uniqueConnectionName(QStringLiteral("checkpoint"));
    {
        QSqlDatabase db = openConnection(m_path, name, Access::Write, nullptr);
        sqlite3 *handle = db.isOpen() ? Statement::handle(db) : nullptr;
        for (;;) {
            {
                QMutexLocker lock(&m_mutex);
                while (!m_requested && !m_stopping)
                    m_wake.wait(&m_mutex);
                if (m_stopping)
                    break;
                m_requested = false;
            }
            if (handle)
                sqlite3_wal_checkpoint_v2(handle, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        }
    }
    closeConnection(name);
}

} // namespace Store
