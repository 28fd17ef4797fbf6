#pragma once

#include <QByteArray>
#include <QString>

namespace Mime {

struct TextDecoding
{
    QString text;
    bool knownCharset = true;   // Qt (ICU) or iconv knows the name
    bool clean = true;          // every byte sequence was valid in that charset
    QString widenedTo;          // the superset the label was read as, when that changed the text
};

// Bytes in the named charset to Unicode: Qt's codecs (ICU) first, then iconv through GMime.
// Labels are read as the WHATWG Encoding Standard maps them, so a label that means a superset
// in practice (gb2312 -> GBK, iso-8859-1 -> windows-1252, ks_c_5601-1987 -> windows-949, ...)
// decodes what senders really wrote. An empty name means US-ASCII (RFC 2045 5.2); 8-bit octets
// under it are read as UTF-8 when they are, else as windows-1252. Unknown names and invalid
// bytes still give text (UTF-8 when valid, else windows-1252), flagged so that lint can say so.
TextDecoding decodeCharset(const QByteArray &bytes, const QString &charset);

// The encoding a label stands for (WHATWG Encoding Standard 4.2) when it is a superset of
// what the label strictly names; the label itself otherwise.
QString encodingForLabel(const QString &label);

} // namespace Mime
