#include "rawbytesview.h"

#include "rawrowpainter.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFontDatabase>
#include <QInputDialog>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>
#include <cstring>

namespace Ui {

namespace {

constexpr int kHexBytes = RawRowPainter::kHexBytes;

} // namespace

RawBytesView::RawBytesView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setCursor(Qt::IBeamCursor);
    updateMetrics();
}

QList<qint64> RawBytesView::indexLines(const QByteArray &data)
{
    QList<qint64> lines;
    if (data.isEmpty())
        return lines;
    lines.reserve(data.size() / 60 + 1);
    lines.append(0);
    const char *begin = data.constData();
    const qint64 size = data.size();
    qint64 pos = 0;
    while (const void *hit = std::memchr(begin + pos, '\n', size_t(size - pos))) {
        const qint64 next = static_cast<const char *>(hit) - begin + 1;
        if (next >= size)
            break;
        lines.append(next);
        pos = next;
    }
    return lines;
}

void RawBytesView::setData(const QByteArray &data, const QList<qint64> &lineStarts)
{
    m_data = data;
    m_lines = lineStarts.isEmpty() && !data.isEmpty() ? indexLines(data) : lineStarts;
    m_longestLine = 0;
    for (qint64 row = 0; row < m_lines.size(); ++row) {
        const qint64 end = row + 1 < m_lines.size() ? m_lines.at(row + 1) : m_data.size();
        m_longestLine = std::max(m_longestLine, end - m_lines.at(row));
    }
    m_highlight = {};
    m_anchor = m_cursor = -1;
    updateScrollBars();
    verticalScrollBar()->setValue(0);
    horizontalScrollBar()->setValue(0);
    viewport()->update();
    Q_EMIT cursorMoved(-1, {});
}

void RawBytesView::setMode(Mode mode)
{
    if (mode == m_mode)
        return;
    const qint64 keep = m_highlight.isEmpty() ? firstVisibleOffset() : m_highlight.begin;
    m_mode = mode;
    updateScrollBars();
    scrollToOffset(keep, false);
    viewport()->update();
}

void RawBytesView::setShowWhitespace(bool show)
{
    m_showWhitespace = show;
    viewport()->update();
}

void RawBytesView::setHighlight(Range range)
{
    range.begin = std::clamp<qint64>(range.begin, 0, m_data.size());
    range.end = std::clamp<qint64>(range.end, range.begin, m_data.size());
    m_highlight = range;
    if (!range.isEmpty())
        scrollToOffset(range.begin, true);
    viewport()->update();
}

RawBytesView::Range RawBytesView::selection() const
{
    if (m_anchor < 0 || m_cursor < 0)
        return {};
    return {std::min(m_anchor, m_cursor), std::max(m_anchor, m_cursor)};
}

void RawBytesView::setSelection(Range range)
{
    m_anchor = std::clamp<qint64>(range.begin, 0, m_data.size());
    m_cursor = std::clamp<qint64>(range.end, 0, m_data.size());
    viewport()->update();
    Q_EMIT cursorMoved(m_cursor, selection());
}

void RawBytesView::goToOffset(qint64 offset)
{
    offset = std::clamp<qint64>(offset, 0, m_data.size());
    setSelection({offset, offset});
    scrollToOffset(offset, true);
}

qint64 RawBytesView::rowCount() const
{
    return m_mode == Mode::Text ? m_lines.size() : (m_data.size() + kHexBytes - 1) / kHexBytes;
}

qint64 RawBytesView::rowStart(qint64 row) const
{
    return m_mode == Mode::Text ? m_lines.at(row) : row * kHexBytes;
}

qint64 RawBytesView::rowEnd(qint64 row) const
{
    if (m_mode == Mode::Hex)
        return std::min<qint64>((row + 1) * kHexBytes, m_data.size());
    return row + 1 < m_lines.size() ? m_lines.at(row + 1) : m_data.size();
}

qint64 RawBytesView::rowOf(qint64 offset) const
{
    if (m_mode == Mode::Hex)
        return offset / kHexBytes;
    return lineOf(offset);
}

qint64 RawBytesView::lineOf(qint64 offset) const
{
    const auto it = std::upper_bound(m_lines.cbegin(), m_lines.cend(), offset);
    return std::max<qint64>(0, (it - m_lines.cbegin()) - 1);
}

qint64 RawBytesView::firstVisibleOffset() const
{
    const qint64 row = verticalScrollBar()->value();
    return row < rowCount() ? rowStart(row) : 0;
}

int RawBytesView::gutterWidth() const
{
    if (m_mode == Mode::Hex)
        return 10 * m_charWidth;
    const int digits = std::max(4, int(QString::number(m_lines.size()).size()));
    return (digits + 2) * m_charWidth;
}

