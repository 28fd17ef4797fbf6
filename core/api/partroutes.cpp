#include "messagelookup.h"
#include "messageparts.h"
#include "routes.h"
#include "thumbnail.h"
#include "views.h"

#include <QRegularExpression>

// A message's parts (as Mailpit numbers them), their thumbnails, and the testing views
// /view/{ID}.html and /view/{ID}.txt.
namespace Api {

namespace {

// Go's url.PathEscape: a file name as one path segment, so no quote, line break, slash or
// backslash of it reaches a header or a path.
QByteArray pathEscaped(const QString &name)
{
    QByteArray out;
    for (const char c : name.toUtf8()) {
        const uchar u = uchar(c);
        const bool plain = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9')
            || QByteArrayView("-_.~$&+:=@").contains(c);
        if (plain)
            out += c;
        else
            out += '%' + QByteArray::number(u, 16).toUpper().rightJustified(2, '0');
    }
    return out;
}

// The part a request names, decoded; nullopt when the message, the PartID or the part is not there.
std::optional<PartContent> partOf(const MessageLookup &found, const Request &request)
{
    const QString partId = request.param(QStringLiteral("PartID"));
    if (found.failure || !isValidPartId(partId))
        return std::nullopt;
    return findPart(found.raw, Mime::parse(found.raw), partId);
}

// Mailpit's ?embed=1: every link opens outside the frame, and a script tells the parent window
// the document's height (with the nonce the page gives in mp-nonce).
QString embedded(QString html, const QByteArray &nonce)
{
    static const QRegularExpression anchor(QStringLiteral("<a(\\s[^>]*)?>"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression targetOrRel(QStringLiteral("\\s(target|rel)\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]*)"),
                                                QRegularExpression::CaseInsensitiveOption);
    QString out;
    qsizetype last = 0;
    for (const QRegularExpressionMatch &m : anchor.globalMatch(html)) {
        QString attributes = m.captured(1);
        attributes.remove(targetOrRel);
        out += QStringView(html).mid(last, m.capturedStart() - last);
        out += QStringLiteral("<a") + attributes + QStringLiteral(" target=\"_blank\" rel=\"noreferrer noopener\">");
        last = m.capturedEnd();
    }
    out += QStringView(html).mid(last);
    if (!out.contains(QLatin1String("</body>"), Qt::CaseInsensitive))
        out = QStringLiteral("<html><head></head><body>") + out + QStringLiteral("</body></html>");
    const QString script = QStringLiteral("<script nonce=\"") + QString::fromUtf8(nonce).toHtmlEscaped()
        + QStringLiteral("\">\nif (typeof window.parent == \"object\") {\n"
                         "  window.addEventListener('load', function () {\n"
                         "    window.parent.postMessage({ messageHeight: document.body.scrollHeight}, \"*\")\n"
                         "  })\n}\n</script>");
    const qsizetype body = out.lastIndexOf(QLatin1String("</body>"), -1, Qt::CaseInsensitive);
    return out.insert(body, script);
}

} // namespace

void addPartRoutes(Router &router, Context &context)
{
    router.add("GET", QStringLiteral("/api/v1/message/{ID}/part/{PartID}"), [&context](const Request &request, Reply reply) {
        const MessageLookup found = lookUpMessage(context, request);
        if (found.failure)
            return reply(*found.failure);
        const std::optional<PartContent> part = partOf(found, request);
        if (!part)
            return reply(unknownMessage());
        Response response = Response::text(part->data);
        response.contentType = part->contentType.toUtf8();
        response.withHeader("Content-Disposition", "inline; filename=\"" + pathEscaped(part->fileName) + '"');
        reply(response);
    });

    router.add("GET", QStringLiteral("/api/v1/message/{ID}/part/{PartID}/thumb"), [&context](const Request &request, Reply reply) {
        const MessageLookup found = lookUpMessage(context, request);
        const std::optional<PartContent> part = partOf(found, request);
        if (!part) // Mailpit answers 400 here, with its reason
            return reply(Response::error(400, found.failure ? QStringLiteral("message not found") : QStringLiteral("attachment not found")));
        Response response = Response::text(partThumbnail(part->data, part->contentType));
        response.contentType = "image/jpeg";
        response.withHeader("Content-Disposition", "filename=\"" + pathEscaped(part->fileName) + '"');
        reply(response);
    });

    router.add("GET", QStringLiteral("/view/{ID}.html"), [&context](const Request &request, Reply reply) {
        const MessageLookup found = lookUpMessage(context, request, noLatestMessage(), noLatestMessage());
        if (found.failure)
            return reply(*found.failure);
        const Mime::ParsedMessage message = Mime::parse(found.raw);
        markRead(context, found.id);
        Response response = htmlView(QString::number(found.id), found.raw, message);
        if (response.status == 200 && request.queryValue(QStringLiteral("embed")) == QLatin1String("1"))
            response.body = embedded(QString::fromUtf8(response.body), request.header("mp-nonce")).toUtf8();
        reply(response);
    });
    router.add("GET", QStringLiteral("/view/{ID}.txt"), [&context](const Request &request, Reply reply) {
        const MessageLookup found = lookUpMessage(context, request, noLatestMessage(), noLatestMessage());
        if (found.failure)
            return reply(*found.failure);
        markRead(context, found.id);
        reply(textView(found.raw, Mime::parse(found.raw)));
    });
}

} // namespace Api
