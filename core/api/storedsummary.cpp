#include "storedsummary.h"

#include "mime/addresses.h"
#include "mime/encodedwords.h"

#include <QCache>
#include <QJsonDocument>

namespace Api {

std::optional<SummaryFields> storedSummaryFields(const Records::MessageSummary &summary)
{
    if (summary.snippet.isNull() || summary.addressHeaders.isEmpty())
        return std::nullopt;
    const QJsonObject headers = QJsonDocument::fromJson(summary.addressHeaders).object();
    const auto field = [&](QLatin1StringView name) {
        return Mime::parseAddresses(headers.value(name).toString().toUtf8());
    };
    SummaryFields out;
    out.messageId = summary.messageId;
    const QString from = headers.value(QLatin1StringView("From")).toString();
    if (const QList<Records::Address> mailboxes = field(QLatin1StringView("From")); !mailboxes.isEmpty())
        out.from = mailboxes.constFirst();
    else if (!from.trimmed().isEmpty())
        out.from = Records::Address{Mime::decodeHeaderText(from.trimmed().toUtf8()), QString()};
    out.to = field(QLatin1StringView("To"));
    out.cc = field(QLatin1StringView("Cc"));
    out.bcc = blindRecipients(out.to, out.cc, field(QLatin1StringView("Bcc")), summary.recipients);
    out.replyTo = field(QLatin1StringView("Reply-To"));
    out.snippet = summary.snippet;
    out.tags = summary.tags;
    return out;
}

namespace {

// The address fields of a message never change once stored, and test suites poll the same
// newest page again and again: parsing them once per message, not once per request, is most
// of what a list costs. Per thread (each thread has its reader) and database (the window may
// open another); ids are never reused in a database.
std::optional<SummaryFields> cachedSummaryFields(const Store::Reader &reader, const Records::MessageSummary &summary)
{
    using Key = std::pair<QString, qint64>;
    thread_local QCache<Key, SummaryFields> cache(4096);
    const Key key{reader.connection().databaseName(), summary.id};
    if (const SummaryFields *known = cache.object(key)) {
        SummaryFields fields = *known;
        fields.tags = summary.tags; // tags do change
        return fields;
    }
    std::optional<SummaryFields> fields = storedSummaryFields(summary);
    if (fields)
        cache.insert(key, new SummaryFields(*fields));
    return fields;
}

} // namespace

QJsonArray summariesJson(const Store::Reader &reader, const QList<Records::MessageSummary> &summaries)
{
    QJsonArray out;
    for (const Records::MessageSummary &summary : summaries) {
        std::optional<SummaryFields> fields = cachedSummaryFields(reader, summary);
        if (!fields) {
            const QByteArray raw = reader.raw(summary.id).value_or(QByteArray());
            fields = summaryFields(raw, Mime::parse(raw), summary);
            fields->tags = summary.tags;
        }
        out.append(summaryJson(summary, *fields));
    }
    return out;
}

} // namespace Api
