#pragma once

#include <QByteArray>
#include <QList>

// Finding multipart delimiter lines in the raw bytes (RFC 2046 5.1.1), to tie GMime's parts
// to exact byte ranges. Offsets are into raw.
namespace Mime {

// Whether a delimiter line "--" dashes... starts at pos: dashes is "--" + boundary, optionally
// followed by "--", then only blanks to the end of the line ("--b" does not match "--b.inner").
bool isDelimiterAt(const QByteArray &raw, qint64 pos, const QByteArray &dashes);

// The first delimiter line at or after from (before to) of one of the boundaries, or -1.
qint64 nextDelimiter(const QByteArray &raw, qint64 from, qint64 to, const QList<QByteArray> &boundaries);

// The start of the line after the last delimiter line of boundary at or before pos (not
// before floor), or -1.
qint64 afterDelimiterBefore(const QByteArray &raw, const QByteArray &boundary, qint64 pos, qint64 floor);

// Start of the line break before pos: that break belongs to the delimiter that follows.
qint64 beforeLineBreak(const QByteArray &raw, qint64 pos, qint64 floor);

} // namespace Mime
