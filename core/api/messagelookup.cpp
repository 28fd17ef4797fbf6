#include "messagelookup.h"

#include "store/maintenance.h"

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

Store::SearchQuery searchOf(const QString &text, const Request &request)
{
    return Store::SearchQuery::parse(text, QTimeZone(request.queryValue(QStringLiteral("tz")).toUtf8()));
}

qint64 latestId(const Store::Reader &reader, const Request &request)
{
    const QString query = request.queryValue(QStringLiteral("query")).trimmed();
    const QList<Records::MessageSummary> newest = reader.messages(searchOf(query, request), 0, 1);
    return newest.isEmpty() ? 0 : newest.constFirst().id;
}

MessageLookup lookUpMessage(const Store::Reader &reader, const Request &request, const Response &noLatest,
                            const Response &noMessage)
{
    MessageLookup out;
    const QString id = request.param(QStringLiteral("ID"));
    if (id == QLatin1String("latest")) {
        out.id = latestId(reader, request);
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

void performNow(Context &context, Store::Writer::Task task)
{
    context.backend.perform(std::move(task));
    context.backend.flush();
}

void markRead(Context &context, qint64 messageId)
{
    const std::optional<Records::MessageSummary> summary = context.reader->message(messageId);
    if (summary && !(summary->flags & Records::kFlagSeen))
        performNow(context, Store::Maintenance::setSeen(QList<qint64>{messageId}, true));
}

} // namespace Api
