#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>

// RFC 2047 encoded words in header values. Mailscope decodes them itself because GMime 3.2
// joins the base64 of adjacent padded words before decoding ("=?UTF-8?B?YQ==?=
// =?UTF-8?B?Yg==?=" gives "a"), which loses text of many real subjects.
namespace Mime {

// An unfolded header value as text: encoded words decoded (adjacent words joined, the blanks
// between them dropped, RFC 2047 6.2), raw 8-bit octets read as UTF-8 (RFC 6532) or, when
// they are not UTF-8, as Windows-1252. Words in a charset nobody knows are shown when their
// octets are UTF-8 (or ASCII) and stay as written otherwise.
QString decodeHeaderText(QByteArrayView value);

// The charsets of the value's encoded words that were read as a wider encoding, because their
// text reads differently under the label's strict meaning: "gb2312 as GBK", ...
QStringList widenedCharsets(QByteArrayView value);

// The value with each run of adjacent encoded words replaced by one UTF-8 base64 word, so
// that GMime's address parser decodes display names right.
QByteArray mergeEncodedWords(QByteArrayView value);

} // namespace Mime
