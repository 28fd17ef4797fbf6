#include "routes.h"

#include "sessionjson.h"

#include <QJsonArray>

namespace Api {

namespace {

constexpr int kDefaultLimit = 50;
constexpr int kMaxLimit = 1000;

std::optional<qint64> positiveId(const QString &text)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    return ok && id > 0 ? std::optional<qint64>(id) : std::nullopt;
}

// A route's session, or the 404 to answer.
std::optional<Records::SessionRecord> sessionOf(const Context &context, const Request &request, const Reply &reply)
{
    const auto id = positiveId(request.param(QStringLiteral("ID")));
    const auto session = id ? context.reader->session(*id) : std::nullopt;
    if (!session)
        reply(Response::notFound());
    return session;
}

// ?passwords=reveal: AUTH lines recorded with --record-passwords show their bytes and secret;
// without it, and always for lines stored masked, only the mask is given.
bool revealsPasswords(const Request &request)
{
    return request.queryValue(QStringLiteral("passwords")) == QLatin1String("reveal");
}

} // namespace

void addSessionRoutes(Router &router, Context &context)
{
    // Newest first, paged by key: pass the last ID of a page as before= for the next.
    router.add("GET", QStringLiteral("/api/v1/sessions"), [&context](const Request &request, Reply reply) {
        qint64 before = 0;
        if (request.hasQuery(QStringLiteral("before"))) {
            const auto id = positiveId(request.queryValue(QStringLiteral("before")));
            if (!id)
                return reply(Response::error(400, QStringLiteral("before must be a session ID")));
            before = *id;
        }
        int limit = kDefaultLimit;
        if (request.hasQuery(QStringLiteral("limit"))) {
            bool ok = false;
            limit = request.queryValue(QStringLiteral("limit")).toInt(&ok);
            if (!ok || limit < 1 || limit > kMaxLimit)
                return reply(Response::error(400, QStringLiteral("limit must be a number from 1 to %1").arg(kMaxLimit)));
        }
        QJsonArray sessions;
        for (const Records::SessionRecord &s : context.reader->sessions(before, limit))
            sessions.append(sessionJson(s));
        reply(Response::json(QJsonObject{{QStringLiteral("Total"), context.reader->sessionCount()},
                                         {QStringLiteral("Count"), int(sessions.size())},
                                         {QStringLiteral("Sessions"), sessions}}));
    });

    router.add("GET", QStringLiteral("/api/v1/session/{ID}"), [&context](const Request &request, Reply reply) {
        const auto session = sessionOf(context, request, reply);
        if (!session)
            return;
        QJsonObject o = sessionJson(*session);
        QJsonArray lines;
        QJsonArray messages;
        const bool reveal = revealsPasswords(request);
        for (const Records::TranscriptLine &line : context.reader->transcript(session->id)) {
            lines.append(transcriptLineJson(line, reveal));
            if (line.messageId > 0)
                messages.append(QString::number(line.messageId));
        }
        o.insert(QStringLiteral("MessageIDs"), messages);
        o.insert(QStringLiteral("Transcript"), lines);
        reply(Response::json(o));
    });

    router.add("GET", QStringLiteral("/api/v1/session/{ID}/transcript.txt"), [&context](const Request &request, Reply reply) {
        const auto session = sessionOf(context, request, reply);
        if (!session)
            return;
        reply(Response::text(transcriptText(context.reader->transcript(session->id), revealsPasswords(request)).toUtf8()));
    });
}

} // namespace Api
