#include "httpserver.h"

#include "requestguard.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QPointer>
#include <QTcpSocket>
#include <QWebSocket>

#include <memory>

namespace Api {

namespace {

const QByteArray kEventsPath = QByteArrayLiteral("/api/events");

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get: return "GET";
    case QHttpServerRequest::Method::Put: return "PUT";
    case QHttpServerRequest::Method::Delete: return "DELETE";
    case QHttpServerRequest::Method::Post: return "POST";
    case QHttpServerRequest::Method::Head: return "HEAD";
    case QHttpServerRequest::Method::Options: return "OPTIONS";
    case QHttpServerRequest::Method::Patch: return "PATCH";
    case QHttpServerRequest::Method::Connect: return "CONNECT";
    case QHttpServerRequest::Method::Trace: return "TRACE";
    default: return "UNKNOWN";
    }
}

Request requestFrom(const QHttpServerRequest &request)
{
    Request r;
    r.method = methodName(request.method());
    r.path = request.url().path(QUrl::FullyEncoded);
    r.query = request.query();
    for (const auto &[name, value] : request.headers())
        r.headers.append({name, value});
    r.body = request.body();
    return r;
}

// Writes a response through Qt's responder, which frames the status line, headers and body.
void send(QHttpServerResponder &responder, const Response &response)
{
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(response.status));
    responder.writeHeader("Content-Type", response.contentType);
    responder.writeHeader("Content-Length", QByteArray::number(response.body.size()));
    for (const auto &[name, value] : response.headers)
        responder.writeHeader(name, value);
    responder.writeBody(response.body);
}

} // namespace

HttpServer::HttpServer(Router router, HttpPolicy policy, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_dispatcher(std::move(router), std::move(policy))
{
    connect(this, &QAbstractHttpServer::newWebSocketConnection, this, &HttpServer::takeWebSockets);
}

HttpServer::~HttpServer() = default;

bool HttpServer::listen(const QList<Smtp::ListenAddress> &addresses, QString *error)
{
    QList<GuardedTcpServer *> servers;
    for (const Smtp::ListenAddress &address : addresses) {
        auto *server = new GuardedTcpServer(m_dispatcher.policy().maxBody, this);
        if (!server->listen(address.address, address.port)) {
            *error = QStringLiteral("cannot serve HTTP on %1: %2").arg(address.toString(), server->errorString());
            delete server;
            qDeleteAll(servers);
            return false;
        }
        servers.append(server);
    }
    m_addresses.clear();
    for (GuardedTcpServer *server : servers) {
        bind(server);
        m_addresses.append({server->serverAddress(), server->serverPort(), false});
    }
    return true;
}

bool HttpServer::handleRequest(const QHttpServerRequest &httpRequest, QTcpSocket *socket)
{
    // Qt HTTP Server 6.4 asks here before it upgrades a WebSocket handshake, and upgrades only
    // when this says yes; missingHandler answers the others, before any upgrade.
    if (isWebSocketUpgrade(httpRequest))
        return upgradeAllowed(httpRequest);
    Request request = requestFrom(httpRequest);
    request.peerAddress = socket->peerAddress();
    request.peerPort = socket->peerPort();
    request.localAddress = socket->localAddress();
    request.localPort = socket->localPort();
    auto responder = std::make_shared<QHttpServerResponder>(makeResponder(httpRequest, socket));
    // The reply may come after this returns (the wait route), when the client may have gone.
    QPointer<QTcpSocket> alive(socket);
    m_dispatcher.dispatch(std::move(request), [responder, alive](const Response &response) {
        if (alive && alive->state() == QAbstractSocket::ConnectedState)
            send(*responder, response);
    });
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    if (isWebSocketUpgrade(request) && !m_dispatcher.authorised(request.value("Authorization"))) {
        send(responder, Response::error(401, QStringLiteral("Unauthorised."))
                            .withHeader("WWW-Authenticate", "Basic realm=\"Mailscope\", charset=\"UTF-8\""));
        return;
    }
    send(responder, Response::notFound());
}

bool HttpServer::isWebSocketUpgrade(const QHttpServerRequest &request)
{
    return request.value("Upgrade").compare("websocket", Qt::CaseInsensitive) == 0;
}

bool HttpServer::upgradeAllowed(const QHttpServerRequest &request) const
{
    return request.url().path().toUtf8() == kEventsPath && m_dispatcher.authorised(request.value("Authorization"));
}

void HttpServer::takeWebSockets()
{
    // Only handshakes that upgradeAllowed() let through get here.
    while (hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = nextPendingWebSocketConnection();
        if (!socket)
            break;
        Q_EMIT eventSocketOpened(socket.release());
    }
}

} // namespace Api
