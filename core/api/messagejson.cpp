#include "messagejson.h"

#include "htmltext.h"
#include "listunsubscribe.h"
#include "messageparts.h"
#include "mime/headerblock.h"

#include <QCryptographicHash>
#include <QSet>

namespace Api {

namespace {

QList<Records::Address> addresses(const QList<Mime::Address> &list)
{
    QList<Records::Address> out;
    out.reserve(list.size());
    for (const Mime::Address &a : list)
        out.append({a.name, a.addr});
    return out;
}

const Mime::HeaderField *firstField(const Mime::ParsedMessage &message, QByteArrayView name)
{
    for (const Mime::HeaderField &f : message.headers()) {
        if (QByteArrayView(f.name).compare(name, Qt::CaseInsensitive) == 0)
            return &f;
    }
    return nullptr;
}

QString fieldValue(const Mime::ParsedMessage &message, QByteArrayView name)
{
    const Mime::HeaderField *f = firstField(message, name);
    return f ? f->value.trimmed() : QString();
}

// Go's strings.Trim(v, "<>").
QString trimAngles(QString value)
{
    while (value.startsWith(QLatin1Char('<')) || value.startsWith(QLatin1Char('>')))
        value.remove(0, 1);
    while (value.endsWith(QLatin1Char('<')) || value.endsWith(QLatin1Char('>')))
        value.chop(1);
    return value;
}

// Mailpit's From: the first mailbox; the header's text as a name when it holds none; empty
// strings when there is no From at all (never null).
Records::Address fromOf(const Mime::ParsedMessage &message)
{
    if (!message.from.isEmpty())
        return {message.from.constFirst().name, message.from.constFirst().addr};
    return {fieldValue(message, "From"), QString()};
}

QJsonObject attachmentJson(const QByteArray &raw, const MailpitPart &part)
{
    const QByteArray data = Mime::decodedContent(raw, *part.part);
    auto hex = [&](QCryptographicHash::Algorithm algorithm) {
        return QString::fromLatin1(QCryptographicHash::hash(data, algorithm).toHex());
    };
    return {
        {QStringLiteral("PartID"), part.partId},
        {QStringLiteral("FileName"), part.fileName.isEmpty() ? part.contentId : part.fileName},
        {QStringLiteral("ContentType"), part.contentType},
        {QStringLiteral("ContentID"), part.contentId},
        {QStringLiteral("Size"), qint64(data.size())},
        {QStringLiteral("Checksums"),
         QJsonObject{{QStringLiteral("MD5"), hex(QCryptographicHash::Md5)},
                     {QStringLiteral("SHA1"), hex(QCryptographicHash::Sha1)},
                     {QStringLiteral("SHA256"), hex(QCryptographicHash::Sha256)}}},
    };
}

QJsonArray attachmentsJson(const QByteArray &raw, const QList<MailpitPart> &parts)
{
    QJsonArray out;
    for (const MailpitPart &p : parts)
        out.append(attachmentJson(raw, p));
    return out;
}

// Go's textproto.CanonicalMIMEHeaderKey: a name of token characters gets an upper case
// letter first and after each hyphen, lower case elsewhere; any other name stays as written.
QString canonicalName(const QByteArray &name)
{
    static const QByteArray separators = QByteArrayLiteral("()<>@,;:\\\"/[]?={} \t");
    for (const char c : name) {
        if (uchar(c) <= 32 || uchar(c) >= 127 || separators.contains(c))
            return QString::fromUtf8(name);
    }
    QByteArray out = name;
    bool upper = true;
    for (char &c : out) {
        c = upper ? char(std::toupper(uchar(c))) : char(std::tolower(uchar(c)));
        upper = c == '-';
    }
    return QString::fromLatin1(out);
}

// Go's textproto continued lines: each line trimmed, joined with one space.
QString unfoldedValue(const QByteArray &value)
{
    QByteArrayList lines = value.split('\n');
    QByteArrayList kept;
    for (QByteArray &line : lines) {
        line = line.trimmed();
        if (!line.isEmpty())
            kept.append(line);
    }
    return QString::fromUtf8(kept.join(' '));
}

} // namespace

QString apiTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QString apiTimeFromUs(qint64 microseconds)
{
    return apiTime(QDateTime::fromMSecsSinceEpoch(microseconds / 1000, Qt::UTC));
}

QJsonObject toJson(const Records::Address &address)
{
    return {{QStringLiteral("Name"), address.name}, {QStringLiteral("Address"), address.address}};
}

QJsonArray toJson(const QList<Records::Address> &addresses)
{
    QJsonArray out;
    for (const Records::Address &a : addresses)
        out.append(toJson(a));
    return out;
}

QList<Records::Address> blindRecipients(const QList<Records::Address> &to, const QList<Records::Address> &cc,
                                        const QList<Records::Address> &bcc, const QList<QByteArray> &envelopeRecipients)
{
    QSet<QString> named;
    for (const QList<Records::Address> *list : {&to, &cc, &bcc}) {
        for (const Records::Address &a : *list)
            named.insert(a.address.toLower());
    }
    QList<Records::Address> out = bcc;
    for (const QByteArray &recipient : envelopeRecipients) {
        const QString address = QString::fromUtf8(recipient);
        if (address.isEmpty() || named.contains(address.toLower()))
            continue;
        named.insert(address.toLower());
        out.append({QString(), address});
    }
    return out;
}

namespace {

SummaryFields addressFields(const Mime::ParsedMessage &message, const Records::MessageSummary &summary)
{
    SummaryFields out;
    out.messageId = trimAngles(message.messageId.trimmed());
    if (!message.from.isEmpty() || !fieldValue(message, "From").isEmpty())
        out.from = fromOf(message);
    out.to = addresses(message.to);
    out.cc = addresses(message.cc);
    out.bcc = blindRecipients(out.to, out.cc, addresses(message.bcc), summary.recipients);
    out.replyTo = addresses(message.replyTo);
    return out;
}

} // namespace

SummaryFields summaryFields(const QByteArray &raw, const Mime::ParsedMessage &message, const Records::MessageSummary &summary)
{
    SummaryFields out = addressFields(message, summary);
    const MailpitParts parts = mailpitParts(raw, message);
    out.snippet = snippetOf(parts.text, parts.html);
    return out;
}

QJsonObject messageJson(const QByteArray &raw, const Mime::ParsedMessage &message,
                        const Records::MessageSummary &summary, const QStringList &tags)
{
    const SummaryFields fields = addressFields(message, summary);
    const Records::Address from = fields.from.value_or(Records::Address{});
    const MailpitParts parts = mailpitParts(raw, message);

    // Mailpit's SMTP server writes the envelope sender into Return-Path; without an envelope
    // (an imported file) the header, then the From address, stand in.
    QString returnPath = QString::fromUtf8(summary.mailFrom);
    if (returnPath.isEmpty())
        returnPath = trimAngles(fieldValue(message, "Return-Path"));
    if (returnPath.isEmpty())
        returnPath = from.address;

    const QString date = message.dateTime.isValid() ? apiTime(message.dateTime) : apiTimeFromUs(summary.receivedUs);
    const ListUnsubscribe unsubscribe = parseListUnsubscribe(fieldValue(message, "List-Unsubscribe"),
                                                             fieldValue(message, "List-Unsubscribe-Post"));
    return {
        {QStringLiteral("ID"), QString::number(summary.id)},
        {QStringLiteral("MessageID"), fields.messageId},
        {QStringLiteral("From"), toJson(from)},
        {QStringLiteral("To"), toJson(fields.to)},
        {QStringLiteral("Cc"), toJson(fields.cc)},
        {QStringLiteral("Bcc"), toJson(fields.bcc)},
        {QStringLiteral("ReplyTo"), toJson(fields.replyTo)},
        {QStringLiteral("ReturnPath"), returnPath},
        {QStringLiteral("Subject"), message.subject.isNull() ? QStringLiteral("") : message.subject},
        {QStringLiteral("ListUnsubscribe"), toJson(unsubscribe)},
        {QStringLiteral("Date"), date},
        {QStringLiteral("Tags"), QJsonArray::fromStringList(tags)},
        {QStringLiteral("Username"), QString::fromUtf8(summary.authUser)},
        {QStringLiteral("Text"), parts.text},
        {QStringLiteral("HTML"), parts.html},
        {QStringLiteral("Size"), qint64(raw.size())},
        {QStringLiteral("Inline"), attachmentsJson(raw, parts.listedInline())},
        {QStringLiteral("Attachments"), attachmentsJson(raw, parts.listedAttachments())},
    };
}

QJsonObject messageJson(const QByteArray &raw, const Records::MessageSummary &summary, const QStringList &tags)
{
    return messageJson(raw, Mime::parse(raw), summary, tags);
}

QJsonObject headersJson(const QByteArray &raw)
{
    const Mime::HeaderBlock block = Mime::scanHeaderBlock(raw, 0, raw.size(), Mime::Limits{}.maxHeaderBytes, true);
    QJsonObject out;
    for (const Mime::RawField &f : block.fields) {
        if (f.name.isEmpty())
            continue;
        const QString name = canonicalName(f.name);
        QJsonArray values = out.value(name).toArray();
        values.append(unfoldedValue(raw.sliced(f.valueRange.begin, f.valueRange.size())));
        out.insert(name, values);
    }
    return out;
}

QJsonObject summaryJson(const Records::MessageSummary &summary, const SummaryFields &fields)
{
    return {
        {QStringLiteral("ID"), QString::number(summary.id)},
        {QStringLiteral("MessageID"), fields.messageId},
        {QStringLiteral("Read"), (summary.flags & Records::kFlagSeen) != 0},
        {QStringLiteral("From"), toJson(fields.from.value_or(Records::Address{}))},
        {QStringLiteral("To"), toJson(fields.to)},
        {QStringLiteral("Cc"), toJson(fields.cc)},
        {QStringLiteral("Bcc"), toJson(fields.bcc)},
        {QStringLiteral("ReplyTo"), toJson(fields.replyTo)},
        {QStringLiteral("Subject"), summary.subject},
        {QStringLiteral("Created"), apiTimeFromUs(summary.receivedUs)},
        {QStringLiteral("Username"), QString::fromUtf8(summary.authUser)},
        {QStringLiteral("Tags"), QJsonArray::fromStringList(fields.tags)},
        {QStringLiteral("Size"), summary.size},
        {QStringLiteral("Attachments"), summary.attachments},
        {QStringLiteral("Snippet"), fields.snippet},
    };
}

} // namespace Api
