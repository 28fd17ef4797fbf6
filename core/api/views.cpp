#include "views.h"

#include <QRegularExpression>

namespace Api {

QString linkInlineParts(const QString &html, const QString &messageId, const MailpitParts &parts)
{
    QString out = html;
    for (const MailpitPart &p : parts.listedInline() + parts.listedAttachments()) {
        if (p.contentId.isEmpty())
            continue;
        // An attribute value: "=" and an optional quote, then the reference, ended by a quote,
        // a blank, "/", ">" or ";" (so "cid:a" does not take "cid:ab").
        const QRegularExpression reference(QStringLiteral("(=[\"']?)cid:") + QRegularExpression::escape(p.contentId)
                                               + QStringLiteral("(?=[\"'\\s/>;|\\\\])"),
                                           QRegularExpression::CaseInsensitiveOption);
        out.replace(reference, QStringLiteral("\\1/api/v1/message/") + messageId + QStringLiteral("/part/") + p.partId);
    }
    return out;
}

Response htmlView(const QString &messageId, const QByteArray &raw, const Mime::ParsedMessage &message)
{
    const MailpitParts parts = mailpitParts(raw, message);
    if (parts.html.isEmpty())
        return Response::error(404, QStringLiteral("This message does not contain a HTML part"));
    Response r = Response::text(linkInlineParts(parts.html, messageId, parts).toUtf8());
    r.contentType = "text/html; charset=utf-8";
    return r;
}

Response textView(const QByteArray &raw, const Mime::ParsedMessage &message)
{
    return Response::text(mailpitParts(raw, message).text.toUtf8());
}

} // namespace Api
