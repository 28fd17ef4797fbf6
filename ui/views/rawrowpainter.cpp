#include "rawrowpainter.h"

#include "theme.h"

#include <QGlyphRun>
#include <QPainter>
#include <QPalette>

namespace Ui {

namespace {

QColor highlightColor(const QPalette &palette)
{
    return Theme::isDark(palette) ? QColor(0x6b, 0x55, 0x10) : QColor(0xff, 0xe5, 0x8c);
}

QColor selectionColor(const QPalette &palette)
{
    QColor c = palette.color(QPalette::Highlight);
    c.setAlpha(110);
    return c;
}

QColor markerTint(const QPalette &palette, bool error)
{
    if (error)
        return Theme::isDark(palette) ? QColor(0x5c, 0x1f, 0x1f) : QColor(0xfd, 0xd8, 0xd8);
    return Theme::isDark(palette) ? QColor(0x1d, 0x33, 0x52) : QColor(0xdc, 0xea, 0xfb);
}

// Length of the valid UTF-8 sequence starting at p (at most n bytes), or 0.
int utf8Length(const uchar *p, qint64 n)
{
    const uchar c = p[0];
    const int length = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (length == 0 || length > n)
        return 0;
    for (int i = 1; i < length; ++i) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    }
    const QString decoded = QString::fromUtf8(reinterpret_cast<const char *>(p), length);
    return decoded.contains(QChar::ReplacementCharacter) ? 0 : length;
}

} // namespace

std::optional<RawRowPainter::LineEndMark> RawRowPainter::lineEndAt(const QByteArray &data, qint64 offset)
{
    if (offset < 0 || offset >= data.size())
        return std::nullopt;
    const char c = data.at(offset);
    if (c == '\r') {
        if (offset + 1 < data.size() && data.at(offset + 1) == '\n')
            return LineEndMark{offset, 2, LineEnd::CrLf};
        return LineEndMark{offset, 1, LineEnd::BareCr};
    }
    if (c == '\n') {
        if (offset > 0 && data.at(offset - 1) == '\r')
            return LineEndMark{offset - 1, 2, LineEnd::CrLf};
        return LineEndMark{offset, 1, LineEnd::BareLf};
    }
    return std::nullopt;
}

QList<RawRowPainter::LineEndMark> RawRowPainter::lineEnds(const QByteArray &data, qint64 start, qint64 end)
{
    QList<LineEndMark> out;
    for (qint64 i = std::max<qint64>(0, start); i < std::min<qint64>(end, data.size());) {
        const auto mark = lineEndAt(data, i);
        if (!mark) {
            ++i;
            continue;
        }
        out.append(*mark);
        i = mark->offset + mark->cells;
    }
    return out;
}

RawRowPainter::RawRowPainter(QPainter &painter, const QPalette &palette, const QByteArray &data, Style style,
                             RawBytesView::Range highlight, RawBytesView::Range selection)
    : m_p(painter), m_palette(palette), m_data(data), m_style(std::move(style)), m_highlight(highlight),
      m_selection(selection), m_font(QRawFont::fromFont(painter.font()))
{
}

void RawRowPainter::cellBackground(qint64 offset, int x, int y, int width) const
{
    if (!m_highlight.isEmpty() && offset >= m_highlight.begin && offset < m_highlight.end)
        m_p.fillRect(x, y, width, m_style.lineHeight, highlightColor(m_palette));
    if (!m_selection.isEmpty() && offset >= m_selection.begin && offset < m_selection.end)
        m_p.fillRect(x, y, width, m_style.lineHeight, selectionColor(m_palette));
}

