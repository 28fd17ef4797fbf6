#pragma once

#include "parsedmessage.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// Splits one entity's header block into fields on the raw bytes, so every field keeps its
// exact bytes and offsets (GMime splits message and MIME fields apart and loses the order).
namespace Mime {

struct RawField
{
    QByteArray name;            // empty for a line that is not a field (no colon, bad name)
    ByteRange range;            // the whole field, folded lines and final line break included
    ByteRange valueRange;       // after the colon, up to (not including) the final line break
    bool validName = false;
};

struct HeaderBlock
{
    QList<RawField> fields;
    ByteRange range;            // the fields, without the blank line
    qint64 bodyBegin = -1;      // after the blank line; the limit when there is none
    bool blankLine = false;     // false when the block ran into the limit or the end
    bool truncated = false;     // more than maxBytes: later fields were not listed
    QList<ByteRange> nameless;  // lines kept as nameless fields: folded lines before the first field, an mbox
                                // From_ line, fields with an empty name (":...")
    qint64 bodyWithoutBlank = -1; // a line that is no field ended the block: the body starts there
};

// Scans from begin to the first blank line, never past limit. Like most readers (and Python's
// email package), a line that is neither a field nor a folded line ends the header section
// and starts the body (RFC 5322 2.1); folded lines before the first field, an mbox "From "
// line at the very start (when fromLine is true) and fields with an empty name are kept as
// nameless fields.
HeaderBlock scanHeaderBlock(const QByteArray &raw, qint64 begin, qint64 limit, qint64 maxBytes, bool fromLine = false);

// RFC 5322 2.2.3 unfolding: drops every line break and the blanks before the value.
QByteArray unfold(QByteArrayView value);

// RFC 2045 5.1: type "/" subtype, both tokens, then parameters or a comment.
bool isMediaType(QByteArrayView value);

// The fields with their exact bytes and decoded values.
QList<HeaderField> decodeFields(const QByteArray &raw, const HeaderBlock &block);

// The unfolded value of the first field called name (case-insensitive), or a null array.
QByteArray firstValue(const QByteArray &raw, const QList<RawField> &fields, QByteArrayView name);

} // namespace Mime
