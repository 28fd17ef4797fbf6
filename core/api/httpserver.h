#pragma once

#include "credentials.h"
#include "router.h"
#include "smtp/listenaddress.h"

#include <QAbstractHttpServer>

#include <optional>

class QWebSocket;

namespace Api {

// What the HTTP front end's listener enforces before a route runs.
struct HttpPolicy
{
    std::optional<Credentials> credentials; // HTTP Basic on every route and the WebSocket; none: open
    QByteArrayList corsOrigins;              // "*" or origins a browser page may call from
    qint64 maxBody = 64 * 1024 * 1024;       // octets of a request body; more gets 413
};

// Qt HTTP Server under Mailscope's router and policy: authentication (401 with
// WWW-Authenticate, never saying which part was wrong), CORS with preflight, 404 and 405 in
// Mailpit's plain-text shape, and answers given later (Api::Reply) to a client that may have
// gone. WebSocket handshakes on /api/events are authenticated the same way before the upgrade
// (401 or 404 otherwise) and the sockets handed on. Lives on one thread, which is the routes' thread.
class HttpServer final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpServer)

public:
    HttpServer(Router router, HttpPolicy policy, QObject *parent = nullptr);
    ~HttpServer() override;

    // Listens on every address or none: one sentence naming the address on failure.
    bool listen(const QList<Smtp::ListenAddress> &addresses, QString *error);
    QList<Smtp::ListenAddress> addresses() const { return m_addresses; }
    const Router &router() const { return m_router; }

Q_SIGNALS:
    void eventSocketOpened(QWebSocket *socket); // authenticated /api/events; the receiver owns it

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void takeWebSockets();
    static bool isWebSocketUpgrade(const QHttpServerRequest &request);
    bool upgradeAllowed(const QHttpServerRequest &request) const;
    bool authorised(const QByteArray &authorization) const;
    QByteArray allowedOrigin(const QByteArray &origin) const;

    Router m_router;
    HttpPolicy m_policy;
    QList<Smtp::ListenAddress> m_addresses;
};

} // namespace Api
