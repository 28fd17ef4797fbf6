#include "listsummary.h"

#include "encodedwords.h"
#include "headerblock.h"
#include "treebuilder.h"

#include "records/clock.h"
#include "records/tags.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>

#include <QRegularExpression>

namespace Mime {

namespace {

QString firstValue(const QList<HeaderField> &fields, QByteArrayView name)
{
    for (const HeaderField &f : fields) {
        if (QByteArrayView(f.name).compare(name, Qt::CaseInsensitive) == 0)
            return f.value.trimmed();
    }
    return {};
}

// The unfolded value of the last field called name (GMime goes by the last Content-Type).
QByteArray lastValue(const QByteArray &raw, const HeaderBlock &block, QByteArrayView name)
{
    QByteArray value;
    for (const RawField &f : block.fields) {
        if (f.validName && QByteArrayView(f.name).compare(name, Qt::CaseInsensitive) == 0)
            value = unfold(QByteArrayView(raw).sliced(f.valueRange.begin, f.valueRange.size()));
    }
    return value;
}

// The value up to its first parameter, lower case: "text/html; charset=x" gives "text/html".
QByteArray beforeParameters(const QByteArray &value)
{
    const qsizetype semicolon = value.indexOf(';');
    return (semicolon < 0 ? value : value.first(semicolon)).trimmed().toLower();
}

// A single-part message with a clean header section needs no MIME parser: its list columns
// come from four fields and two Content-* fields. This is most mail an application sends,
// and it keeps ingest on the writer's thread cheap.
bool summarizeSinglePart(const QByteArray &raw, const HeaderBlock &top, Records::MessageSummary *s)
{
    if (!top.nameless.isEmpty() || top.bodyWithoutBlank >= 0 || top.truncated)
        return false;
    const QByteArray type = lastValue(raw, top, "Content-Type");
    const QByteArray mediaType = isMediaType(type) ? beforeParameters(type) : QByteArray("text/plain");
    if (mediaType.startsWith("multipart/") || mediaType.startsWith("message/"))
        return false;
    const QByteArray disposition = lastValue(raw, top, "Content-Disposition");
    const QByteArray kind = beforeParameters(disposition);
    // A name (RFC 2231 forms included) in either field, as Part::filename would find it.
    static const QRegularExpression named(QStringLiteral("(?:^|;)\\s*(?:file)?name(?:\\*\\d*)?\\*?\\s*="),
                                          QRegularExpression::CaseInsensitiveOption);
    auto mayName = [](const QByteArray &value) { return value.toLower().contains("name"); };
    const bool hasName = (mayName(type) && named.match(QString::fromLatin1(type)).hasMatch())
                         || (mayName(disposition) && named.match(QString::fromLatin1(disposition)).hasMatch());
    const bool attachment = kind == "attachment" || (kind.isEmpty() && hasName);
    auto decoded = [&](QByteArrayView name) { return decodeHeaderText(firstValue(raw, top.fields, name)).trimmed(); };
    s->headerFrom = decoded("From");
    s->headerTo = decoded("To");
    s->subject = decoded("Subject");
    s->date = decoded("Date");
    s->attachments = attachment ? 1 : 0;
    s->hasHtml = !attachment && mediaType == "text/html";
    return true;
}

QString rawText(const QByteArray &value)
{
    QStringDecoder utf8(QStringDecoder::Utf8);
    const QString text = utf8(value);
    return utf8.hasError() ? QString::fromLatin1(value) : text;
}

// What the API needs of the top header fields, taken as written: the Message-ID without its
// angle brackets, the address fields undecoded (their parser reads them later), the X-Tags.
void addHeaderFacts(const QByteArray &raw, const HeaderBlock &top, Records::MessageSummary *s)
{
    QByteArray id = firstValue(raw, top.fields, "Message-ID").trimmed();
    qsizetype begin = 0, end = id.size();
    while (begin < end && id.at(begin) == '<')
        ++begin;
    while (end > begin && id.at(end - 1) == '>')
        --end;
    s->messageId = rawText(id.sliced(begin, end - begin));
    QJsonObject addresses;
    for (const char *name : {"From", "To", "Cc", "Bcc", "Reply-To", "Return-Path"}) {
        const QByteArray value = firstValue(raw, top.fields, name);
        if (!value.isNull())
            addresses.insert(QLatin1StringView(name), rawText(value.trimmed()));
    }
    if (!addresses.isEmpty())
        s->addressHeaders = QJsonDocument(addresses).toJson(QJsonDocument::Compact);
    const QByteArray tags = firstValue(raw, top.fields, "X-Tags");
    if (!tags.isNull())
        s->tags = Records::Tags::fromHeader(decodeHeaderText(tags));
}

} // namespace

Records::MessageSummary summarize(const QByteArray &raw)
{
    Records::MessageSummary s;
    s.receivedUs = Records::nowUs();
    addListColumns(raw, &s);
    return s;
}

void addListColumns(const QByteArray &raw, Records::MessageSummary *summary)
{
    Records::MessageSummary &s = *summary;
    s.size = raw.size();
    const HeaderBlock top = scanHeaderBlock(raw, 0, raw.size(), Limits{}.maxHeaderBytes, true);
    addHeaderFacts(raw, top, &s);
    if (summarizeSinglePart(raw, top, &s))
        return;
    // The structure without decoding any body: attachments and HTML are known from the
    // part headers alone.
    const ParsedMessage m = buildTree(raw, Limits{}, BuildDepth::Structure);
    s.headerFrom = firstValue(m.headers(), "From");
    s.headerTo = firstValue(m.headers(), "To");
    s.subject = m.subject.trimmed();
    s.date = firstValue(m.headers(), "Date");
    for (const Part *leaf : m.leaves()) {
        if (leaf->isAttachment)
            ++s.attachments;
        else if (leaf->contentType == QLatin1String("text/html"))
            s.hasHtml = true;
    }
}

} // namespace Mime
