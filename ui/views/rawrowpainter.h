#pragma once

#include "rawbytesview.h"

#include <QFont>

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
};

} // namespace Ui
