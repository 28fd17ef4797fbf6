#pragma once

#include "httpmessage.h"
#include "messageparts.h"

#include <QString>

// The testing views /view/{ID}.html and /view/{ID}.txt as responses. Pure, any thread.
namespace Api {

// The HTML with each "cid:" reference to a listed inline part or attachment (src="cid:x",
// href='cid:x', ...) pointing at /api/v1/message/{ID}/part/{PartID}, as Mailpit does.
QString linkInlineParts(const QString &html, const QString &messageId, const MailpitParts &parts);

// 200 text/html (UTF-8) with linked parts; 404 "This message does not contain a HTML part".
Response htmlView(const QString &messageId, const QByteArray &raw, const Mime::ParsedMessage &message);
// 200 text/plain (UTF-8) with Mailpit's Text (the HTML as text when there is no text part).
Response textView(const QByteArray &raw, const Mime::ParsedMessage &message);

} // namespace Api
