#include "transferdecoding.h"

namespace Mime {

namespace {

int base64Value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

// RFC 2045 6.8: characters outside the alphabet are ignored, and "=" padding marks the end
// of the data (what follows is ignored, and reported); a final partial quantum is kept.
QByteArray decodeBase64(QByteArrayView in, DecodeReport *r)
{
    QByteArray out(in.size() * 3 / 4 + 3, Qt::Uninitialized); // written through a pointer: this is the hot loop
    char *o = out.data();
    quint32 bits = 0;
    int count = 0;
    auto flushPartial = [&] {
        *o++ = char(bits >> (count == 2 ? 4 : 10));
        if (count == 3)
            *o++ = char(bits >> 2);
    };
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in[i];
        const int v = base64Value(c);
        if (v >= 0) {
            bits = (bits << 6) | quint32(v);
            if (++count == 4) {
                *o++ = char(bits >> 16);
                *o++ = char(bits >> 8);
                *o++ = char(bits);
                bits = 0;
                count = 0;
            }
        } else if (c == '=') {
            if (count < 2) {
                r->badPadding = true; // "=" where no padding can be
                r->note(i);
                continue;
            }
            flushPartial();
            for (qsizetype k = i + 1; k < in.size(); ++k) {
                if (in[k] != '=' && !isSpace(in[k])) {
                    r->badPadding = true; // data after the end
                    r->note(k);
                    break;
                }
            }
            out.truncate(o - out.constData());
            return out;
        } else if (!isSpace(c)) {
            ++r->invalidCharacters;
            r->note(i);
        }
    }
    if (count >= 2)
        flushPartial();
    if (count != 0) {
        r->badPadding = true;
        r->note(in.size());
    }
    out.truncate(o - out.constData());
    return out;
}

// RFC 2045 6.7: soft line breaks ("=" at the end of a line, even before trailing blanks) are
// removed, "=XX" becomes the octet, line breaks are kept as written; a broken "=" sequence is
// kept literally (rule 6.7 note 1). Rule (3) says to delete trailing blanks, which transports
// added in 1996; today they come from the sender's encoder, so they are kept and reported.
QByteArray decodeQuotedPrintable(QByteArrayView in, DecodeReport *r)
{
    QByteArray out;
    out.reserve(in.size());
    qsizetype pos = 0;
    while (pos < in.size()) {
        qsizetype eol = in.indexOf('\n', pos);
        const bool hasBreak = eol >= 0;
        if (!hasBreak)
            eol = in.size();
        qsizetype end = eol;
        if (hasBreak && end > pos && in[end - 1] == '\r')
            --end;
        const qsizetype contentEnd = end;
        while (end > pos && (in[end - 1] == ' ' || in[end - 1] == '\t'))
            --end;
        const bool softBeforeBlanks = end > pos && end < contentEnd && in[end - 1] == '=';
        if (end < contentEnd && !softBeforeBlanks) {
            ++r->trailingBlanks;
            r->note(end);
            end = contentEnd;
        }
        const QByteArrayView lineBreak = in.sliced(end, (hasBreak ? eol + 1 : eol) - end);
        if (end - pos > 76) {
            ++r->longLines;
            r->note(pos + 76);
        }
        bool soft = false;
        for (qsizetype i = pos; i < end; ++i) {
            const char c = in[i];
            if (c == '=') {
                if (i + 1 == end) {
                    soft = true;
                    break;
                }
                const int hi = i + 2 < end ? hexValue(in[i + 1]) : -1;
                const int lo = i + 2 < end ? hexValue(in[i + 2]) : -1;
                if (hi >= 0 && lo >= 0) {
                    out.append(char(hi << 4 | lo));
                    i += 2;
                    continue;
                }
                ++r->badEscapes;
                r->note(i);
                out.append(c);
                continue;
            }
            const auto u = static_cast<unsigned char>(c);
            if ((u < 32 && c != '\t') || u > 126) {
                ++r->invalidCharacters;
                r->note(i);
            }
            out.append(c);
        }
        if (!soft)
            out.append(lineBreak.data(), lineBreak.size());
        pos = hasBreak ? eol + 1 : eol;
    }
    return out;
}

// uuencode: from the "begin MODE NAME" line to "end"; each line starts with its length.
QByteArray decodeUu(QByteArrayView in, DecodeReport *r)
{
    QByteArray out;
    qsizetype pos = 0;
    bool begun = false;
    while (pos < in.size()) {
        qsizetype eol = in.indexOf('\n', pos);
        if (eol < 0)
            eol = in.size();
        QByteArrayView line = in.sliced(pos, eol - pos);
        const qint64 lineStart = pos;
        pos = eol + 1;
        while (!line.isEmpty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
            line.chop(1);
        if (!begun) {
            begun = line.startsWith("begin ");
            continue;
        }
        if (line == "end")
            return out;
        if (line.isEmpty())
            continue;
        const int length = (line[0] - 32) & 63;
        if (length == 0)
            continue; // the "`" line before "end"
        int produced = 0;
        for (qsizetype i = 1; produced < length; i += 4) {
            quint32 bits = 0;
            for (qsizetype k = 0; k < 4; ++k) {
                const char c = i + k < line.size() ? line[i + k] : ' '; // encoders may strip trailing blanks
                if (c < 32 || c > 96) {
                    ++r->invalidCharacters;
                    r->note(lineStart + i + k);
                }
                bits = (bits << 6) | quint32((c - 32) & 63);
            }
            for (int k = 0; k < 3 && produced < length; ++k, ++produced)
                out.append(char(bits >> (16 - 8 * k)));
        }
    }
    if (!begun) {
        r->noBeginLine = true;
        r->note(0);
        return in.toByteArray(); // nothing to decode: show the bytes as they are
    }
    r->noEndLine = true;
    r->note(in.size());
    return out;
}

} // namespace

TransferEncoding transferEncodingFromName(const QString &cte)
{
    if (cte == QLatin1String("base64"))
        return TransferEncoding::Base64;
    if (cte == QLatin1String("quoted-printable"))
        return TransferEncoding::QuotedPrintable;
    if (cte == QLatin1String("x-uuencode") || cte == QLatin1String("uuencode") || cte == QLatin1String("x-uue")
        || cte == QLatin1String("uue"))
        return TransferEncoding::Uuencode;
    return TransferEncoding::Identity;
}

QByteArray decodeTransfer(QByteArrayView encoded, TransferEncoding encoding, DecodeReport *report)
{
    DecodeReport ignored;
    DecodeReport *r = report ? report : &ignored;
    switch (encoding) {
    case TransferEncoding::Base64:
        return decodeBase64(encoded, r);
    case TransferEncoding::QuotedPrintable:
        return decodeQuotedPrintable(encoded, r);
    case TransferEncoding::Uuencode:
        return decodeUu(encoded, r);
    case TransferEncoding::Identity:
        break;
    }
    return encoded.toByteArray();
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10; // RFC 2045 6.7 asks for upper case; robust readers take both
    return -1;
}

} // namespace Mime
