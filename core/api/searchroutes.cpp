#include "messagelookup.h"
#include "routes.h"
#include "storedsummary.h"

#include "store/maintenance.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

// Mailpit's message lists (GET /api/v1/messages and /api/v1/search) and what acts on many
// messages at once (read status, deletion), all from the store's index.
namespace Api {

namespace {

constexpr int kDefaultLimit = 50;

// ?start= and ?limit= as Mailpit reads them: what is not a number in range falls back to the
// default (0 and 50), never an error.
struct Page
{
    int start = 0;
    int limit = kDefaultLimit;
};

Page pageOf(const Request &request)
{
    Page page;
    bool ok = false;
    const int start = request.queryValue(QStringLiteral("start")).toInt(&ok);
    if (ok && start > 0)
        page.start = start;
    const int limit = request.queryValue(QStringLiteral("limit")).toInt(&ok);
    if (ok && limit >= 0)
        page.limit = limit;
    return page;
}

// The MessagesSummary object: the mailbox's totals, then the page and what the query matched.
QJsonObject messagesSummary(const Store::Reader &reader, int start, const QList<Records::MessageSummary> &page,
                            qint64 matched, qint64 matchedUnread)
{
    return {
        {QStringLiteral("total"), reader.messageCount()},
        {QStringLiteral("unread"), reader.unreadCount()},
        {QStringLiteral("count"), qint64(page.size())},
        {QStringLiteral("messages_count"), matched},
        {QStringLiteral("messages_unread"), matchedUnread},
        {QStringLiteral("start"), start},
        {QStringLiteral("tags"), QJsonArray::fromStringList(reader.tags())},
        {QStringLiteral("messages"), summariesJson(reader, page)},
    };
}

Response noSearchQuery()
{
    return Response::error(400, QStringLiteral("Error: no search query"));
}

void setReadStatus(Context &context, const Request &request, const Reply &reply)
{
    QString error;
    const std::optional<QJsonObject> body = objectBody(request, &error);
    const std::optional<QList<qint64>> ids = body ? idsOf(*body, &error) : std::nullopt;
    if (!ids)
        return reply(Response::error(400, error));
    const QJsonValue read = body->value(QStringLiteral("Read"));
    const QJsonValue search = body->value(QStringLiteral("Search"));
    if ((!read.isUndefined() && !read.isNull() && !read.isBool()) || (!search.isUndefined() && !search.isNull() && !search.isString()))
        return reply(Response::error(400, QStringLiteral("Read must be true or false and Search a string")));
    const QString text = search.toString().trimmed();
    if (!ids->isEmpty() && !text.isEmpty())
        return reply(Response::error(400, QStringLiteral("You may specify either IDs or a search query, not both")));
    // Neither IDs nor a search: every message, as Mailpit does.
    performNow(context, ids->isEmpty() ? Store::Maintenance::setSeen(searchOf(context, text, request), read.toBool())
                                       : Store::Maintenance::setSeen(*ids, read.toBool()));
    reply(Response::ok());
}

void deleteMessages(Context &context, const Request &request, const Reply &reply)
{
    // As Mailpit: without IDs (no body, no array, or one it cannot read) every message goes.
    QString error;
    const std::optional<QJsonObject> body = objectBody(request, &error);
    const std::optional<QList<qint64>> ids = body ? idsOf(*body, &error) : std::nullopt;
    performNow(context, ids && !ids->isEmpty() ? Store::Maintenance::remove(*ids) : Store::Maintenance::removeAll());
    reply(Response::ok());
}

} // namespace

void addListRoutes(Router &router, Context &context)
{
    router.add("GET", QStringLiteral("/api/v1/messages"), [&context](const Request &request, Reply reply) {
        const Store::Reader &reader = *context.reader;
        const Page page = pageOf(request);
        // As Mailpit: limit=0 lists every message (and then start does not apply).
        const QList<Records::MessageSummary> messages = page.limit > 0
            ? reader.messages(Store::SearchQuery(), page.start, page.limit)
            : reader.messages(Store::SearchQuery(), 0, -1);
        reply(Response::json(messagesSummary(reader, page.start, messages, reader.messageCount(), reader.unreadCount())));
    });
    router.add("PUT", QStringLiteral("/api/v1/messages"), [&context](const Request &request, Reply reply) {
        setReadStatus(context, request, reply);
    });
    router.add("DELETE", QStringLiteral("/api/v1/messages"), [&context](const Request &request, Reply reply) {
        deleteMessages(context, request, reply);
    });

    router.add("GET", QStringLiteral("/api/v1/search"), [&context](const Request &request, Reply reply) {
        const QString text = request.queryValue(QStringLiteral("query")).trimmed();
        if (text.isEmpty())
            return reply(noSearchQuery());
        const Store::Reader &reader = *context.reader;
        const Store::SearchQuery query = searchOf(context, text, request);
        const Page page = pageOf(request);
        const QList<Records::MessageSummary> messages = page.limit > 0
            ? reader.messages(query, page.start, page.limit)
            : QList<Records::MessageSummary>();
        reply(Response::json(messagesSummary(reader, page.start, messages, reader.count(query), reader.unreadCount(query))));
    });
    router.add("DELETE", QStringLiteral("/api/v1/search"), [&context](const Request &request, Reply reply) {
        const QString text = request.queryValue(QStringLiteral("query")).trimmed();
        if (text.isEmpty())
            return reply(noSearchQuery());
        performNow(context, Store::Maintenance::remove(searchOf(context, text, request)));
        reply(Response::ok());
    });
}

} // namespace Api