void RawRowPainter::textRow(qint64 start, qint64 end, qint64 from, qint64 to, int x0, int y, int rightEdge) const
{
    const int cw = m_style.charWidth, lh = m_style.lineHeight;
    const auto *bytes = reinterpret_cast<const uchar *>(m_data.constData());
    const QColor text = m_palette.color(QPalette::Text);
    const QColor faint = m_palette.color(QPalette::PlaceholderText);

    QString run;
    int runX = 0;
    // Each glyph is placed in its own cell: laid out as text, a run would advance by the
    // font's fractional width and drift away from its cells on a long line.
    const auto flush = [&] {
        if (run.isEmpty())
            return;
        const QList<quint32> glyphs = m_font.glyphIndexesForString(run);
        QList<QPointF> positions;
        positions.reserve(glyphs.size());
        for (qsizetype k = 0; k < glyphs.size(); ++k)
            positions.append(QPointF(qreal(k * cw), 0));
        QGlyphRun glyphRun;
        glyphRun.setRawFont(m_font);
        glyphRun.setGlyphIndexes(glyphs);
        glyphRun.setPositions(positions);
        m_p.setPen(text);
        m_p.drawGlyphRun(QPointF(runX, y + m_style.ascent), glyphRun);
        run.clear();
    };
    // Bytes without a glyph of their own get a tiny label in their cell: CR, LF, 1B, E9.
    const auto marker = [&](int x, const QString &label, const QColor &color) {
        flush();
        m_p.save();
        m_p.setFont(m_style.markerFont);
        m_p.setPen(color);
        m_p.drawText(QRect(x - 1, y, cw + 2, lh), Qt::AlignCenter, label);
        m_p.restore();
    };
    const auto hex = [](uchar c) { return QStringLiteral("%1").arg(c, 2, 16, QLatin1Char('0')).toUpper(); };

    for (qint64 i = from; i < to;) {
        const int x = x0 + int((i - start) * cw);
        cellBackground(i, x, y, cw);
        const uchar c = bytes[i];
        if (c >= 0x20 && c < 0x7f) {
            if (run.isEmpty())
                runX = x;
            run.append(QLatin1Char(char(c)));
            ++i;
            continue;
        }
        if (c == '\t') {
            if (m_style.showWhitespace)
                marker(x, QStringLiteral("HT"), faint);
            else
                flush();
            ++i;
            continue;
        }
        if (const auto end = lineEndAt(m_data, i)) {
            flush();
            const int markX = x0 + int((end->offset - start) * cw);
            const qint64 next = end->offset + end->cells;
            for (qint64 k = i + 1; k < next; ++k)
                cellBackground(k, x + int(k - i) * cw, y, cw);
            if (m_style.showWhitespace) {
                // A chip over the break's own cells, large enough to read: CRLF in the quiet
                // tint, a bare CR or LF (which breaks SMTP's rule) in the fault tint.
                const bool crlf = end->kind == LineEnd::CrLf;
                const int width = cw * end->cells;
                m_p.fillRect(markX + 1, y + 1, width - 2, lh - 2, markerTint(m_palette, !crlf));
                for (int k = 0; k < end->cells; ++k)
                    cellBackground(end->offset + k, markX + k * cw, y, cw);
                QFont chip = m_style.markerFont;
                chip.setPixelSize(std::max(chip.pixelSize(), lh * 11 / 20));
                m_p.save();
                m_p.setFont(chip);
                m_p.setPen(text);
                m_p.drawText(QRect(markX - 2, y, width + 4, lh), Qt::AlignCenter,
                             crlf ? QStringLiteral("CRLF") : end->kind == LineEnd::BareLf ? QStringLiteral("LF")
                                                                                         : QStringLiteral("CR"));
                m_p.restore();
            }
            i = next;
            continue;
        }
        const int length = c < 0x20 || c == 0x7f ? 0 : utf8Length(bytes + i, m_data.size() - i);
        if (length == 0) { // a control byte or one that is not UTF-8
            m_p.fillRect(x, y, cw, lh, markerTint(m_palette, true));
            cellBackground(i, x, y, cw);
            marker(x, hex(c), text);
            ++i;
            continue;
        }
        flush();
        m_p.fillRect(x, y, cw * length, lh, markerTint(m_palette, false));
        for (int k = 0; k < length; ++k)
            cellBackground(i + k, x + k * cw, y, cw);
        m_p.setPen(text);
        m_p.drawText(QRect(x, y, cw * length, lh), Qt::AlignLeft | Qt::AlignVCenter,
                     QString::fromUtf8(m_data.constData() + i, length));
        i += length;
    }
    flush();
    if (to == end && end > start) {
        const int x = x0 + int((end - start) * cw);
        cellBackground(end - 1, x, y, std::max(0, rightEdge - x));
    }
}

void RawRowPainter::hexRow(qint64 start, qint64 end, int x0, int y) const
{
    const int cw = m_style.charWidth;
    const int asciiX = x0 + (3 * kHexBytes + 2) * cw;
    const auto *bytes = reinterpret_cast<const uchar *>(m_data.constData());
    const QColor text = m_palette.color(QPalette::Text);
    const QColor faint = m_palette.color(QPalette::PlaceholderText);
    static const char kHex[] = "0123456789abcdef";
    for (qint64 i = start; i < end; ++i) {
        const int k = int(i - start);
        const uchar c = bytes[i];
        const int hx = x0 + (3 * k + (k >= 8 ? 1 : 0)) * cw;
        const int ax = asciiX + k * cw;
        cellBackground(i, hx, y, 2 * cw);
        cellBackground(i, ax, y, cw);
        const bool printable = c >= 0x20 && c < 0x7f;
        m_p.setPen(printable ? text : faint);
        m_p.drawText(hx, y + m_style.ascent, QLatin1String(&kHex[c >> 4], 1) + QLatin1String(&kHex[c & 15], 1));
        m_p.drawText(ax, y + m_style.ascent, QString(printable ? QLatin1Char(char(c)) : QLatin1Char('.')));
    }
}

} // namespace Ui
