#pragma once

#include <QByteArray>
#include <QList>

// Finding multipart delimiter lines in the raw bytes (RFC 2046 5.1.1), to tie GMime's parts
// to exact byte ranges. Offsets are into raw.
namespace Mime {

// Whether a delimiter line starts at pos: a line that begins with dashes ("--" + boundary).
// RFC 2046 5.1.1 matches on that prefix ("an exact match of the entire candidate line is not
// required"), as GMime does.
bool isDelimiterAt(const QByteArray &raw, qint64 pos, const QByteArray &dashes);

// The first delimiter line at or after from (before to) of one of the boundaries, or -1. A
// line that also begins with a longer boundary from deeper (one of the part's own multiparts,
// "--b.inner" against "--b") belongs to that one and is skipped.
qint64 nextDelimiter(const QByteArray &raw, qint64 from, qint64 to, const QList<QByteArray> &boundaries,
                     const QList<QByteArray> &deeper = {});

// The start of the last delimiter line of boundary at or before pos (not before floor), or -1.
qint64 delimiterBefore(const QByteArray &raw, const QByteArray &boundary, qint64 pos, qint64 floor);

// The start of the line after the one at pos.
qint64 nextLine(const QByteArray &raw, qint64 pos);

// Start of the line break before pos: that break belongs to the delimiter that follows (and,
// when the closing delimiter is missing, to the end of the message).
qint64 beforeLineBreak(const QByteArray &raw, qint64 pos, qint64 floor);

} // namespace Mime
