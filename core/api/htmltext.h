#pragma once

#include <QString>

namespace Api {

// An HTML body as plain text, for a message that has no text/plain part (Mailpit shows such
// a message's Text this way): head, script and style dropped, blocks and <br> as line breaks,
// a link as "text ( url )" when its text is not the url, entities decoded, blanks collapsed.
QString htmlToText(const QString &html);

} // namespace Api

namespace Api {

// Mailpit's list snippet: the HTML's text (else the text body) on one line, blanks collapsed,
// cut to at most 200 UTF-8 octets on a character boundary with "..." after a cut.
QString snippetOf(const QString &text, const QString &html);

} // namespace Api
