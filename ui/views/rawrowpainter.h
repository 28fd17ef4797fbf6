#pragma once

#include "rawbytesview.h"

#include <QFont>
#include <QList>
#include <QRawFont>

#include <optional>

class QPainter;
class QPalette;

namespace Ui {

// Paints rows of RawBytesView, one byte a cell: printable ASCII as text, valid UTF-8 as its
// character on a tinted run of cells, other bytes as tiny hex labels, CR/LF/tab as labels on
// request; backgrounds for the highlighted range and the selection. Colours follow the palette.
class RawRowPainter
{
public:
    static constexpr int kHexBytes = 16;

    // A line break as the CR LF toggle shows it: SMTP's CRLF, or a bare LF or bare CR (which
    // RFC 5321 2.3.8 forbids), each marked in the cells it occupies.
    enum class LineEnd { CrLf, BareLf, BareCr };
    struct LineEndMark
    {
        qint64 offset = 0;      // of its first byte
        int cells = 1;          // 2 for CRLF
        LineEnd kind = LineEnd::CrLf;
        bool operator==(const LineEndMark &) const = default;
    };
    // The line break that byte at offset belongs to, if it is a CR or an LF.
    static std::optional<LineEndMark> lineEndAt(const QByteArray &data, qint64 offset);
    // Every line break among bytes [start, end), in order.
    static QList<LineEndMark> lineEnds(const QByteArray &data, qint64 start, qint64 end);

    struct Style
    {
        int charWidth = 8;
        int lineHeight = 16;
        int ascent = 12;
        QFont markerFont;
        bool showWhitespace = false;
    };

    RawRowPainter(QPainter &painter, const QPalette &palette, const QByteArray &data, Style style,
                  RawBytesView::Range highlight, RawBytesView::Range selection);

    // Bytes [from, to) of the text row [start, end) whose column 0 is at x0; a marked line
    // break carries its background on to rightEdge, as in editors.
    void textRow(qint64 start, qint64 end, qint64 from, qint64 to, int x0, int y, int rightEdge) const;
    // Offset column excluded: hex cells from x0, then the ASCII column.
    void hexRow(qint64 start, qint64 end, int x0, int y) const;

private:
    void cellBackground(qint64 offset, int x, int y, int width) const;

    QPainter &m_p;
    const QPalette &m_palette;
    const QByteArray &m_data;
    Style m_style;
    RawBytesView::Range m_highlight;
    RawBytesView::Range m_selection;
    QRawFont m_font;            // the painter's font, for glyphs placed cell by cell
};

} // namespace Ui
