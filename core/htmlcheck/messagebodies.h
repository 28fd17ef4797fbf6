#pragma once

#include "mime/parsedmessage.h"

#include <QList>

// The bodies the checks read: the first HTML part and the text parts, as Mailpit picks them
// (leaves in document order that are not attachments). Pure.
namespace HtmlCheck {

const Mime::Part *htmlPart(const Mime::ParsedMessage &message);
QList<const Mime::Part *> textParts(const Mime::ParsedMessage &message);

} // namespace HtmlCheck
