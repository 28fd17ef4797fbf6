#include "parsedmessage.h"

#include <QJsonArray>

namespace Mime {

namespace {

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QJsonArray rangeJson(const ByteRange &range)
{
    return range.isValid() ? QJsonArray{range.begin, range.end} : QJsonArray{};
}

QJsonArray addressesJson(const QList<Address> &list)
{
    QJsonArray out;
    for (const Address &a : list)
        out.append(QJsonObject{{QStringLiteral("name"), a.name}, {QStringLiteral("addr"), a.addr}});
    return out;
}

// Python's datetime.isoformat(): 2011-05-11T13:27:12-06:00.
QString isoDate(const QDateTime &dt)
{
    const int offset = dt.offsetFromUtc();
    const int minutes = qAbs(offset) / 60;
    return dt.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) + (offset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
           + QStringLiteral("%1:%2").arg(minutes / 60, 2, 10, QLatin1Char('0')).arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

QString structure(const Part &part)
{
    QStringList kids;
    for (const Part &child : part.children)
        kids.append(structure(child));
    if (part.isMultipart())
        return part.contentType + QLatin1Char('(') + kids.join(QLatin1Char(',')) + QLatin1Char(')');
    if (part.isEncapsulatedMessage())
        return part.contentType + QLatin1Char('[') + kids.join(QLatin1Char(',')) + QLatin1Char(']');
    return part.contentType;
}

void containers(const Part &part, QJsonArray *out)
{
    if (part.isLeaf())
        return;
    out->append(QJsonObject{{QStringLiteral("path"), part.path}, {QStringLiteral("content_type"), part.contentType}});
    for (const Part &child : part.children)
        containers(child, out);
}

QJsonObject leafJson(const Part &p)
{
    QJsonObject params;
    for (const auto &param : p.params)
        params.insert(param.first, param.second);
    return {{QStringLiteral("path"), p.path},
            {QStringLiteral("in_message"), p.inMessage},
            {QStringLiteral("content_type"), p.contentType},
            {QStringLiteral("params"), params},
            {QStringLiteral("charset"), orNull(p.charset)},
            {QStringLiteral("filename"), p.filename.isNull() ? QJsonValue() : QJsonValue(p.filename)},
            {QStringLiteral("disposition"), p.disposition.isNull() ? QJsonValue() : QJsonValue(p.disposition)},
            {QStringLiteral("cte"), p.transferEncoding.isNull() ? QJsonValue() : QJsonValue(p.transferEncoding)},
            {QStringLiteral("content_id"), p.contentId.isNull() ? QJsonValue() : QJsonValue(p.contentId)},
            {QStringLiteral("attachment"), p.isAttachment},
            {QStringLiteral("decoded_length"), p.decodedSize < 0 ? QJsonValue() : QJsonValue(p.decodedSize)},
            {QStringLiteral("decoded_sha256"), p.decodedSha256.isEmpty() ? QJsonValue()
                                                                          : QJsonValue(QString::fromLatin1(p.decodedSha256))},
            {QStringLiteral("header_range"), rangeJson(p.headerRange)},
            {QStringLiteral("body_range"), rangeJson(p.bodyRange)}};
}

} // namespace

QJsonObject toJson(const ParsedMessage &m)
{
    QJsonArray parts;
    const QList<const Part *> leaves = m.leaves();
    for (const Part *p : leaves)
        parts.append(leafJson(*p));
    QJsonArray boxes;
    containers(m.root, &boxes);
    QJsonArray headers;
    for (const HeaderField &h : m.headers()) {
        headers.append(QJsonObject{{QStringLiteral("name"), QString::fromUtf8(h.name)},
                                   {QStringLiteral("value"), h.value},
                                   {QStringLiteral("range"), rangeJson(h.range)}});
    }
    QJsonArray diagnostics;
    for (const Diagnostic &d : m.diagnostics) {
        diagnostics.append(QJsonObject{{QStringLiteral("severity"), severityName(d.severity)},
                                       {QStringLiteral("code"), d.code},
                                       {QStringLiteral("message"), d.message},
                                       {QStringLiteral("rfc"), orNull(d.rfc)},
                                       {QStringLiteral("offset"), d.offset < 0 ? QJsonValue() : QJsonValue(d.offset)},
                                       {QStringLiteral("path"), d.path}});
    }
    auto nullable = [](const QString &s) { return s.isNull() ? QJsonValue() : QJsonValue(s); };
    return {{QStringLiteral("size"), m.size},
            {QStringLiteral("top_content_type"), m.root.contentType},
            {QStringLiteral("structure"), structure(m.root)},
            {QStringLiteral("leaf_count"), int(leaves.size())},
            {QStringLiteral("parts"), parts},
            {QStringLiteral("containers"), boxes},
            {QStringLiteral("subject"), nullable(m.subject)},
            {QStringLiteral("from"), addressesJson(m.from)},
            {QStringLiteral("sender"), addressesJson(m.sender)},
            {QStringLiteral("reply_to"), addressesJson(m.replyTo)},
            {QStringLiteral("to"), addressesJson(m.to)},
            {QStringLiteral("cc"), addressesJson(m.cc)},
            {QStringLiteral("bcc"), addressesJson(m.bcc)},
            {QStringLiteral("date"), nullable(m.date)},
            {QStringLiteral("date_iso"), m.dateTime.isValid() ? QJsonValue(isoDate(m.dateTime)) : QJsonValue()},
            {QStringLiteral("message_id"), nullable(m.messageId)},
            {QStringLiteral("headers"), headers},
            {QStringLiteral("diagnostics"), diagnostics}};
}

} // namespace Mime
