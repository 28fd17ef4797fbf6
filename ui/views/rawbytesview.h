#pragma once

#include <QAbstractScrollArea>
#include <QByteArray>
#include <QList>

namespace Ui {

// The exact bytes of a message. Paints only the lines (or 16-byte rows in hex mode) that are
// visible, so a 50 MB message opens at once; one byte is one cell, so offsets, selection and
// highlighting are exact. Shows line numbers, optionally CR/LF/tab, and marks control and
// non-ASCII bytes (valid UTF-8 is drawn as its character).
class RawBytesView final : public QAbstractScrollArea
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RawBytesView)

public:
    enum class Mode { Text, Hex };
    struct Range
    {
        qint64 begin = 0;
        qint64 end = 0;        // exclusive
        bool isEmpty() const { return end <= begin; }
        bool operator==(const Range &) const = default;
    };

    explicit RawBytesView(QWidget *parent = nullptr);

    // Start offsets of the lines of data (after each LF); cheap enough for a worker thread.
    static QList<qint64> indexLines(const QByteArray &data);

    void setData(const QByteArray &data, const QList<qint64> &lineStarts = {});
    void clear() { setData({}); }
    const QByteArray &bytes() const { return m_data; }
    qint64 lineCount() const { return m_lines.size(); }

    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    void setShowWhitespace(bool show);
    bool showWhitespace() const { return m_showWhitespace; }

    // Marks a range (a header or part selected elsewhere) and scrolls it into view.
    void setHighlight(Range range);
    Range highlight() const { return m_highlight; }
    Range selection() const;
    void setSelection(Range range);
    void goToOffset(qint64 offset);
    qint64 firstVisibleOffset() const;
    qint64 lineOf(qint64 offset) const; // 0-based

Q_SIGNALS:
    void cursorMoved(qint64 offset, Ui::RawBytesView::Range selection);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    qint64 rowCount() const;
    qint64 rowStart(qint64 row) const;
    qint64 rowEnd(qint64 row) const;   // exclusive, terminator included
    qint64 rowOf(qint64 offset) const;
    int gutterWidth() const;
    int textX(qint64 column) const;
    qint64 offsetAt(const QPoint &pos) const;
    void updateMetrics();
    void updateScrollBars();
    void scrollToOffset(qint64 offset, bool center);
    void copySelection(bool asHex) const;

    QByteArray m_data;
    QList<qint64> m_lines;      // start offset of each line
    qint64 m_longestLine = 0;
    Mode m_mode = Mode::Text;
    bool m_showWhitespace = false;
    Range m_highlight;
    qint64 m_anchor = -1;
    qint64 m_cursor = -1;
    int m_charWidth = 8;
    int m_lineHeight = 16;
    int m_ascent = 12;
    QFont m_markerFont;
};

} // namespace Ui
