#include "capturecontroller.h"

#include "faults/injector.h"

namespace Ui {

CaptureController::CaptureController(QObject *parent)
    : QObject(parent), m_injector(std::make_shared<Faults::Injector>()),
      m_holds(std::make_shared<Faults::HoldBroker>())
{
}

CaptureController::~CaptureController()
{
    if (m_service)
        m_service->stop();
}

bool CaptureController::configure(const Capture::Config &config, bool paused, QString *error)
{
    const bool wasRunning = isRunning();
    m_service.reset(); // stops listening, answers what is stored, drains the store
    m_config = config;
    m_config.server.faults.injector = m_injector; // one plan across restarts
    m_config.server.faults.holds = m_holds;
    m_service = std::make_unique<Capture::CaptureService>(m_config);
    Capture::CaptureService *service = m_service.get();
    connect(service, &Capture::CaptureService::sessionsStarted, this, &CaptureController::sessionsStarted);
    connect(service, &Capture::CaptureService::transcriptAppended, this, &CaptureController::transcriptAppended);
    connect(service, &Capture::CaptureService::messagesStored, this, &CaptureController::messagesStored);
    connect(service, &Capture::CaptureService::sessionsUpdated, this, &CaptureController::sessionsUpdated);
    connect(service, &Capture::CaptureService::sessionsEnded, this, &CaptureController::sessionsEnded);
    connect(service, &Capture::CaptureService::storeFailed, this, &CaptureController::storeFailed);
    connect(service, &Capture::CaptureService::storeChanged, this, &CaptureController::storeChanged);

    bool ok = true;
    if (!paused)
        ok = service->start(error);
    else
        ok = ensureWriter();
    if (wasRunning != isRunning())
        Q_EMIT runningChanged(isRunning());
    return ok;
}

bool CaptureController::resume(QString *error)
{
    if (!m_service)
        return false;
    if (m_service->isRunning())
        return true;
    const bool ok = m_service->start(error);
    if (ok)
        Q_EMIT runningChanged(true);
    return ok;
}

void CaptureController::shutdown()
{
    if (m_service)
        m_service->stop();
    m_service.reset();
}

void CaptureController::pause()
{
    if (!isRunning())
        return;
    m_service->stop();
    Q_EMIT runningChanged(false);
}

bool CaptureController::isRunning() const
{
    return m_service && m_service->isRunning();
}

QList<Smtp::ListenAddress> CaptureController::addresses() const
{
    return m_service ? m_service->addresses() : QList<Smtp::ListenAddress>{};
}

void CaptureController::setRetention(const Capture::Retention &retention)
{
    m_config.retention = retention;
    if (!m_service)
        return;
    m_service->setRetention(retention);
    // An empty task makes the writer commit now, which prunes to the new limit.
    perform([](QSqlDatabase &, Records::CommitBatch &, QString *) { return true; });
}

void CaptureController::setRelay(const Capture::RelayConfig &relay)
{
    m_config.relay = relay;
    if (m_service)
        m_service->setRelay(relay);
}

void CaptureController::setFaultPlan(const Faults::Plan &plan, const QString &name)
{
    m_injector->setPlan(plan);
    m_faultPlanName = plan.isEmpty() ? QString() : name;
    Q_EMIT faultPlanChanged(m_faultPlanName);
}

Faults::Plan CaptureController::faultPlan() const
{
    return m_injector->plan();
}

bool CaptureController::ensureWriter()
{
    if (!m_service)
        return false;
    // While paused the service's writer is stopped; starting it alone is cheap and the
    // service reuses it when listening resumes.
    QString error;
    if (m_service->writer()->start(&error))
        return true;
    Q_EMIT storeFailed(error);
    return false;
}

void CaptureController::perform(Store::Writer::Task task)
{
    if (ensureWriter())
        m_service->writer()->perform(std::move(task));
}

void CaptureController::flush()
{
    if (m_service)
        m_service->writer()->flush();
}

void CaptureController::flushIndexed()
{
    if (m_service)
        m_service->writer()->flushIndexed();
}

void CaptureController::store(const Records::MessageRecord &message)
{
    if (m_service)
        m_service->writer()->storeMessage(message);
}

} // namespace Ui
