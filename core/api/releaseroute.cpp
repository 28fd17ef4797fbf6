#include "messagelookup.h"
#include "routes.h"

#include "mime/addresses.h"
#include "smtp/relay.h"

#include <QJsonArray>

// POST /api/v1/message/{ID}/release: sends a stored message's exact bytes on through the relay
// the front end is configured with (Smtp::release), and answers once the relay has answered.
namespace Api {

namespace {

// The "To" addresses; nullopt with Mailpit's sentence when one is not an address.
std::optional<QList<QByteArray>> recipientsOf(const QJsonObject &body, QString *error)
{
    const QJsonValue value = body.value(QStringLiteral("To"));
    QList<QByteArray> out;
    if (value.isUndefined() || value.isNull())
        return out;
    if (!value.isArray()) {
        *error = QStringLiteral("To must be an array of email addresses");
        return std::nullopt;
    }
    for (const QJsonValue &entry : value.toArray()) {
        const QString text = entry.toString();
        const QList<Records::Address> parsed = Mime::parseAddresses(text.toUtf8());
        if (!entry.isString() || parsed.size() != 1 || !parsed.constFirst().address.contains(QLatin1Char('@'))) {
            *error = QStringLiteral("Invalid email address: %1").arg(entry.isString() ? text : QStringLiteral("(not a string)"));
            return std::nullopt;
        }
        out.append(parsed.constFirst().address.toUtf8());
    }
    return out;
}

// Mailpit's refusal of recipients outside the allowed pattern, naming every one of them.
QString notAllowed(const Smtp::RelayConfig &relay, const QList<QByteArray> &recipients)
{
    QStringList refused;
    for (const QByteArray &r : recipients) {
        if (Smtp::checkRelease(relay, {r}) == Smtp::ReleaseRefusal::RecipientNotAllowed)
            refused.append(QString::fromUtf8(r));
    }
    if (refused.isEmpty())
        return {};
    return QStringLiteral("Failed: %1 do not match the allowlist: %2")
        .arg(refused.size() == 1 ? QStringLiteral("Address") : QStringLiteral("Addresses"), refused.join(QStringLiteral(", ")));
}

} // namespace

void addReleaseRoute(Router &router, Context &context)
{
    router.add("POST", QStringLiteral("/api/v1/message/{ID}/release"), [&context](const Request &request, Reply reply) {
        const MessageLookup found = lookUpMessage(context, request, unknownMessage());
        if (found.failure)
            return reply(*found.failure);
        QString error;
        const std::optional<QJsonObject> body = objectBody(request, &error);
        const std::optional<QList<QByteArray>> recipients = body ? recipientsOf(*body, &error) : std::nullopt;
        if (!recipients)
            return reply(Response::error(400, error));
        const Smtp::RelayConfig relay = context.backend.relay ? context.backend.relay() : Smtp::RelayConfig{};
        if (relay.enabled()) {
            const QString refused = notAllowed(relay, *recipients);
            if (!refused.isEmpty())
                return reply(Response::error(400, refused));
        }
        if (recipients->isEmpty())
            return reply(Response::error(400, QStringLiteral("No valid addresses found")));
        if (const auto refusal = Smtp::checkRelease(relay, *recipients); refusal != Smtp::ReleaseRefusal::None)
            return reply(Response::error(400, Smtp::refusalText(refusal, {})));
        const std::optional<Records::MessageSummary> summary = context.reader->message(found.id);
        const QByteArray sender = summary ? summary->mailFrom : QByteArray();
        Smtp::release(relay, sender, *recipients, found.raw, context.live, [reply](const Smtp::SubmitOutcome &outcome) {
            if (outcome.delivered())
                return reply(Response::ok());
            reply(Response::error(400, QStringLiteral("SMTP error: %1").arg(outcome.description())));
        });
    });
}

} // namespace Api
