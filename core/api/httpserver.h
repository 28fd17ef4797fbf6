#pragma once

#include "dispatcher.h"
#include "smtp/listenaddress.h"

#include <QAbstractHttpServer>

class QWebSocket;

namespace Api {

// Qt HTTP Server under Mailscope's dispatcher (authentication, CORS, routing), with answers
// given later (Api::Reply) to a client that may have gone. WebSocket handshakes on /api/events are authenticated the same way before the upgrade
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
    const Router &router() const { return m_dispatcher.router(); }

Q_SIGNALS:
    void eventSocketOpened(QWebSocket *socket); // authenticated /api/events; the receiver owns it

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void takeWebSockets();
    static bool isWebSocketUpgrade(const QHttpServerRequest &request);
    bool upgradeAllowed(const QHttpServerRequest &request) const;

    Dispatcher m_dispatcher;
    QList<Smtp::ListenAddress> m_addresses;
};

} // namespace Api
