#include "mimetreejson.h"

#include <QJsonArray>

namespace Api {

namespace {

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QJsonValue rangeJson(const Mime::ByteRange &range)
{
    if (!range.isValid())
        return QJsonValue();
    return QJsonObject{{QStringLiteral("Start"), range.begin}, {QStringLiteral("End"), range.end}};
}

QJsonObject nodeJson(const Mime::Part &part)
{
    QJsonArray children;
    for (const Mime::Part &child : part.children)
        children.append(nodeJson(child));
    return {{QStringLiteral("Path"), part.path},
            {QStringLiteral("ContentType"), part.contentType},
            {QStringLiteral("Charset"), orNull(part.charset)},
            {QStringLiteral("Disposition"), orNull(part.disposition)},
            {QStringLiteral("Filename"), orNull(part.filename)},
            {QStringLiteral("ContentID"), orNull(part.contentId)},
            {QStringLiteral("TransferEncoding"), orNull(part.transferEncoding)},
            {QStringLiteral("Attachment"), part.isAttachment},
            {QStringLiteral("DecodedSize"), part.decodedSize < 0 ? QJsonValue() : QJsonValue(part.decodedSize)},
            {QStringLiteral("Header"), rangeJson(part.headerRange)},
            {QStringLiteral("Body"), rangeJson(part.bodyRange)},
            {QStringLiteral("Children"), children}};
}

} // namespace

QJsonObject mimeTreeJson(const Mime::ParsedMessage &message)
{
    return {{QStringLiteral("Size"), message.size}, {QStringLiteral("Root"), nodeJson(message.root)}};
}

QJsonObject lintJson(const Mime::ParsedMessage &message, const Records::Defects &smtpDefects)
{
    QJsonArray findings;
    for (const Records::Defect &d : smtpDefects) {
        findings.append(QJsonObject{{QStringLiteral("Source"), QStringLiteral("smtp")},
                                    {QStringLiteral("Code"), QString::fromUtf8(d.code)},
                                    {QStringLiteral("Severity"), Mime::severityName(Mime::Severity::Warning)},
                                    {QStringLiteral("Text"), d.detail},
                                    {QStringLiteral("RFC"), QJsonValue()},
                                    {QStringLiteral("Count"), d.count},
                                    {QStringLiteral("Offset"), d.offset < 0 ? QJsonValue() : QJsonValue(d.offset)},
                                    {QStringLiteral("Path"), QJsonValue()}});
    }
    for (const Mime::Diagnostic &d : message.diagnostics) {
        findings.append(QJsonObject{{QStringLiteral("Source"), QStringLiteral("mime")},
                                    {QStringLiteral("Code"), d.code},
                                    {QStringLiteral("Severity"), Mime::severityName(d.severity)},
                                    {QStringLiteral("Text"), d.message},
                                    {QStringLiteral("RFC"), orNull(d.rfc)},
                                    {QStringLiteral("Count"), 1},
                                    {QStringLiteral("Offset"), d.offset < 0 ? QJsonValue() : QJsonValue(d.offset)},
                                    {QStringLiteral("Path"), d.path}});
    }
    return {{QStringLiteral("Findings"), findings}};
}

} // namespace Api
