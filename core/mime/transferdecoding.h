#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// Content-Transfer-Encoding decoders (RFC 2045 6.7, 6.8; uuencode as POSIX uuencode(5)).
// Lenient like mail readers: damage is skipped, decoding goes on, and what was wrong is
// reported so that lint can say so. Pure functions, any thread.
namespace Mime {

enum class TransferEncoding { Identity, Base64, QuotedPrintable, Uuencode };

// From a Content-Transfer-Encoding value, trimmed and lower case; unknown values are Identity.
TransferEncoding transferEncodingFromName(const QString &cte);

struct DecodeReport
{
    qint64 firstProblem = -1;   // offset into the encoded bytes of the first problem
    int invalidCharacters = 0;  // base64: outside the alphabet; QP: unencoded control or 8-bit octets
    int badEscapes = 0;         // QP: "=" not followed by two hex digits or a line break
    int longLines = 0;          // QP: encoded lines over 76 characters
    int trailingBlanks = 0;     // QP: lines ending in unencoded blanks (kept, see RFC 2045 6.7 rule 3)
    bool badPadding = false;    // base64: missing or stray "=" padding, data after it, or a dangling character
    bool noBeginLine = false;   // uuencode: no "begin" line, nothing decoded
    bool noEndLine = false;     // uuencode: no "end" line

    bool isClean() const { return firstProblem < 0; }
    void note(qint64 offset) { if (firstProblem < 0) firstProblem = offset; }
};

QByteArray decodeTransfer(QByteArrayView encoded, TransferEncoding encoding, DecodeReport *report = nullptr);

// The value of one hexadecimal digit of quoted-printable or Q encoding, either case; -1 if none.
int hexValue(char c);

} // namespace Mime
