#pragma once

#include <QByteArray>
#include <QString>

namespace Mime {

struct TextDecoding
{
    QString text;
    bool knownCharset = true;   // Qt (ICU) or iconv knows the name
    bool clean = true;          // every byte sequence was valid in that charset
};

// Bytes in the named charset to Unicode: Qt's codecs (ICU) first, then iconv through GMime.
// An empty name means US-ASCII (RFC 2045 5.2). Unknown names and invalid bytes still give
// text (UTF-8 when valid, else Latin-1), flagged so that lint can say so.
TextDecoding decodeCharset(const QByteArray &bytes, const QString &charset);

} // namespace Mime
