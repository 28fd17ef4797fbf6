#include "httpmessage.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Api {

QByteArray Request::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString Request::queryValue(const QString &key) const
{
    // Form encoding, as browsers, curl's --data-urlencode and Go read a query: '+' is a space
    // (a plus travels as %2B).
    QByteArray encoded = query.queryItemValue(key, QUrl::FullyEncoded).toUtf8();
    encoded.replace('+', ' ');
    return QUrl::fromPercentEncoding(encoded);
}

Response Response::json(const QJsonDocument &document, int status)
{
    Response r;
    r.status = status;
    r.contentType = "application/json";
    r.body = document.toJson(QJsonDocument::Compact);
    return r;
}

Response Response::json(const QJsonObject &object, int status)
{
    return json(QJsonDocument(object), status);
}

Response Response::json(const QJsonArray &array, int status)
{
    return json(QJsonDocument(array), status);
}

Response Response::text(const QByteArray &body, int status)
{
    Response r;
    r.status = status;
    r.body = body;
    return r;
}

Response Response::error(int status, const QString &message)
{
    return text(message.toUtf8(), status);
}

Response Response::jsonError(int status, const QString &message)
{
    return json(QJsonObject{{QStringLiteral("Error"), message}}, status);
}

Response &Response::withHeader(const QByteArray &name, const QByteArray &value)
{
    headers.append({name, value});
    return *this;
}

} // namespace Api
