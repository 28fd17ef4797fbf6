#pragma once

#include "parsedmessage.h"

// Mailscope's own checks on a parsed message (GMime's parser warnings are already in it):
// required fields, dates, line lengths and endings, 8-bit data against the envelope,
// charsets, transfer encodings, boundaries, and envelope against headers.
namespace Mime {

void lint(const QByteArray &raw, const EnvelopeHints &hints, ParsedMessage *message);

} // namespace Mime
