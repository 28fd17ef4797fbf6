#include "router.h"

#include <QUrl>

namespace Api {

void Router::add(const QByteArray &method, const QString &pattern, Handler handler)
{
    m_routes.append({method, pattern, pattern.split(QLatin1Char('/')), std::move(handler)});
}

bool Router::matches(const Route &route, const QStringList &segments, QHash<QString, QString> *params)
{
    if (route.segments.size() != segments.size())
        return false;
    QHash<QString, QString> found;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &want = route.segments.at(i);
        const QString &have = segments.at(i);
        if (!want.startsWith(QLatin1Char('{'))) {
            if (want != have)
                return false;
            continue;
        }
        const qsizetype close = want.indexOf(QLatin1Char('}'));
        const QString name = want.mid(1, close - 1);
        const QString suffix = want.mid(close + 1);
        if (!have.endsWith(suffix) || have.size() <= suffix.size())
            return false;
        found.insert(name, QUrl::fromPercentEncoding(have.left(have.size() - suffix.size()).toUtf8()));
    }
    *params = found;
    return true;
}

Router::Match Router::match(Request *request, Handler *handler, QByteArrayList *allowed) const
{
    const QStringList segments = request->path.split(QLatin1Char('/'));
    bool pathKnown = false;
    for (const Route &route : m_routes) {
        QHash<QString, QString> params;
        if (!matches(route, segments, &params))
            continue;
        pathKnown = true;
        if (route.method != request->method) {
            if (allowed && !allowed->contains(route.method))
                allowed->append(route.method);
            continue;
        }
        request->params = params;
        *handler = route.handler;
        return Match::Found;
    }
    return pathKnown ? Match::WrongMethod : Match::NotFound;
}

QStringList Router::patterns() const
{
    QStringList out;
    for (const Route &route : m_routes) {
        if (!out.contains(route.pattern))
            out.append(route.pattern);
    }
    return out;
}

} // namespace Api
