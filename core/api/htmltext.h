#pragma once

#include <QString>

namespace Api {

// Mailpit's list snippet: the HTML's text (else the text body) on one line, blanks collapsed,
// cut to at most 200 UTF-8 octets on a character boundary with "..." after a cut.
QString snippetOf(const QString &text, const QString &html);

} // namespace Api
