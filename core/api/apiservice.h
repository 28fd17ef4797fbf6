#pragma once

#include "apiconfig.h"
#include "backend.h"

#include <QJsonObject>
#include <QObject>

#include <functional>
#include <memory>

namespace Api {

class EventHub;
class HttpServer;
struct Context;

// The HTTP front end: Mailpit's API v1 and Mailscope's own routes, and the WebSocket events,
// over a front end's backend. Lives on the front end's thread; connect the front end's live
// signals to live().
class ApiService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiService)

public:
    ApiService(Backend backend, ApiConfig config, QObject *parent = nullptr);
    ~ApiService() override;

    Live *live() { return m_live; }
    // Replaces what makes the Data of the "new" event (Mailpit's MessageSummary, from the
    // store) for tests; set before start().
    void setSummaryJson(std::function<QJsonObject(const Records::MessageSummary &)> summaryJson);
    EventHub *events() const;
    // Reads the auth file and listens on every configured address (none: nothing to do), or
    // one sentence on failure.
    bool start(QString *error);
    void stop();
    QList<Smtp::ListenAddress> addresses() const;

private:
    Live *m_live;
    std::unique_ptr<Context> m_context;
    HttpServer *m_server = nullptr;
    std::function<QJsonObject(const Records::MessageSummary &)> m_summaryJson;
};

} // namespace Api