int RawBytesView::textX(qint64 column) const
{
    return gutterWidth() + m_charWidth / 2 + int(column * m_charWidth) - horizontalScrollBar()->value();
}

void RawBytesView::updateMetrics()
{
    const QFontMetrics fm(font());
    m_charWidth = std::max(1, fm.horizontalAdvance(QLatin1Char('M')));
    m_lineHeight = fm.height() + 1;
    m_ascent = fm.ascent();
    m_markerFont = font();
    m_markerFont.setPixelSize(std::max(6, fm.height() * 9 / 20));
    m_markerFont.setStretch(QFont::Condensed);
}

void RawBytesView::updateScrollBars()
{
    const int visibleRows = std::max(1, viewport()->height() / m_lineHeight);
    const qint64 rows = rowCount();
    verticalScrollBar()->setRange(0, int(std::max<qint64>(0, std::min<qint64>(rows - visibleRows, INT_MAX))));
    verticalScrollBar()->setPageStep(visibleRows);
    verticalScrollBar()->setSingleStep(1);
    const qint64 columns = m_mode == Mode::Text ? m_longestLine + 1 : 3 * kHexBytes + 2 + kHexBytes;
    const qint64 width = gutterWidth() + m_charWidth + columns * m_charWidth;
    horizontalScrollBar()->setRange(0, int(std::clamp<qint64>(width - viewport()->width(), 0, INT_MAX)));
    horizontalScrollBar()->setPageStep(viewport()->width());
    horizontalScrollBar()->setSingleStep(m_charWidth * 4);
}

void RawBytesView::scrollToOffset(qint64 offset, bool center)
{
    if (rowCount() == 0)
        return;
    const qint64 row = rowOf(std::min<qint64>(offset, std::max<qint64>(0, m_data.size() - 1)));
    const int visibleRows = std::max(1, viewport()->height() / m_lineHeight);
    QScrollBar *v = verticalScrollBar();
    if (row < v->value() || row >= v->value() + visibleRows)
        v->setValue(int(center ? row - visibleRows / 3 : row));
    if (m_mode == Mode::Text) {
        const int x = int((offset - rowStart(row)) * m_charWidth);
        QScrollBar *h = horizontalScrollBar();
        const int textWidth = viewport()->width() - gutterWidth() - m_charWidth;
        if (x < h->value() || x >= h->value() + textWidth)
            h->setValue(std::max(0, x - textWidth / 4));
    }
}

qint64 RawBytesView::offsetAt(const QPoint &pos) const
{
    const qint64 rows = rowCount();
    if (rows == 0)
        return 0;
    const qint64 row = std::clamp<qint64>(verticalScrollBar()->value() + pos.y() / m_lineHeight, 0, rows - 1);
    const qint64 start = rowStart(row), end = rowEnd(row);
    qint64 column = 0;
    if (m_mode == Mode::Text) {
        const int x = pos.x() - textX(0);
        column = (x + m_charWidth / 2) / m_charWidth; // the nearest cell boundary
    } else {
        const int x = pos.x() - gutterWidth() - m_charWidth / 2 + horizontalScrollBar()->value();
        const int asciiX = (3 * kHexBytes + 2) * m_charWidth;
        if (x >= asciiX - m_charWidth) {
            column = (x - asciiX + m_charWidth / 2) / m_charWidth;
        } else {
            // The boundary before hex cell k sits at its left edge; pick the nearest one.
            const auto edge = [this](int k) { return (3 * k + (k >= 8 ? 1 : 0)) * m_charWidth - m_charWidth / 2; };
            column = 0;
            for (int k = 1; k <= kHexBytes; ++k) {
                if (std::abs(x - edge(k)) < std::abs(x - edge(int(column))))
                    column = k;
            }
        }
    }
    return std::clamp<qint64>(start + std::max<qint64>(0, column), start, end);
}

