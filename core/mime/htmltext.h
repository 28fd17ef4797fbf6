#pragma once

#include <QString>

namespace Mime {

// An HTML body as plain text, for reading and for the search index: head, script, style and
// comments dropped, blocks and <br> as line breaks, inline markup joined without a break (so
// "Ex<b>clusive</b>" stays one word), a link as "text ( url )" when its text is not the url
// (Mailpit's text for an HTML-only message), entities decoded, blanks collapsed.
QString htmlToText(const QString &html);

// Character references (&amp;, &#233;, &#xE9;, &eacute;, ...) decoded; unknown names kept as written.
QString decodeEntities(const QString &text);

} // namespace Mime
