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
const QByteArray kAllowedHeaders = QByteArrayLiteral("Authorization, Content-Type");

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
void send(QHttpServerResponder &responder, const Response &response, const HeaderList &extra)
{
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(response.status));
    responder.writeHeader("Content-Type", response.contentType);
    responder.writeHeader("Content-Length", QByteArray::number(response.body.size()));
    for (const auto &[name, value] : response.headers)
        responder.writeHeader(name, value);
    for (const auto &[name, value] : extra)
        responder.writeHeader(name, value);
    responder.writeBody(response.body);
}

} // namespace

HttpServer::HttpServer(Router router, HttpPolicy policy, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_router(std::move(router))
    , m_policy(std::move(policy))
{
    connect(this, &QAbstractHttpServer::newWebSocketConnection, this, &HttpServer::takeWebSockets);
}

HttpServer::~HttpServer() = default;

bool HttpServer::listen(const QList<Smtp::ListenAddress> &addresses, QString *error)
{
    QList<GuardedTcpServer *> servers;
    for (const Smtp::ListenAddress &address : addresses) {
        auto *server = new GuardedTcpServer(m_policy.maxBody, this);
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

bool HttpServer::authorised(const QByteArray &authorization) const
{
    return !m_policy.credentials || m_policy.credentials->allows(authorization);
}

QByteArray HttpServer::allowedOrigin(const QByteArray &origin) const
{
    if (m_policy.corsOrigins.contains("*"))
        return "*";
    return !origin.isEmpty() && m_policy.corsOrigins.contains(origin) ? origin : QByteArray();
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
    HeaderList extra;
    const QByteArray origin = allowedOrigin(request.header("Origin"));
    if (!origin.isEmpty()) {
        extra.emplaceBack("Access-Control-Allow-Origin", origin);
        if (origin != "*")
            extra.emplaceBack("Vary", "Origin");
    }
    auto responder = std::make_shared<QHttpServerResponder>(makeResponder(httpRequest, socket));
    const auto answer = [responder, &extra](const Response &response) { send(*responder, response, extra); };

    if (request.method == "OPTIONS" && !origin.isEmpty()) { // a browser's preflight carries no credentials
        extra.emplaceBack("Access-Control-Allow-Methods", "GET, PUT, POST, DELETE, OPTIONS");
        extra.emplaceBack("Access-Control-Allow-Headers", kAllowedHeaders);
        extra.emplaceBack("Access-Control-Max-Age", "600");
        answer(Response::text({}, 204));
        return true;
    }
    if (!authorised(request.header("Authorization"))) {
        extra.emplaceBack("WWW-Authenticate", "Basic realm=\"Mailscope\", charset=\"UTF-8\"");
        answer(Response::error(401, QStringLiteral("Unauthorised.")));
        return true;
    }
    Handler handler;
    QByteArrayList allowed;
    switch (m_router.match(&request, &handler, &allowed)) {
    case Router::Match::NotFound:
        answer(Response::notFound());
        return true;
    case Router::Match::WrongMethod:
        extra.emplaceBack("Allow", allowed.join(", "));
        answer(Response::error(405, QStringLiteral("Method not allowed.")));
        return true;
    case Router::Match::Found:
        break;
    }
    // The reply may come after this returns (the wait route), when the client may have gone.
    QPointer<QTcpSocket> alive(socket);
    handler(request, [responder, alive, extra](Response response) {
        if (alive && alive->state() == QAbstractSocket::ConnectedState)
            send(*responder, response, extra);
    });
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    if (isWebSocketUpgrade(request) && !authorised(request.value("Authorization"))) {
        send(responder, Response::error(401, QStringLiteral("Unauthorised.")),
             {{"WWW-Authenticate", "Basic realm=\"Mailscope\", charset=\"UTF-8\""}});
        return;
    }
    send(responder, Response::notFound(), {});
}

bool HttpServer::isWebSocketUpgrade(const QHttpServerRequest &request)
{
    return request.value("Upgrade").compare("websocket", Qt::CaseInsensitive) == 0;
}

bool HttpServer::upgradeAllowed(const QHttpServerRequest &request) const
{
    return request.url().path().toUtf8() == kEventsPath && authorised(request.value("Authorization"));
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
