#include "sourcemap.h"

#include <algorithm>

namespace HtmlCheck {

namespace {

bool isBase64(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// The end of the line that starts at i (before its line break), and where the next begins.
void lineAt(const QByteArray &raw, qint64 i, qint64 end, qint64 &lineEnd, qint64 &next)
{
    const qint64 nl = raw.indexOf('\n', i);
    if (nl < 0 || nl >= end) {
        lineEnd = end;
        next = end;
        return;
    }
    next = nl + 1;
    lineEnd = (nl > i && raw[nl - 1] == '\r') ? nl - 1 : nl;
}

// Where a quoted-printable line's soft line break ("=" before optional blanks) is; -1 if none.
qint64 softBreakOf(const QByteArray &raw, qint64 i, qint64 lineEnd)
{
    qint64 e = lineEnd;
    while (e > i && (raw[e - 1] == ' ' || raw[e - 1] == '\t'))
        --e;
    return e > i && raw[e - 1] == '=' ? e - 1 : -1;
}

// The raw width of the quoted-printable unit at j: 3 for "=XX", 1 otherwise (Mime's rules).
qint64 qpWidth(const QByteArray &raw, qint64 j, qint64 lineEnd)
{
    if (raw[j] == '=' && j + 2 < lineEnd && Mime::hexValue(raw[j + 1]) >= 0 && Mime::hexValue(raw[j + 2]) >= 0)
        return 3;
    return 1;
}

} // namespace

SourceMap SourceMap::shifted(qint64 origin, qint64 size)
{
    SourceMap map;
    map.m_body = {origin, origin + size};
    return map;
}

SourceMap::SourceMap(const QByteArray &raw, const Mime::Part &part)
    : m_encoding(Mime::transferEncodingFromName(part.transferEncoding)), m_body(part.bodyRange), m_raw(raw)
{
    if (!m_body.isValid())
        return;
    const qint64 end = std::min<qint64>(m_body.end, raw.size());
    qint64 decoded = 0;
    if (m_encoding == Mime::TransferEncoding::Identity)
        return;
    int base64Chars = 0;
    for (qint64 i = m_body.begin; i < end;) {
        qint64 lineEnd = 0;
        qint64 next = 0;
        lineAt(raw, i, end, lineEnd, next);
        if (m_encoding == Mime::TransferEncoding::QuotedPrintable) {
            m_lines.append({decoded, i});
            // Trailing blanks are kept, as the decoder keeps them; a final "=" is a soft break.
            const qint64 soft = softBreakOf(raw, i, lineEnd);
            const qint64 stop = soft >= 0 ? soft : lineEnd;
            for (qint64 j = i; j < stop; j += qpWidth(raw, j, lineEnd))
                ++decoded;
            if (soft < 0 && next > lineEnd)
                decoded += next - lineEnd; // the line break, decoded as written
        } else if (m_encoding == Mime::TransferEncoding::Base64) {
            m_lines.append({qint64(base64Chars) / 4 * 3, i});
            for (qint64 j = i; j < lineEnd; ++j) {
                if (isBase64(raw[j]))
                    ++base64Chars;
            }
            decoded = qint64(base64Chars) / 4 * 3;
        } else {
            break;
        }
        i = next;
    }
}

Mime::ByteRange SourceMap::toRaw(qint64 begin, qint64 end) const
{
    if (!m_body.isValid())
        return {};
    if (m_encoding == Mime::TransferEncoding::Identity || (m_encoding != Mime::TransferEncoding::QuotedPrintable
                                                           && m_encoding != Mime::TransferEncoding::Base64)) {
        if (m_encoding != Mime::TransferEncoding::Identity)
            return m_body;
        return {std::min(m_body.begin + begin, m_body.end), std::min(m_body.begin + end, m_body.end)};
    }
    if (m_lines.isEmpty())
        return m_body;
    const qint64 rawBegin = rawOf(begin, false);
    const qint64 rawEnd = rawOf(end, true);
    return {rawBegin, std::max(rawBegin, rawEnd)};
}

qint64 SourceMap::rawOf(qint64 decoded, bool isEnd) const
{
    // The last line whose output starts at or before decoded (for an end: strictly before,
    // so the end of a line's output stays on that line).
    auto it = std::upper_bound(m_lines.cbegin(), m_lines.cend(), decoded, [isEnd](qint64 d, const Line &line) {
        return isEnd ? d <= line.decoded : d < line.decoded;
    });
    if (it == m_lines.cbegin())
        return m_body.begin;
    const Line &line = *(it - 1);
    return m_encoding == Mime::TransferEncoding::QuotedPrintable ? rawInQpLine(line, decoded, isEnd)
                                                                   : rawInBase64Line(line, decoded, isEnd);
}

qint64 SourceMap::rawInQpLine(const Line &line, qint64 decoded, bool isEnd) const
{
    const qint64 end = std::min<qint64>(m_body.end, m_raw.size());
    qint64 lineEnd = 0;
    qint64 next = 0;
    lineAt(m_raw, line.raw, end, lineEnd, next);
    const qint64 soft = softBreakOf(m_raw, line.raw, lineEnd);
    const qint64 stop = soft >= 0 ? soft : lineEnd;
    qint64 d = line.decoded;
    qint64 j = line.raw;
    while (j < next) {
        if (!isEnd && d >= decoded)
            return j;
        if (soft >= 0 && j >= stop)
            return next; // past the soft break nothing more is decoded
        const qint64 width = j < lineEnd ? qpWidth(m_raw, j, lineEnd) : 1; // a unit, or the line break as written
        j += width;
        ++d;
        if (isEnd && d >= decoded)
            return j;
    }
    return next;
}

qint64 SourceMap::rawInBase64Line(const Line &line, qint64 decoded, bool isEnd) const
{
    const qint64 end = std::min<qint64>(m_body.end, m_raw.size());
    // The quantum holding the octet (begin) or the one after the last octet (end).
    const qint64 quantum = isEnd ? (decoded + 2) / 3 : decoded / 3;
    qint64 chars = (quantum - line.decoded / 3) * 4;
    qint64 j = line.raw;
    while (j < end && chars > 0) {
        if (isBase64(m_raw[j]) || m_raw[j] == '=')
            --chars;
        ++j;
    }
    return j;
}

} // namespace HtmlCheck
