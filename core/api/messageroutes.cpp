#include "checkjson.h"
#include "htmlcheck/links.h"
#include "latestwaits.h"
#include "messagejson.h"
#include "messagelookup.h"
#include "messageparts.h"
#include "routes.h"
#include "spamdclient.h"

#include <cmath>
#include <memory>

// Mailpit's routes on one message: the Message object (with Mailscope's ?wait= on "latest"),
// its headers, its raw bytes and its checks.
namespace Api {

namespace {

constexpr int kMaxWaitSeconds = 300;

constexpr int kLinkTimeoutSeconds = 10;     // Mailpit's
constexpr int kMaxLinkTimeoutSeconds = 60;

// ?wait=SECONDS in milliseconds, at most kMaxWaitSeconds; 0 without a wait.
int waitOf(const Request &request)
{
    bool ok = false;
    const double seconds = request.queryValue(QStringLiteral("wait")).toDouble(&ok);
    if (!ok || !(seconds > 0))
        return 0;
    return int(std::lround(std::min(seconds, double(kMaxWaitSeconds)) * 1000));
}

// The Message object of a stored message, which it marks read.
Response messageResponse(Context &context, qint64 id, const QByteArray &raw)
{
    const std::optional<Records::MessageSummary> summary = context.reader->message(id);
    if (!summary)
        return unknownMessage();
    const QJsonObject json = messageJson(raw, *summary, summary->tags);
    markRead(context, id);
    return Response::json(json);
}

void getMessage(Context &context, LatestWaits &waits, const Request &request, const Reply &reply)
{
    const MessageLookup found = lookUpMessage(context, request);
    const int waitMs = waitOf(request);
    if (found.failure && waitMs > 0 && request.param(QStringLiteral("ID")) == QLatin1String("latest")) {
        const Store::SearchQuery query = searchOf(context, request.queryValue(QStringLiteral("query")).trimmed(), request);
        waits.wait(query, waitMs, [&context, reply](qint64 id) {
            const std::optional<QByteArray> raw = id ? context.reader->raw(id) : std::nullopt;
            reply(raw ? messageResponse(context, id, *raw) : noLatestMessage());
        });
        return;
    }
    if (found.failure)
        return reply(*found.failure);
    reply(messageResponse(context, found.id, found.raw));
}

// ?follow=true follows redirects; ?timeout=SECONDS (Mailscope's) bounds each request.
void checkLinks(Context &context, const Request &request, const Reply &reply)
{
    const MessageLookup found = lookUpMessage(context, request, unknownMessage());
    if (found.failure)
        return reply(*found.failure);
    HtmlCheck::LinkCheckOptions options;
    options.followRedirects = request.queryValue(QStringLiteral("follow")) == QLatin1String("true");
    bool ok = false;
    const double timeout = request.queryValue(QStringLiteral("timeout")).toDouble(&ok);
    options.timeoutMs = int(std::lround(1000 * (ok && timeout > 0 ? std::min(timeout, double(kMaxLinkTimeoutSeconds))
                                                                  : double(kLinkTimeoutSeconds))));
    const QStringList urls = HtmlCheck::mailpitCheckedUrls(HtmlCheck::collectLinks(found.raw, Mime::parse(found.raw)));
    // The checker belongs to the live events' object, so a stopped server takes it along.
    auto *checker = new HtmlCheck::LinkChecker(urls, options, context.live);
    QObject::connect(checker, &HtmlCheck::LinkChecker::finished, checker, [checker, reply] {
        reply(Response::json(linkCheckJson(checker->results())));
        checker->deleteLater();
    });
    checker->start();
}

} // namespace

void addMessageRoutes(Router &router, Context &context)
{
    // Owned by the routes, so a restart of the listener drops every wait with them.
    auto waits = std::make_shared<LatestWaits>(*context.reader, context.live);
    router.add("GET", QStringLiteral("/api/v1/message/{ID}"), [&context, waits](const Request &request, Reply reply) {
        getMessage(context, *waits, request, reply);
    });

    router.add("GET", QStringLiteral("/api/v1/message/{ID}/headers"), [&context](const Request &request, Reply reply) {
        const MessageLookup found = lookUpMessage(context, request);
        if (found.failure)
            return reply(*found.failure);
        reply(Response::json(headersJson(found.raw)));
    });

    router.add("GET", QStringLiteral("/api/v1/message/{ID}/raw"), [&context](const Request &request, Reply reply) {
        const MessageLookup found = lookUpMessage(context, request);
        if (found.failure)
            return reply(*found.failure);
        Response response = Response::text(found.raw);
        if (request.queryValue(QStringLiteral("dl")) == QLatin1String("1"))
            response.withHeader("Content-Disposition", "attachment; filename=\"" + QByteArray::number(found.id) + ".eml\"");
        reply(response);
    });

    router.add("GET", QStringLiteral("/api/v1/message/{ID}/html-check"), [&context](const Request &request, Reply reply) {
        const MessageLookup found = lookUpMessage(context, request, unknownMessage());
        if (found.failure)
            return reply(*found.failure);
        const Mime::ParsedMessage parsed = Mime::parse(found.raw);
        const auto report = HtmlCheck::checkMessage(found.raw, parsed);
        if (mailpitParts(found.raw, parsed).html.isEmpty() || !report)
            return reply(Response::error(400, QStringLiteral("message does not contain HTML")));
        reply(Response::json(htmlCheckJson(*report)));
    });
    router.add("GET", QStringLiteral("/api/v1/message/{ID}/link-check"), [&context](const Request &request, Reply reply) {
        checkLinks(context, request, reply);
    });

    router.add("GET", QStringLiteral("/api/v1/message/{ID}/sa-check"), [&context](const Request &request, Reply reply) {
        if (context.config.spamAssassin.isEmpty()) {
            // Mailpit has no such route then: its web UI's file server answers.
            return reply(Response::error(404, QStringLiteral("File not found\n")).withHeader("X-Content-Type-Options", "nosniff"));
        }
        const MessageLookup found = lookUpMessage(context, request);
        if (found.failure)
            return reply(*found.failure);
        checkWithSpamd(context.config.spamAssassin, found.raw, context.live, [reply](const SpamCheck &check) {
            reply(Response::json(toJson(check)));
        });
    });
}

} // namespace Api
