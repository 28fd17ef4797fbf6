#include "apiservice.h"

#include "context.h"
#include "eventhub.h"
#include "httpserver.h"
#include "routes.h"
#include "storedsummary.h"

#include <QJsonArray>

namespace Api {

ApiService::ApiService(Backend backend, ApiConfig config, QObject *parent)
    : QObject(parent)
    , m_live(new Live(this))
    , m_context(std::make_unique<Context>())
{
    m_context->backend = std::move(backend);
    m_context->config = std::move(config);
    m_context->live = m_live;
}

ApiService::~ApiService()
{
    stop();
}

bool ApiService::start(QString *error)
{
    stop();
    const ApiConfig &config = m_context->config;
    if (config.addresses.isEmpty())
        return true;
    HttpPolicy policy;
    if (!config.authFile.isEmpty()) {
        policy.credentials = Credentials::load(config.authFile, error);
        if (!policy.credentials)
            return false;
    }
    policy.corsOrigins = config.corsOrigins;
    // A JSON body carries a message's attachments in base64: a third more than its octets.
    policy.maxBody = m_context->backend.maxMessageSize / 3 * 4 + 1024 * 1024;
    m_context->reader = std::make_unique<Store::Reader>(m_context->backend.databasePath);

    const Store::Reader *reader = m_context->reader.get();
    // Mailpit's whole summary for "new" frames: from the list columns, or the raw message while
    // the snippet is still to be analysed (only when a client listens).
    auto summary = m_summaryJson;
    if (!summary) {
        summary = [reader](const Records::MessageSummary &m) { return summariesJson(*reader, {m}).at(0).toObject(); };
    }
    m_context->events = new EventHub(m_live, summary, [reader] {
        return EventHub::Counts{reader->messageCount(), reader->unreadCount()};
    }, this);
    m_context->events->setTagsSource([reader](qint64 id) {
        const std::optional<Records::MessageSummary> message = reader->message(id);
        return message ? message->tags : QStringList();
    });

    Router router;
    addServerRoutes(router, *m_context);
    addListRoutes(router, *m_context);
    addMessageRoutes(router, *m_context);
    addPartRoutes(router, *m_context);
    addSessionRoutes(router, *m_context);
    addInspectionRoutes(router, *m_context);
    addFaultRoutes(router, *m_context);
    addTagRoutes(router, *m_context);
    addChaosRoutes(router, *m_context);
    addSendRoute(router, *m_context);
    addReleaseRoute(router, *m_context);

    m_server = new HttpServer(std::move(router), std::move(policy), this);
    connect(m_server, &HttpServer::eventSocketOpened, m_context->events, &EventHub::add);
    if (!m_server->listen(config.addresses, error)) {
        stop();
        return false;
    }
    return true;
}

void ApiService::stop()
{
    delete m_server;
    m_server = nullptr;
    delete m_context->events;
    m_context->events = nullptr;
    m_context->reader.reset();
}

void ApiService::setSummaryJson(std::function<QJsonObject(const Records::MessageSummary &)> summaryJson)
{
    m_summaryJson = std::move(summaryJson);
}

EventHub *ApiService::events() const
{
    return m_context->events;
}

QList<Smtp::ListenAddress> ApiService::addresses() const
{
    return m_server ? m_server->addresses() : QList<Smtp::ListenAddress>{};
}

} // namespace Api
