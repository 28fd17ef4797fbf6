#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QJsonDocument>
#include <QList>
#include <QString>
#include <QUrlQuery>

#include <functional>
#include <utility>

namespace Api {

using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

// One HTTP request as the routes see it: the method, the decoded path, the query, the headers
// as sent and the body, plus the path's parameters once a route matched ({ID} -> "ID").
struct Request
{
    QByteArray method;
    QString path;                 // as sent, percent-encoded; the router decodes parameters
    QUrlQuery query;
    HeaderList headers;
    QByteArray body;
    QHash<QString, QString> params;
    QHostAddress peerAddress;     // the client's end of the connection
    quint16 peerPort = 0;
    QHostAddress localAddress;    // the listener's end
    quint16 localPort = 0;

    QByteArray header(QByteArrayView name) const; // case-insensitive; empty when absent
    QString param(const QString &name) const { return params.value(name); }
    QString queryValue(const QString &key) const; // decoded, '+' as a space; empty when absent
    bool hasQuery(const QString &key) const { return query.hasQueryItem(key); }
};

// One HTTP response. Mailpit answers errors as plain text (status 400 or 404 with the message
// as the body), a few routes as JSON {"Error": ...}; both shapes are here so every route uses them.
struct Response
{
    int status = 200;
    QByteArray contentType = "text/plain; charset=utf-8";
    HeaderList headers;           // besides Content-Type and Content-Length
    QByteArray body;

    static Response json(const QJsonDocument &document, int status = 200);
    static Response json(const QJsonObject &object, int status = 200);
    static Response json(const QJsonArray &array, int status = 200);
    static Response text(const QByteArray &body, int status = 200);
    static Response ok() { return text(QByteArrayLiteral("ok")); }  // Mailpit's OKResponse
    static Response error(int status, const QString &message);      // Mailpit's ErrorResponse: text
    static Response jsonError(int status, const QString &message);  // Mailpit's JSONErrorResponse
    static Response notFound() { return error(404, QStringLiteral("Not found")); }

    Response &withHeader(const QByteArray &name, const QByteArray &value);
};

// How a route answers: at once or later (the wait route holds its answer until mail arrives).
// Call it exactly once, on the API's thread.
using Reply = std::function<void(Response)>;

} // namespace Api