void RawBytesView::paintEvent(QPaintEvent *)
{
    QPainter p(viewport());
    p.setFont(font());
    p.fillRect(viewport()->rect(), palette().color(QPalette::Base));
    const int gutter = gutterWidth();
    const qint64 first = verticalScrollBar()->value();
    const qint64 last = std::min(rowCount(), first + viewport()->height() / m_lineHeight + 2);

    p.save();
    p.setClipRect(QRect(gutter, 0, viewport()->width() - gutter, viewport()->height()));
    const RawRowPainter rows(p, palette(), m_data, {m_charWidth, m_lineHeight, m_ascent, m_markerFont, m_showWhitespace},
                             m_highlight, selection());
    const int scroll = horizontalScrollBar()->value();
    for (qint64 row = first; row < last; ++row) {
        const int y = int(row - first) * m_lineHeight;
        const qint64 start = rowStart(row), end = rowEnd(row);
        if (m_mode == Mode::Hex) {
            rows.hexRow(start, end, gutter + m_charWidth / 2 - scroll, y);
            continue;
        }
        // Only the columns on screen: a 50 MB line costs what a short one does.
        const qint64 from = start + std::max<qint64>(0, scroll / m_charWidth - 1);
        const qint64 to = std::min(end, start + (scroll + viewport()->width()) / m_charWidth + 1);
        rows.textRow(start, end, from, to, textX(0), y, viewport()->width());
    }
    p.restore();

    p.fillRect(0, 0, gutter, viewport()->height(), palette().color(QPalette::AlternateBase));
    p.setPen(palette().color(QPalette::PlaceholderText));
    for (qint64 row = first; row < last; ++row) {
        const int y = int(row - first) * m_lineHeight;
        const QString label = m_mode == Mode::Text ? QString::number(row + 1)
                                                   : QStringLiteral("%1").arg(rowStart(row), 8, 16, QLatin1Char('0'));
        p.drawText(QRect(0, y, gutter - m_charWidth / 2, m_lineHeight), Qt::AlignRight | Qt::AlignVCenter, label);
    }
    if (m_data.isEmpty()) {
        p.drawText(viewport()->rect(), Qt::AlignCenter, tr("No message selected"));
    }
}

void RawBytesView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void RawBytesView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        updateMetrics();
        updateScrollBars();
    }
}

void RawBytesView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    const qint64 offset = offsetAt(event->position().toPoint());
    if (!(event->modifiers() & Qt::ShiftModifier) || m_anchor < 0)
        m_anchor = offset;
    m_cursor = offset;
    viewport()->update();
    Q_EMIT cursorMoved(m_cursor, selection());
}

void RawBytesView::mouseMoveEvent(QMouseEvent *event)
{
    if (!(event->buttons() & Qt::LeftButton))
        return;
    const QPoint pos = event->position().toPoint();
    if (pos.y() < 0)
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepSub);
    else if (pos.y() > viewport()->height())
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepAdd);
    m_cursor = offsetAt(pos);
    viewport()->update();
    Q_EMIT cursorMoved(m_cursor, selection());
}

void RawBytesView::mouseReleaseEvent(QMouseEvent *event)
{
    event->setAccepted(event->button() == Qt::LeftButton);
}

void RawBytesView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (rowCount() == 0)
        return;
    const qint64 row = rowOf(std::min<qint64>(offsetAt(event->position().toPoint()), m_data.size() - 1));
    setSelection({rowStart(row), rowEnd(row)});
}

void RawBytesView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        copySelection(false);
        return;
    }
    if (event->matches(QKeySequence::SelectAll)) {
        setSelection({0, m_data.size()});
        return;
    }
    QScrollBar *v = verticalScrollBar();
    switch (event->key()) {
    case Qt::Key_Home:
        v->setValue(0);
        return;
    case Qt::Key_End:
        v->setValue(v->maximum());
        return;
    default:
        QAbstractScrollArea::keyPressEvent(event);
    }
}

void RawBytesView::copySelection(bool asHex) const
{
    const Range sel = selection();
    if (sel.isEmpty())
        return;
    const QByteArray bytes = m_data.mid(sel.begin, sel.end - sel.begin);
    QApplication::clipboard()->setText(asHex ? QString::fromLatin1(bytes.toHex(' ')) : QString::fromUtf8(bytes));
}

void RawBytesView::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    const bool hasSelection = !selection().isEmpty();
    menu.addAction(tr("&Copy"), this, [this] { copySelection(false); })->setEnabled(hasSelection);
    menu.addAction(tr("Copy as &hex"), this, [this] { copySelection(true); })->setEnabled(hasSelection);
    menu.addAction(tr("Select &all"), this, [this] { setSelection({0, m_data.size()}); });
    menu.addSeparator();
    QAction *whitespace = menu.addAction(tr("Show CR, LF and &tab"), this, [this](bool on) { setShowWhitespace(on); });
    whitespace->setCheckable(true);
    whitespace->setChecked(m_showWhitespace);
    QAction *hex = menu.addAction(tr("&Hex view"), this, [this](bool on) { setMode(on ? Mode::Hex : Mode::Text); });
    hex->setCheckable(true);
    hex->setChecked(m_mode == Mode::Hex);
    menu.addAction(tr("&Go to offset…"), this, [this] {
        bool ok = false;
        const QString text = QInputDialog::getText(this, tr("Go to offset"),
                                                   tr("Offset in octets (decimal, or hex with 0x):"),
                                                   QLineEdit::Normal, {}, &ok);
        const qint64 offset = text.trimmed().toLongLong(&ok, 0);
        if (ok)
            goToOffset(offset);
    });
    menu.exec(event->globalPos());
}

} // namespace Ui
