#pragma once

#include "relaysettings.h"
#include "smtp/server.h"
#include "records/commitbatch.h"
#include "store/writer.h"

#include <QMutex>
#include <QObject>
#include <QTimer>

class QThread;

namespace Capture {

using Retention = Store::Retention;

// What a capture service runs with. Both front ends build it from Capture::ServerSettings.
struct Config
{
    QString databasePath;
    Smtp::ServerConfig server;
    Store::Writer::Durability durability = Store::Writer::Durability::Full;
    Retention retention;
    RelayConfig relay;            // for releasing stored messages; off unless configured
};

// Wires the SMTP server (on its own network thread) to the store writer (on its thread) and
// publishes what was committed to front ends as batched value-type signals, at most one of
// each kind per kLiveInterval. Lives on the thread of its front end.
class CaptureService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaptureService)

public:
    static constexpr int kLiveIntervalMs = 50;
    static constexpr int kAgeCheckIntervalMs = 60 * 1000;

    explicit CaptureService(Config config, QObject *parent = nullptr);
    ~CaptureService() override;

    bool start(QString *error);   // opens the store and starts listening; one clear reason on failure
    void stop();                  // stops listening, answers what is stored, closes sessions, drains the store
    bool isRunning() const { return m_server != nullptr; }
    QList<Smtp::ListenAddress> addresses() const { return m_addresses; }
    // After start() failed because another program holds a port: that address.
    std::optional<Smtp::ListenAddress> addressInUse() const { return m_addressInUse; }
    Store::Writer *writer() { return &m_writer; }
    void setRetention(const Retention &retention); // applies from the writer's next commit
    // Where releasing a stored message sends it (Smtp::release); changes without a restart.
    RelayConfig relay() const { return m_config.relay; }
    void setRelay(const RelayConfig &relay) { m_config.relay = relay; }

Q_SIGNALS:
    void sessionsStarted(const QList<Records::SessionRecord> &sessions);
    void transcriptAppended(const QList<Records::TranscriptLine> &lines);
    void messagesStored(const QList<Records::MessageSummary> &messages);
    void sessionsUpdated(const QList<Records::SessionRecord> &sessions); // still open; the newest record last
    void sessionsEnded(const QList<Records::SessionRecord> &sessions);
    // What the store did besides ingest (deletions, retention, lint found after ingest, read
    // state, tags): only those fields are set.
    void storeChanged(const Records::CommitBatch &changes);
    void storeFailed(const QString &error);

private:
    static bool hasStoreChanges(const Records::CommitBatch &batch);
    void onCommitted(const Records::CommitBatch &batch);
    void publish();

    Config m_config;
    Store::Writer m_writer;
    QThread *m_network = nullptr;
    Smtp::Server *m_server = nullptr;
    QList<Smtp::ListenAddress> m_addresses;
    std::optional<Smtp::ListenAddress> m_addressInUse;
    QMutex m_pendingMutex;         // m_pending is filled on the writer's thread
    Records::CommitBatch m_pending;
    bool m_publishScheduled = false; // a publish is due: no need to wake this thread again
    QTimer m_publishTimer;
    QTimer m_ageTimer;             // with an age limit: prunes while no mail arrives, too
};

} // namespace Capture
