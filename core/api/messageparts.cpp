#include "messageparts.h"

#include "mime/htmltext.h"
#include "mime/transferdecoding.h"

#include <QRegularExpression>

namespace Api {

namespace {

const QString kTextPlain = QStringLiteral("text/plain");
const QString kTextHtml = QStringLiteral("text/html");
const QString kOctetStream = QStringLiteral("application/octet-stream");
const QString kAttachment = QStringLiteral("attachment");
const QString kInline = QStringLiteral("inline");

// Mailpit's Content-ID: angle brackets trimmed, then URL query unescaping ("%20" and "+"),
// kept as it was when an escape is broken.
QString contentIdOf(const QString &written)
{
    QString id = written;
    while (id.startsWith(QLatin1Char('<')))
        id.remove(0, 1);
    while (id.endsWith(QLatin1Char('>')))
        id.chop(1);
    const QByteArray bytes = id.toUtf8();
    QByteArray out;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes.at(i);
        if (c == '+') {
            out += ' ';
        } else if (c == '%') {
            const int hi = i + 2 < bytes.size() ? Mime::hexValue(bytes.at(i + 1)) : -1;
            const int lo = i + 2 < bytes.size() ? Mime::hexValue(bytes.at(i + 2)) : -1;
            if (hi < 0 || lo < 0)
                return id;
            out += char(hi * 16 + lo);
            i += 2;
        } else {
            out += c;
        }
    }
    return QString::fromUtf8(out);
}

bool isMultipartEntity(const Mime::Part &part)
{
    return part.isMultipart(); // message/* stays a leaf, as in Mailpit
}

MailpitPart describe(const Mime::Part &part, const QString &partId)
{
    return {partId, &part, part.contentType, part.disposition, part.filename, contentIdOf(part.contentId)};
}

// Depth first (document order) and breadth first, with Mailpit's numbering.
void walkDepthFirst(const Mime::Part &part, const QString &id, bool root, QList<MailpitPart> *out)
{
    const bool multi = isMultipartEntity(part);
    out->append(describe(part, root ? QStringLiteral("0") : multi ? id + QStringLiteral(".0") : id));
    if (!multi)
        return;
    for (qsizetype i = 0; i < part.children.size(); ++i) {
        const QString n = QString::number(i + 1);
        walkDepthFirst(part.children.at(i), root ? n : id + QLatin1Char('.') + n, false, out);
    }
}

QList<MailpitPart> breadthFirst(const Mime::Part &root)
{
    struct Pending { const Mime::Part *part; QString id; bool root; };
    QList<MailpitPart> out;
    QList<Pending> queue{{&root, QString(), true}};
    for (qsizetype q = 0; q < queue.size(); ++q) {
        const Pending p = queue.at(q);
        const bool multi = isMultipartEntity(*p.part);
        out.append(describe(*p.part, p.root ? QStringLiteral("0") : multi ? p.id + QStringLiteral(".0") : p.id));
        if (!multi)
            continue;
        for (qsizetype i = 0; i < p.part->children.size(); ++i) {
            const QString n = QString::number(i + 1);
            queue.append({&p.part->children.at(i), p.root ? n : p.id + QLatin1Char('.') + n, false});
        }
    }
    return out;
}

bool isBodyCandidate(const MailpitPart &p, const QString &type)
{
    return p.contentType == type && p.disposition != kAttachment;
}

bool isNamed(const MailpitPart &p)
{
    return !p.fileName.isEmpty() || !p.contentId.isEmpty();
}

QList<MailpitPart> named(const QList<MailpitPart> &parts)
{
    QList<MailpitPart> out;
    for (const MailpitPart &p : parts) {
        if (isNamed(p))
            out.append(p);
    }
    return out;
}

void readSinglePart(const QByteArray &raw, const Mime::Part &root, bool bodies, MailpitParts *out)
{
    const MailpitPart p = describe(root, QStringLiteral("0"));
    const bool textType = p.contentType == kTextPlain || p.contentType == kTextHtml;
    const bool binary = textType ? p.disposition == kAttachment : true;
    if (binary) {
        (p.disposition == kInline ? out->inlines : out->attachments).append(p);
        return;
    }
    if (bodies)
        (p.contentType == kTextHtml ? out->html : out->text) = Mime::decodedText(raw, root);
}

void readBodies(const QByteArray &raw, const Mime::Part &root, const QList<MailpitPart> &breadth, MailpitParts *out)
{
    QList<MailpitPart> depth;
    walkDepthFirst(root, QString(), true, &depth);
    if (root.contentType == QLatin1String("multipart/alternative")) {
        for (const MailpitPart &p : breadth) {
            if (isBodyCandidate(p, kTextPlain)) {
                out->text = Mime::decodedText(raw, *p.part);
                break;
            }
        }
    } else {
        QStringList texts;
        for (const MailpitPart &p : depth) {
            if (isBodyCandidate(p, kTextPlain))
                texts.append(Mime::decodedText(raw, *p.part));
        }
        out->text = texts.join(QStringLiteral("\n--\n"));
    }
    for (const MailpitPart &p : depth) {
        if (isBodyCandidate(p, kTextHtml)) {
            out->html = Mime::decodedText(raw, *p.part);
            break;
        }
    }
}

void readMultipart(const QByteArray &raw, const Mime::Part &root, bool bodies, MailpitParts *out)
{
    const QList<MailpitPart> breadth = breadthFirst(root);
    if (bodies)
        readBodies(raw, root, breadth, out);
    for (const MailpitPart &p : breadth) {
        const bool container = p.contentType.startsWith(QLatin1String("multipart/"));
        if (p.disposition == kAttachment || p.contentType == kOctetStream)
            out->attachments.append(p);
        if (p.disposition == kInline && !container)
            out->inlines.append(p);
        if (!container && p.disposition.isEmpty() && p.contentType != kOctetStream && p.contentType != kTextPlain
            && p.contentType != kTextHtml)
            out->otherParts.append(p);
    }
}

MailpitParts readParts(const QByteArray &raw, const Mime::ParsedMessage &message, bool bodies)
{
    MailpitParts out;
    if (isMultipartEntity(message.root))
        readMultipart(raw, message.root, bodies, &out);
    else
        readSinglePart(raw, message.root, bodies, &out);
    return out;
}

} // namespace

