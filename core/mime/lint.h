#pragma once

#include "parsedmessage.h"
#include "patchedbuffer.h"
#include "transferdecoding.h"

// Mailscope's own checks on a parsed message (GMime's parser warnings are already in it):
// required fields, dates, line lengths and endings, 8-bit data against the envelope,
// charsets, transfer encodings, boundaries, and envelope against headers. Stable codes are
// listed in README.md ("MIME inspection").
namespace Mime {

// Checks on the whole message; appends to message->diagnostics.
void lint(const QByteArray &raw, const EnvelopeHints &hints, ParsedMessage *message);

// Checks on one leaf and its decoded body (called while the tree is built, so that each body
// is decoded once).
void lintLeaf(const Part &part, const QByteArray &decoded, const DecodeReport &report, QList<Diagnostic> *out);

// What mending the header sections for GMime changed, said as findings.
QList<Diagnostic> mendingFindings(const QByteArray &raw, const QList<PatchedBuffer::Change> &changes);

} // namespace Mime
