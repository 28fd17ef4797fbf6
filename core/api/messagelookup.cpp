#include "messagelookup.h"

#include "store/maintenance.h"

#include <memory>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>

namespace Api {

Response unknownMessage()
{
    Response r = Response::error(404, QStringLiteral("404 page not found"));
    r.contentType = "text/plain";
    return r;
}

Response noLatestMessage()
{
    return Response::error(404, QStringLiteral("Message not found"));
}

std::optional<qint64> parseMessageId(const QString &text)
{
    if (text.isEmpty() || text.size() > 18 || text.front() == QLatin1Char('0'))
        return std::nullopt;
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
    }
    return text.toLongLong();
}

std::optional<QJsonObject> objectBody(const Request &request, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = request.body.trimmed().isEmpty() ? QStringLiteral("EOF")
                                                  : QStringLiteral("the body is not a JSON object: %1").arg(parseError.errorString());
        return std::nullopt;
    }
    return document.object();
}

std::optional<QList<qint64>> idsOf(const QJsonObject &body, QString *error)
{
    const QJsonValue value = body.value(QStringLiteral("IDs"));
    QList<qint64> ids;
    if (value.isUndefined() || value.isNull())
        return ids;
    if (!value.isArray()) {
        *error = QStringLiteral("IDs must be an array of message ids");
        return std::nullopt;
    }
    for (const QJsonValue &id : value.toArray()) {
        if (!id.isString()) {
            *error = QStringLiteral("IDs must be an array of message ids as strings");
            return std::nullopt;
        }
        if (const std::optional<qint64> parsed = parseMessageId(id.toString()))
            ids.append(*parsed);
        else
            ids.append(0); // named, but no message: nothing to change, yet not "all"
    }
    return ids;
}

Store::SearchQuery searchOf(Context &context, const QString &text, const Request &request)
{
    Store::SearchQuery query = Store::SearchQuery::parse(text, QTimeZone(request.queryValue(QStringLiteral("tz")).toUtf8()));
    const bool words = !query.terms.isEmpty() || !query.excluded.isEmpty();
    if (words && context.backend.flushIndexed && context.reader->indexBehind())
        context.backend.flushIndexed();
    return query;
}

qint64 latestId(Context &context, const Request &request)
{
    const QString query = request.queryValue(QStringLiteral("query")).trimmed();
    const QList<Records::MessageSummary> newest = context.reader->messages(searchOf(context, query, request), 0, 1);
    return newest.isEmpty() ? 0 : newest.constFirst().id;
}

MessageLookup lookUpMessage(Context &context, const Request &request, const Response &noLatest,
                            const Response &noMessage)
{
    const Store::Reader &reader = *context.reader;
    MessageLookup out;
    const QString id = request.param(QStringLiteral("ID"));
    if (id == QLatin1String("latest")) {
        out.id = latestId(context, request);
        if (!out.id) {
            out.failure = noLatest;
            return out;
        }
    } else {
        out.id = parseMessageId(id).value_or(0);
    }
    std::optional<QByteArray> raw = out.id ? reader.raw(out.id) : std::nullopt;
    if (!raw) {
        out.failure = noMessage;
        return out;
    }
    out.raw = std::move(*raw);
    return out;
}

bool performNow(Context &context, Store::Writer::Task task, QString *error)
{
    // Filled on the writer's thread before the commit that flush() waits for.
    auto failure = std::make_shared<std::optional<QString>>();
    context.backend.perform([task = std::move(task), failure](QSqlDatabase &db, Records::CommitBatch &out, QString *why) {
        if (task(db, out, why))
            return true;
        *failure = why ? *why : QString();
        return false;
    });
    context.backend.flush();
    if (*failure && error)
        *error = **failure;
    return !*failure;
}

void markRead(Context &context, qint64 messageId)
{
    const std::optional<Records::MessageSummary> summary = context.reader->message(messageId);
    if (summary && !(summary->flags & Records::kFlagSeen))
        performNow(context, Store::Maintenance::setSeen(QList<qint64>{messageId}, true));
}

} // namespace Api