QList<MailpitPart> MailpitParts::listedInline() const
{
    return named(inlines) + named(otherParts);
}

QList<MailpitPart> MailpitParts::listedAttachments() const
{
    return named(attachments);
}

MailpitParts mailpitParts(const QByteArray &raw, const Mime::ParsedMessage &message)
{
    MailpitParts out = readParts(raw, message, true);
    if (out.text.isEmpty() && !out.html.isEmpty())
        out.text = Mime::htmlToText(out.html); // Mailpit's text for an HTML-only message
    return out;
}

bool isValidPartId(const QString &partId)
{
    static const QRegularExpression pattern(QRegularExpression::anchoredPattern(QStringLiteral("[0-9]{1,9}(\\.[0-9]{1,9}){0,63}")));
    return pattern.match(partId).hasMatch();
}

std::optional<PartContent> findPart(const QByteArray &raw, const Mime::ParsedMessage &message, const QString &partId)
{
    if (!isValidPartId(partId))
        return std::nullopt;
    const MailpitParts parts = readParts(raw, message, false);
    for (const QList<MailpitPart> *list : {&parts.inlines, &parts.otherParts, &parts.attachments}) {
        for (const MailpitPart &p : *list) {
            if (p.partId == partId)
                return PartContent{Mime::decodedContent(raw, *p.part), p.contentType, p.fileName.isEmpty() ? p.contentId : p.fileName};
        }
    }
    return std::nullopt;
}

} // namespace Api
