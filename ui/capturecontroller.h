#pragma once

#include "capture/captureservice.h"
#include "faults/holdbroker.h"
#include "faults/plan.h"

#include <QObject>

#include <memory>

namespace Ui {

// Owns the capture service so the window can pause, resume and reconfigure the listener
// without losing anything stored; its signals outlive each service it replaces. Maintenance
// (delete, mark read, import) goes to the store whether or not the listener runs. GUI thread.
class CaptureController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaptureController)

public:
    explicit CaptureController(QObject *parent = nullptr);
    ~CaptureController() override;

    // Drains and replaces the current service; starts listening unless paused is set.
    bool configure(const Capture::Config &config, bool paused, QString *error);
    bool resume(QString *error);
    void pause();
    // Stops and drains the service for good, publishing its last batches now: the window calls
    // it while the parts that receive them are still whole.
    void shutdown();
    bool isRunning() const;
    QList<Smtp::ListenAddress> addresses() const;
    // After configure() or resume() failed because another program holds a port: that address.
    std::optional<Smtp::ListenAddress> addressInUse() const { return m_service ? m_service->addressInUse() : std::nullopt; }
    QString databasePath() const { return m_config.databasePath; }
    void setRetention(const Capture::Retention &retention); // prunes at once
    void setRelay(const Capture::RelayConfig &relay);       // for the next release
    Capture::RelayConfig relay() const { return m_config.relay; }

    // The fault plan every session consults from its next command; an empty plan is off.
    // It survives reconfiguration; name is what the toolbar shows ("" when off).
    void setFaultPlan(const Faults::Plan &plan, const QString &name);
    QString faultPlanName() const { return m_faultPlanName; }
    Faults::Plan faultPlan() const;
    // Shared with every session: the fault panel reads hit counts and sets the seed through
    // the injector, and answers held sessions through the broker.
    std::shared_ptr<Faults::Injector> injector() const { return m_injector; }
    Faults::HoldBroker *holdBroker() const { return m_holds.get(); }
    std::shared_ptr<Faults::HoldBroker> holds() const { return m_holds; }

    void perform(Store::Writer::Task task);
    void store(const Records::MessageRecord &message); // thread-safe once configured
    void flush();                                      // returns once what was queued is committed
    void flushIndexed();                               // the same, and the search index caught up

Q_SIGNALS:
    void sessionsStarted(const QList<Records::SessionRecord> &sessions);
    void transcriptAppended(const QList<Records::TranscriptLine> &lines);
    void messagesStored(const QList<Records::MessageSummary> &messages);
    void sessionsUpdated(const QList<Records::SessionRecord> &sessions);
    void sessionsEnded(const QList<Records::SessionRecord> &sessions);
    // Deletions, retention and the lint counts found after ingest: only those fields are set.
    void storeChanged(const Records::CommitBatch &changes);
    void runningChanged(bool running);
    void storeFailed(const QString &error);
    void faultPlanChanged(const QString &name);

private:
    bool ensureWriter();

    Capture::Config m_config;
    std::unique_ptr<Capture::CaptureService> m_service;
    std::shared_ptr<Faults::Injector> m_injector;
    std::shared_ptr<Faults::HoldBroker> m_holds;
    QString m_faultPlanName;
};

} // namespace Ui
