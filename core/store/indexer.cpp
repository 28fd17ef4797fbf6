#include "indexer.h"

#include "reader.h"
#include "searchindex.h"

#include <QSqlQuery>
#include <QThread>

#include <pthread.h>
#include <sched.h>

namespace Store {

namespace {

constexpr int kBatch = 32;                       // messages handed to the writer at once
constexpr qint64 kBatchBytes = 16 * 1024 * 1024; // and at most about this many of their octets in memory
constexpr int kLookAgainMs = 5000;              // for mail stored by another process

// Lets the calling thread run only on otherwise idle CPU (Linux SCHED_IDLE), so analysis never
// takes time from the SMTP and store threads; Qt's thread priorities do not do this on Linux.
void runWhenIdle()
{
#ifdef SCHED_IDLE
    sched_param none{};
    pthread_setschedparam(pthread_self(), SCHED_IDLE, &none);
#endif
}

} // namespace

Indexer::Indexer(QString path, Submit submit)
    : m_path(std::move(path)), m_submit(std::move(submit))
{
}

Indexer::~Indexer()
{
    stop();
}

void Indexer::start()
{
    if (m_thread)
        return;
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = false;
        m_pending = true; // messages stored before this start may be waiting
    }
    m_cancelled = false;
    m_thread = QThread::create([this] { run(); });
    m_thread->setObjectName(QStringLiteral("store-analysis"));
    m_thread->start();
}

void Indexer::stop()
{
    if (!m_thread)
        return;
    m_cancelled = true;
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        m_wake.wakeAll();
    }
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

void Indexer::messagesCommitted()
{
    QMutexLocker lock(&m_mutex);
    m_pending = true;
    m_wake.wakeOne();
}

void Indexer::catchUp()
{
    Reader reader(m_path);
    if (!reader.isOpen())
        return;
    qint64 lastId = 0;
    for (QList<WriteItem> items = nextBatch(reader, &lastId); !items.isEmpty(); items = nextBatch(reader, &lastId)) {
        if (!m_submit(std::move(items)))
            return;
    }
}

QList<WriteItem> Indexer::nextBatch(Reader &reader, qint64 *lastId)
{
    QSqlQuery q(reader.connection());
    q.setForwardOnly(true);
    q.prepare(analysisSelect()
              + QStringLiteral(" WHERE m.id > MAX(?, (SELECT last_id FROM analysis_progress)) ORDER BY m.id LIMIT ?"));
    q.addBindValue(*lastId);
    q.addBindValue(kBatch);
    QList<WriteItem> items;
    if (!q.exec())
        return items;
    qint64 bytes = 0;
    // Each parse is bounded (Mime::Limits); a stop waits for one message, not for the batch.
    while (bytes < kBatchBytes && !m_cancelled && q.next()) {
        const Records::MessageRecord m = analysisRecord(q);
        *lastId = m.summary.id;
        bytes += m.raw.size();
        items.append({.kind = WriteItem::Kind::Analysis, .messageId = m.summary.id, .analysis = analyse(m)});
    }
    return items;
}

void Indexer::run()
{
    runWhenIdle();
    Reader reader(m_path);
    qint64 lastId = 0; // 0: start after the last message the database says was indexed
    for (;;) {
        {
            QMutexLocker lock(&m_mutex);
            // Without news from the writer, look now and then: another process (the window and
            // `mailscope serve` on one database) may have stored mail.
            if (!m_pending && !m_stopping)
                m_wake.wait(&m_mutex, kLookAgainMs);
            if (m_stopping)
                return;
            m_pending = false;
        }
        if (!reader.isOpen())
            continue;
        for (QList<WriteItem> items = nextBatch(reader, &lastId); !items.isEmpty(); items = nextBatch(reader, &lastId)) {
            if (!m_submit(std::move(items)))
                return;
            QMutexLocker lock(&m_mutex);
            if (m_stopping)
                return;
        }
    }
}

} // namespace Store
