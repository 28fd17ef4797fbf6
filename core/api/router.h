#pragma once

#include "httpmessage.h"

#include <QList>
#include <QStringList>

namespace Api {

using Handler = std::function<void(const Request &request, Reply reply)>;

// Routes by method and path pattern. A pattern's segments are literal, or a parameter
// ("{ID}"), or a parameter with a literal suffix ("{ID}.html"); a parameter matches one
// non-empty segment and is percent-decoded. Routes are tried in the order added.
class Router
{
public:
    void add(const QByteArray &method, const QString &pattern, Handler handler);

    enum class Match { Found, WrongMethod, NotFound };
    // On Found, fills request->params and *handler; WrongMethod sets *allowed.
    Match match(Request *request, Handler *handler, QByteArrayList *allowed = nullptr) const;
    QStringList patterns() const;

private:
    struct Route
    {
        QByteArray method;
        QString pattern;
        QStringList segments;
        Handler handler;
    };
    static bool matches(const Route &route, const QStringList &segments, QHash<QString, QString> *params);

    QList<Route> m_routes;
};

} // namespace Api
