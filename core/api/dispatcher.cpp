#include "dispatcher.h"

namespace Api {

namespace {

const QByteArray kAllowedHeaders = QByteArrayLiteral("Authorization, Content-Type");

} // namespace

Dispatcher::Dispatcher(Router router, HttpPolicy policy)
    : m_router(std::move(router))
    , m_policy(std::move(policy))
{
}

bool Dispatcher::authorised(const QByteArray &authorization) const
{
    return !m_policy.credentials || m_policy.credentials->allows(authorization);
}

QByteArray Dispatcher::allowedOrigin(const QByteArray &origin) const
{
    if (m_policy.corsOrigins.contains("*"))
        return "*";
    return !origin.isEmpty() && m_policy.corsOrigins.contains(origin) ? origin : QByteArray();
}

void Dispatcher::dispatch(Request request, Reply reply) const
{
    HeaderList extra;
    const QByteArray origin = allowedOrigin(request.header("Origin"));
    if (!origin.isEmpty()) {
        extra.emplaceBack("Access-Control-Allow-Origin", origin);
        if (origin != "*")
            extra.emplaceBack("Vary", "Origin");
    }
    const auto answer = [&reply](Response response, const HeaderList &headers) {
        response.headers += headers;
        reply(std::move(response));
    };

    if (request.method == "OPTIONS" && !origin.isEmpty()) { // a browser's preflight carries no credentials
        extra.emplaceBack("Access-Control-Allow-Methods", "GET, PUT, POST, DELETE, OPTIONS");
        extra.emplaceBack("Access-Control-Allow-Headers", kAllowedHeaders);
        extra.emplaceBack("Access-Control-Max-Age", "600");
        return answer(Response::text({}, 204), extra);
    }
    if (!authorised(request.header("Authorization"))) {
        extra.emplaceBack("WWW-Authenticate", "Basic realm=\"Mailscope\", charset=\"UTF-8\"");
        return answer(Response::error(401, QStringLiteral("Unauthorised.")), extra);
    }
    Handler handler;
    QByteArrayList allowed;
    switch (m_router.match(&request, &handler, &allowed)) {
    case Router::Match::NotFound:
        return answer(Response::notFound(), extra);
    case Router::Match::WrongMethod:
        extra.emplaceBack("Allow", allowed.join(", "));
        return answer(Response::error(405, QStringLiteral("Method not allowed.")), extra);
    case Router::Match::Found:
        break;
    }
    handler(request, [reply = std::move(reply), extra](Response response) {
        response.headers += extra;
        reply(std::move(response));
    });
}

} // namespace Api
