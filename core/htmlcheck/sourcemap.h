#pragma once

#include "mime/parsedmessage.h"
#include "mime/transferdecoding.h"

#include <QByteArray>
#include <QList>

// Maps offsets into a part's decoded body back to the raw message, so a finding in the HTML
// can be highlighted in the raw bytes. Without a transfer encoding the map is a shift. For
// quoted-printable and base64 it keeps one checkpoint per encoded line (where decoding of the
// line starts in both texts) and re-reads that one line to place an offset inside it: exact
// for quoted-printable (a "=XX" escape is three raw octets for one decoded octet, a soft line
// break none), and to the base64 quantum for base64 (four raw characters for three octets, so
// a range widens to whole quanta). Anything else (uuencode) maps to the whole body.
namespace HtmlCheck {

class SourceMap
{
public:
    SourceMap() = default;
    // The map of part's body in raw (the bytes the part was parsed from).
    SourceMap(const QByteArray &raw, const Mime::Part &part);
    // An identity map shifted by origin: decoded offset d is raw offset origin + d.
    static SourceMap shifted(qint64 origin, qint64 size);

    // The raw range of the decoded range [begin, end); the body's range when not mappable.
    Mime::ByteRange toRaw(qint64 begin, qint64 end) const;
    Mime::ByteRange body() const { return m_body; }

private:
    struct Line
    {
        qint64 decoded = 0;     // decoded offset where the line's output starts
        qint64 raw = 0;         // raw offset of the line's first octet
    };

    qint64 rawOf(qint64 decoded, bool isEnd) const;
    qint64 rawInQpLine(const Line &line, qint64 decoded, bool isEnd) const;
    qint64 rawInBase64Line(const Line &line, qint64 decoded, bool isEnd) const;

    Mime::TransferEncoding m_encoding = Mime::TransferEncoding::Identity;
    Mime::ByteRange m_body;
    QByteArray m_raw;           // shared with the caller's copy, not duplicated
    QList<Line> m_lines;
};

} // namespace HtmlCheck
