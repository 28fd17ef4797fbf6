#include "apicontrol.h"

#include "appsettings.h"
#include "capturecontroller.h"

#include "api/apiservice.h"

#include <QLabel>
#include <QStatusBar>

namespace Ui {

namespace {

Api::Backend backendOf(CaptureController *capture, const AppSettings &settings)
{
    Api::Backend backend;
    backend.databasePath = settings.effectiveDatabasePath();
    backend.perform = [capture](Store::Writer::Task task) { capture->perform(std::move(task)); };
    backend.flush = [capture] { capture->flush(); };
    backend.flushIndexed = [capture] { capture->flushIndexed(); };
    backend.store = [capture](const Records::MessageRecord &message) { capture->store(message); };
    backend.injector = capture->injector();
    backend.holds = capture->holds();
    backend.setFaultPlan = [capture](const Faults::Plan &plan) {
        capture->setFaultPlan(plan, QObject::tr("from the API"));
    };
    backend.relay = [capture] { return capture->relay(); };
    backend.maxMessageSize = settings.limits.maxMessageSize;
    backend.hostname = settings.hostname;
    return backend;
}

} // namespace

ApiControl::ApiControl(CaptureController *capture, QStatusBar *statusBar, QObject *parent)
    : QObject(parent), m_capture(capture), m_label(new QLabel(statusBar))
{
    m_label->setObjectName(QStringLiteral("apiLabel"));
    statusBar->addPermanentWidget(m_label);
}

ApiControl::~ApiControl() = default;

bool ApiControl::start(const AppSettings &settings, QString *error)
{
    stop();
    QString why;
    const auto config = Api::ApiConfig::from(settings, &why);
    if (config) {
        m_service = std::make_unique<Api::ApiService>(backendOf(m_capture, settings), *config);
        m_service->live()->follow(m_capture);
        if (!m_service->start(&why))
            m_service.reset();
    }
    if (!m_service) {
        m_label->setText(tr("No HTTP API"));
        m_label->setToolTip(why);
        if (error)
            *error = why;
        return false;
    }
    QStringList urls;
    for (const auto &a : m_service->addresses())
        urls.append(QStringLiteral("http://") + a.toString());
    m_label->setText(urls.isEmpty() ? tr("HTTP API off") : tr("API %1").arg(urls.join(QStringLiteral(", "))));
    m_label->setToolTip(urls.isEmpty() ? QString()
                                       : tr("Mailpit's API v1 and Mailscope's own routes; WebSocket events on /api/events"));
    return true;
}

void ApiControl::stop()
{
    m_service.reset();
}

} // namespace Ui
