#include "captureservice.h"

#include "records/spoolfile.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QThread>

namespace Capture {

CaptureService::CaptureService(Config config, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_writer(m_config.databasePath)
{
    m_writer.setDurability(m_config.durability);
    // Large messages are spooled beside the database; the writer clears leftovers at start.
    if (m_config.server.spoolFolder.isEmpty())
        m_config.server.spoolFolder = Records::SpoolFile::folderFor(QFileInfo(m_config.databasePath).absoluteFilePath());
    setRetention(m_config.retention);
    m_publishTimer.setSingleShot(true);
    m_publishTimer.setInterval(kLiveIntervalMs);
    connect(&m_publishTimer, &QTimer::timeout, this, &CaptureService::publish);
    // Retention runs with each commit; an empty one lets the age limit act on a quiet server.
    m_ageTimer.setInterval(kAgeCheckIntervalMs);
    connect(&m_ageTimer, &QTimer::timeout, this, [this] {
        if (isRunning())
            m_writer.perform([](QSqlDatabase &, Records::CommitBatch &, QString *) { return true; });
    });
    // Gathered on the writer's thread: this thread is woken once per interval, not per commit.
    connect(&m_writer, &Store::Writer::committed, this, &CaptureService::onCommitted, Qt::DirectConnection);
    connect(&m_writer, &Store::Writer::writeFailed, this, &CaptureService::storeFailed, Qt::QueuedConnection);
}

CaptureService::~CaptureService()
{
    stop();
    m_writer.stop(); // a writer started without the server (paused) reports to onCommitted until then
}

void CaptureService::setRetention(const Retention &retention)
{
    m_config.retention = retention;
    m_writer.setRetention(retention);
    if (retention.maxAgeDays > 0)
        m_ageTimer.start();
    else
        m_ageTimer.stop();
}

bool CaptureService::start(QString *error)
{
    if (m_server)
        return true;
    if (!m_writer.start(error))
        return false;

    m_network = new QThread;
    m_network->setObjectName(QStringLiteral("smtp-network"));
    Smtp::ServerConfig serverConfig = m_config.server;
    Store::Writer *storeWriter = &m_writer;
    // A large message goes into the database in pieces while the rest of it arrives.
    serverConfig.spoolProgress = [storeWriter](const QString &path, qint64 written) {
        storeWriter->spoolProgress(path, written);
    };
    m_server = new Smtp::Server(serverConfig);
    m_server->moveToThread(m_network);
    connect(m_network, &QThread::finished, m_server, &QObject::deleteLater);

    // Producers call the thread-safe writer directly from the network thread.
    Store::Writer *writer = &m_writer;
    connect(m_server, &Smtp::Server::sessionStarted, m_server,
            [writer](const Records::SessionRecord &s) { writer->startSession(s); });
    connect(m_server, &Smtp::Server::transcriptAppended, m_server,
            [writer](const QList<Records::TranscriptLine> &l) { writer->appendTranscript(l); });
    connect(m_server, &Smtp::Server::messageReceived, m_server,
            [writer](const Records::MessageRecord &m) { writer->storeMessage(m); });
    connect(m_server, &Smtp::Server::sessionUpdated, m_server,
            [writer](const Records::SessionRecord &s) { writer->updateSession(s); });
    connect(&m_writer, &Store::Writer::committed, m_server, &Smtp::Server::acknowledge, Qt::QueuedConnection);

    m_network->start();
    bool listening = false;
    QString why;
    QMetaObject::invokeMethod(
        m_server,
        [&] {
            listening = m_server->listen(&why);
            m_addresses = m_server->boundAddresses();
            m_addressInUse = m_server->addressInUse();
        },
        Qt::BlockingQueuedConnection);
    if (!listening) {
        if (error)
            *error = why;
        m_network->quit();
        m_network->wait();
        delete m_network;
        m_network = nullptr;
        m_server = nullptr;
        m_writer.stop();
        return false;
    }
    return true;
}

void CaptureService::stop()
{
    if (!m_server)
        return;
    // Stop accepting, let every committed message get its 250, then close the sessions.
    Smtp::Server *server = m_server;
    QMetaObject::invokeMethod(server, [server] { server->stopListening(); }, Qt::BlockingQueuedConnection);
    m_writer.flush();
    // Queued after the acks the flush produced, so those are answered first.
    QMetaObject::invokeMethod(server, [server] { server->closeSessions(); }, Qt::BlockingQueuedConnection);
    m_network->quit();
    m_network->wait();
    delete m_network;
    m_network = nullptr;
    m_server = nullptr;
    m_writer.stop();
    m_addresses.clear();
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    publish();
}

// On the writer's thread.
bool CaptureService::hasStoreChanges(const Records::CommitBatch &batch)
{
    return !batch.removed.isEmpty() || batch.messagesRemovedUpTo || batch.sessionsRemovedUpTo || !batch.analysed.isEmpty()
        || !batch.tagsChanged.isEmpty() || !batch.seen.isEmpty();
}

void CaptureService::onCommitted(const Records::CommitBatch &batch)
{
    if (batch.started.isEmpty() && batch.lines.isEmpty() && batch.messages.isEmpty() && batch.updated.isEmpty()
        && batch.ended.isEmpty() && !hasStoreChanges(batch))
        return;
    QMutexLocker lock(&m_pendingMutex);
    m_pending.append(batch);
    if (std::exchange(m_publishScheduled, true))
        return;
    QMetaObject::invokeMethod(this, [this] {
        if (!m_publishTimer.isActive())
            m_publishTimer.start();
    }, Qt::QueuedConnection);
}

void CaptureService::publish()
{
    Records::CommitBatch batch;
    {
        QMutexLocker lock(&m_pendingMutex);
        batch = std::exchange(m_pending, {});
        m_publishScheduled = false;
    }
    if (!batch.started.isEmpty())
        Q_EMIT sessionsStarted(batch.started);
    if (!batch.lines.isEmpty())
        Q_EMIT transcriptAppended(batch.lines);
    if (!batch.messages.isEmpty())
        Q_EMIT messagesStored(batch.messages);
    if (!batch.updated.isEmpty())
        Q_EMIT sessionsUpdated(batch.updated);
    if (!batch.ended.isEmpty())
        Q_EMIT sessionsEnded(batch.ended);
    if (hasStoreChanges(batch)) {
        Records::CommitBatch changes;
        changes.removed = batch.removed;
        changes.messagesRemovedUpTo = batch.messagesRemovedUpTo;
        changes.sessionsRemovedUpTo = batch.sessionsRemovedUpTo;
        changes.analysed = batch.analysed;
        changes.tagsChanged = batch.tagsChanged;
        changes.seen = batch.seen;
        Q_EMIT storeChanged(changes);
    }
}

} // namespace Capture
