#include "routes.h"

#include "faults/rule.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Api {

namespace {

Response unavailable()
{
    return Response::error(503, QStringLiteral("Fault injection is not available in this server."));
}

// {"Code", "Enhanced", "Text"}, Text a string or, for a reply of several lines, a list.
QJsonObject replyJson(const Records::Reply &reply)
{
    QJsonObject out;
    const QJsonObject plan = Faults::replyToJson(reply);
    for (auto it = plan.begin(); it != plan.end(); ++it) {
        QString key = it.key();
        if (!key.isEmpty())
            key[0] = key[0].toUpper();
        out.insert(key, it.value());
    }
    return out;
}

// The reply a POST to a held session asks for, or why it cannot be read. The fields are those
// of a reply in a plan file with their first letter in capitals: Code, Enhanced, Text.
std::optional<Records::Reply> requestedReply(const QJsonObject &body, const Faults::HoldRequest &hold, QString *error)
{
    if (body.value(QStringLiteral("Default")).toBool())
        return hold.defaultReply;
    if (!body.contains(QStringLiteral("Code"))) {
        *error = QStringLiteral("Send {\"Code\": 451, \"Text\": \"...\"} or {\"Default\": true}.");
        return std::nullopt;
    }
    QJsonObject plan;
    for (auto it = body.begin(); it != body.end(); ++it) {
        QString key = it.key();
        if (!key.isEmpty())
            key[0] = key[0].toLower();
        plan.insert(key, it.value());
    }
    return Faults::replyFromJson(plan, error);
}

} // namespace

void addFaultRoutes(Router &router, Context &context)
{
    // Held sessions name their session by its token; the API names it by its ID.
    auto sessionIds = std::make_shared<QHash<quint64, qint64>>();
    QObject::connect(context.live, &Live::sessionsStarted, context.live, [sessionIds](const QList<Records::SessionRecord> &sessions) {
        for (const auto &s : sessions)
            sessionIds->insert(s.token, s.id);
    });
    QObject::connect(context.live, &Live::sessionsEnded, context.live, [sessionIds](const QList<Records::SessionRecord> &sessions) {
        for (const auto &s : sessions)
            sessionIds->remove(s.token);
    });

    router.add("GET", QStringLiteral("/api/v1/faults"), [&context](const Request &, Reply reply) {
        if (!context.backend.injector)
            return reply(unavailable());
        Response response = Response::text(context.backend.injector->plan().toJson());
        response.contentType = "application/json";
        reply(response);
    });

    // The same JSON as a plan file; it applies from each session's next command.
    router.add("PUT", QStringLiteral("/api/v1/faults"), [&context](const Request &request, Reply reply) {
        if (!context.backend.injector || !context.backend.setFaultPlan)
            return reply(unavailable());
        QString error;
        const auto plan = Faults::Plan::fromJson(request.body, &error);
        if (!plan)
            return reply(Response::error(400, error));
        context.backend.setFaultPlan(*plan);
        Response response = Response::text(context.backend.injector->plan().toJson());
        response.contentType = "application/json";
        reply(response);
    });

    router.add("GET", QStringLiteral("/api/v1/faults/stats"), [&context](const Request &, Reply reply) {
        if (!context.backend.injector)
            return reply(unavailable());
        QJsonArray rules;
        for (const Faults::RuleStats &rule : context.backend.injector->stats()) {
            rules.append(QJsonObject{{QStringLiteral("Name"), rule.name},
                                     {QStringLiteral("Enabled"), rule.enabled},
                                     {QStringLiteral("Hits"), rule.hits},
                                     {QStringLiteral("Remaining"), rule.remaining < 0 ? QJsonValue() : QJsonValue(rule.remaining)}});
        }
        reply(Response::json(QJsonObject{{QStringLiteral("Seed"), QString::number(context.backend.injector->seed())},
                                         {QStringLiteral("Rules"), rules}}));
    });

    router.add("GET", QStringLiteral("/api/v1/held"), [&context, sessionIds](const Request &, Reply reply) {
        QJsonArray held;
        if (context.backend.holds) {
            for (const Faults::HoldRequest &hold : context.backend.holds->pending()) {
                const qint64 session = sessionIds->value(hold.session);
                held.append(QJsonObject{{QStringLiteral("ID"), QString::number(hold.id)},
                                        {QStringLiteral("Session"), session > 0 ? QJsonValue(QString::number(session)) : QJsonValue()},
                                        {QStringLiteral("Rule"), hold.rule},
                                        {QStringLiteral("Stage"), Faults::stageName(hold.stage)},
                                        {QStringLiteral("Command"), QString::fromUtf8(hold.command)},
                                        {QStringLiteral("DefaultReply"), replyJson(hold.defaultReply)},
                                        {QStringLiteral("TimeoutMs"), hold.timeoutMs}});
            }
        }
        reply(Response::json(QJsonObject{{QStringLiteral("Held"), held}}));
    });

    router.add("POST", QStringLiteral("/api/v1/held/{ID}"), [&context](const Request &request, Reply reply) {
        const quint64 id = request.param(QStringLiteral("ID")).toULongLong();
        std::optional<Faults::HoldRequest> hold;
        if (context.backend.holds && id > 0) {
            for (const Faults::HoldRequest &pending : context.backend.holds->pending()) {
                if (pending.id == id)
                    hold = pending;
            }
        }
        if (!hold)
            return reply(Response::error(404, QStringLiteral("No session is held as %1: it was answered, timed out or ended.")
                                                  .arg(request.param(QStringLiteral("ID")))));
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
        if (!document.isObject())
            return reply(Response::error(400, QStringLiteral("The body must be a JSON object: %1").arg(parseError.errorString())));
        QString error;
        const auto answer = requestedReply(document.object(), *hold, &error);
        if (!answer)
            return reply(Response::error(400, error));
        if (!context.backend.holds->answer(id, *answer, &error))
            return reply(Response::error(400, error));
        reply(Response::ok());
    });
}

} // namespace Api
