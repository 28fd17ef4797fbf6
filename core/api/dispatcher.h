#pragma once

#include "credentials.h"
#include "router.h"

#include <optional>

namespace Api {

// What the HTTP front end enforces before a route runs.
struct HttpPolicy
{
    std::optional<Credentials> credentials; // HTTP Basic on every route and the WebSocket; none: open
    QByteArrayList corsOrigins;              // "*" or origins a browser page may call from
    qint64 maxBody = 64 * 1024 * 1024;       // octets of a request body; more gets 413
};

// Answers one parsed request as the front end does, without a socket: a browser's preflight,
// authentication (401 with WWW-Authenticate, never saying which part was wrong), 404 and 405
// in Mailpit's plain-text shape, then the route. CORS headers are added to whatever answers.
// The listener (HttpServer) feeds it, and so does the HTTP fuzz target.
class Dispatcher
{
public:
    Dispatcher(Router router, HttpPolicy policy);

    // Calls reply once, now or later (a route may answer later).
    void dispatch(Request request, Reply reply) const;
    bool authorised(const QByteArray &authorization) const;
    const Router &router() const { return m_router; }
    const HttpPolicy &policy() const { return m_policy; }

private:
    QByteArray allowedOrigin(const QByteArray &origin) const;

    Router m_router;
    HttpPolicy m_policy;
};

} // namespace Api
