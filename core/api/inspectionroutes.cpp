#include "routes.h"

#include "mimetreejson.h"
#include "store/jsoncodec.h"

namespace Api {

namespace {

// The message a route names by ID ("latest": the newest), parsed as `show --json` parses it:
// lint compares the headers with the envelope when the message came over SMTP.
struct Inspected
{
    qint64 id = 0;
    Mime::ParsedMessage parsed;
};

std::optional<Inspected> inspect(const Context &context, const Request &request)
{
    const Store::Reader &reader = *context.reader;
    const QString name = request.param(QStringLiteral("ID"));
    qint64 id = 0;
    if (name == QLatin1StringView("latest")) {
        const QList<Records::MessageSummary> newest = reader.messages(0, 1);
        id = newest.isEmpty() ? 0 : newest.first().id;
    } else {
        id = name.toLongLong();
    }
    const auto summary = id > 0 ? reader.message(id) : std::nullopt;
    const auto raw = summary ? reader.raw(id) : std::nullopt;
    if (!raw)
        return std::nullopt;
    const Mime::EnvelopeHints hints = summary->sessionId
                                          ? Mime::hintsFromEnvelope(Store::Json::toEnvelope(reader.envelope(id)))
                                          : Mime::EnvelopeHints{};
    return Inspected{id, Mime::parse(*raw, hints)};
}

} // namespace

void addInspectionRoutes(Router &router, Context &context)
{
    router.add("GET", QStringLiteral("/api/v1/message/{ID}/tree"), [&context](const Request &request, Reply reply) {
        const auto message = inspect(context, request);
        reply(message ? Response::json(mimeTreeJson(message->parsed)) : Response::notFound());
    });
    router.add("GET", QStringLiteral("/api/v1/message/{ID}/lint"), [&context](const Request &request, Reply reply) {
        const auto message = inspect(context, request);
        reply(message ? Response::json(lintJson(message->parsed, context.reader->messageDefects(message->id)))
                      : Response::notFound());
    });
}

} // namespace Api
