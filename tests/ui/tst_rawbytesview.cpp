#include "views/rawbytesview.h"
#include "views/rawrowpainter.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QPainter>
#include <QScrollBar>
#include <QTest>

using Ui::RawBytesView;
using Ui::RawRowPainter;
using LineEnds = QList<RawRowPainter::LineEndMark>;

// The raw view: line index, painting only what is visible, highlight, selection and copy.
class RawBytesViewTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void indexLines_data();
    void indexLines();
    void highlightScrollsIntoView();
    void highlightIsPainted();
    void mouseSelectionCopiesExactBytes();
    void hexModeRows();
    void fiftyMegabytes();
    void lineEndsOfEachRow_data();
    void lineEndsOfEachRow();
    void bareLineEndsAreTinted_data();
    void bareLineEndsAreTinted();
    void glyphsStayInTheirCells();

private:
    static bool hasColour(const QImage &image, const QColor &colour);
};

void RawBytesViewTest::indexLines_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QList<qint64>>("starts");
    QTest::newRow("empty") << QByteArray() << QList<qint64>{};
    QTest::newRow("one line no break") << QByteArray("abc") << QList<qint64>{0};
    QTest::newRow("one line with break") << QByteArray("abc\n") << QList<qint64>{0};
    QTest::newRow("crlf lines") << QByteArray("a\r\nbc\r\nd") << QList<qint64>{0, 3, 7};
    QTest::newRow("blank lines") << QByteArray("\n\n\n") << QList<qint64>{0, 1, 2};
    QTest::newRow("lone cr is not a break") << QByteArray("a\rb\n") << QList<qint64>{0};
}

void RawBytesViewTest::indexLines()
{
    QFETCH(QByteArray, data);
    QFETCH(QList<qint64>, starts);
    QCOMPARE(RawBytesView::indexLines(data), starts);
}

void RawBytesViewTest::highlightScrollsIntoView()
{
    RawBytesView view;
    view.resize(500, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QByteArray data;
    for (int i = 0; i < 5000; ++i)
        data += "Line " + QByteArray::number(i) + "\r\n";
    view.setData(data);
    QCOMPARE(view.lineCount(), 5000);
    const qint64 begin = data.indexOf("Line 4000\r\n");
    view.setHighlight({begin, begin + 11});
    QCOMPARE(view.highlight(), (RawBytesView::Range{begin, begin + 11}));
    const int top = view.verticalScrollBar()->value();
    QVERIFY2(top <= 4000 && 4000 < top + 20, qPrintable(QString::number(top)));
    QCOMPARE(view.lineOf(begin), 4000);
    // Out-of-range highlights are clamped, never a crash.
    view.setHighlight({data.size() - 2, data.size() + 100});
    QCOMPARE(view.highlight().end, data.size());
}

bool RawBytesViewTest::hasColour(const QImage &image, const QColor &colour)
{
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (image.pixelColor(x, y) == colour)
                return true;
        }
    }
    return false;
}

void RawBytesViewTest::highlightIsPainted()
{
    RawBytesView view;
    view.resize(400, 200);
    view.setData("Subject: hi\r\n\r\nbody\r\n");
    const QColor highlight = view.palette().color(QPalette::Base).lightness() < 128 ? QColor(0x6b, 0x55, 0x10)
                                                                                   : QColor(0xff, 0xe5, 0x8c);
    QVERIFY(!hasColour(view.viewport()->grab().toImage(), highlight));
    view.setHighlight({15, 19});
    QVERIFY(hasColour(view.viewport()->grab().toImage(), highlight));
    view.setShowWhitespace(true);
    view.setMode(RawBytesView::Mode::Hex);
    QVERIFY(hasColour(view.viewport()->grab().toImage(), highlight));
}

void RawBytesViewTest::mouseSelectionCopiesExactBytes()
{
    RawBytesView view;
    view.resize(600, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setData("0123456789\r\nabcdefghij\r\n");
    // Drag across the whole first line (from its left edge to far right).
    const int lineHeight = view.fontMetrics().height() + 1;
    const int y = lineHeight / 2;
    QTest::mousePress(view.viewport(), Qt::LeftButton, {}, QPoint(0, y));
    QMouseEvent move(QEvent::MouseMove, QPointF(590, y), view.viewport()->mapToGlobal(QPointF(590, y)), Qt::NoButton,
                     Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view.viewport(), &move);
    QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, QPoint(590, y));
    QCOMPARE(view.selection(), (RawBytesView::Range{0, 12})); // the line and its CRLF
    QApplication::clipboard()->clear();
    QTest::keyClick(&view, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("0123456789\r\n"));

    view.setSelection({12, 15});
    QTest::keyClick(&view, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("abc"));
}

void RawBytesViewTest::hexModeRows()
{
    RawBytesView view;
    view.resize(700, 100);
    view.setData(QByteArray(1000, 'x'));
    view.setMode(RawBytesView::Mode::Hex);
    const int visible = std::max(1, view.viewport()->height() / (view.fontMetrics().height() + 1));
    QCOMPARE(view.verticalScrollBar()->maximum(), (1000 + 15) / 16 - visible);
    view.setHighlight({992, 1000});
    QVERIFY(view.verticalScrollBar()->value() > 0);
}

void RawBytesViewTest::fiftyMegabytes()
{
    // Opening does not lay out text: only the line index is built, once.
    QByteArray data;
    data.reserve(50 * 1024 * 1024);
    const QByteArray line = QByteArray(76, 'Q') + "\r\n";
    while (data.size() + line.size() <= 50 * 1024 * 1024)
        data += line;
    RawBytesView view;
    view.resize(800, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QList<qint64> lines = RawBytesView::indexLines(data);
    view.setData(data, lines);
    QCOMPARE(view.lineCount(), data.size() / line.size());
    view.setHighlight({data.size() - 78, data.size()});
    QCOMPARE(view.lineOf(data.size() - 1), view.lineCount() - 1);
    view.viewport()->repaint();
}

void RawBytesViewTest::lineEndsOfEachRow_data()
{
    using End = RawRowPainter::LineEnd;
    using Mark = RawRowPainter::LineEndMark;
    // Rows: "Subject: a\r\n" 0-11, "bare lf\n" 12-19, "bare\rcr\r\n" 20-29, "last" 30-33.
    const QByteArray message = "Subject: a\r\nbare lf\nbare\rcr\r\nlast";
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("row");
    QTest::addColumn<LineEnds>("marks");
    QTest::newRow("crlf") << message << 0 << LineEnds{Mark{10, 2, End::CrLf}};
    QTest::newRow("bare lf") << message << 1 << LineEnds{Mark{19, 1, End::BareLf}};
    QTest::newRow("bare cr then crlf") << message << 2 << LineEnds{Mark{24, 1, End::BareCr}, Mark{27, 2, End::CrLf}};
    QTest::newRow("no break") << message << 3 << LineEnds{};
    QTest::newRow("cr at the very end") << QByteArray("a\r") << 0 << LineEnds{Mark{1, 1, End::BareCr}};
    QTest::newRow("lf after a bare cr") << QByteArray("\r\r\n") << 0 << LineEnds{Mark{0, 1, End::BareCr}, Mark{1, 2, End::CrLf}};
}

// The CR LF toggle marks each line's own break: CRLF as one mark over both bytes, a bare LF
// or CR on the row where it is.
void RawBytesViewTest::lineEndsOfEachRow()
{
    QFETCH(QByteArray, data);
    QFETCH(int, row);
    QFETCH(LineEnds, marks);
    const QList<qint64> starts = RawBytesView::indexLines(data);
    const qint64 start = starts.at(row), end = row + 1 < starts.size() ? starts.at(row + 1) : data.size();
    QCOMPARE(RawRowPainter::lineEnds(data, start, end), marks);
    // Asked from the LF of a CRLF, the mark is the same one.
    for (const auto &mark : marks)
        QCOMPARE(RawRowPainter::lineEndAt(data, mark.offset + mark.cells - 1), std::optional(mark));
}

void RawBytesViewTest::bareLineEndsAreTinted_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("tinted");
    QTest::newRow("crlf only") << QByteArray("Subject: a\r\n\r\nbody\r\n") << false;
    QTest::newRow("bare lf") << QByteArray("Subject: a\r\n\r\nbody\n") << true;
    QTest::newRow("bare cr") << QByteArray("Subject: a\r\n\r\nbo\rdy\r\n") << true;
}

void RawBytesViewTest::bareLineEndsAreTinted()
{
    QFETCH(QByteArray, data);
    QFETCH(bool, tinted);
    RawBytesView view;
    view.resize(400, 200);
    view.setData(data);
    const QColor error = view.palette().color(QPalette::Base).lightness() < 128 ? QColor(0x5c, 0x1f, 0x1f)
                                                                               : QColor(0xfd, 0xd8, 0xd8);
    QVERIFY(!hasColour(view.viewport()->grab().toImage(), error)); // markers only on request
    view.setShowWhitespace(true);
    QCOMPARE(hasColour(view.viewport()->grab().toImage(), error), tinted);
}

// A glyph far along a long line is drawn in its own cell, however the font's advance
// differs from the cell width.
void RawBytesViewTest::glyphsStayInTheirCells()
{
    const QByteArray data = QByteArray(150, ' ') + '#' + QByteArray(20, ' ');
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setPixelSize(13);
    QImage image(3000, 20, QImage::Format_ARGB32);
    image.fill(Qt::white);
    {
        QPainter p(&image);
        p.setFont(font);
        QPalette palette;
        palette.setColor(QPalette::Text, Qt::black);
        const int cell = QFontMetrics(font).horizontalAdvance(QLatin1Char('M')) + 3;
        const RawRowPainter rows(p, palette, data, {cell, 18, 14, font, false}, {}, {});
        rows.textRow(0, data.size(), 0, data.size(), 0, 0, image.width());
        p.end();
        int left = image.width(), right = -1;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                if (qGray(image.pixel(x, y)) < 128) {
                    left = std::min(left, x);
                    right = std::max(right, x);
                }
            }
        }
        QVERIFY2(left >= 150 * cell && right < 151 * cell,
                 qPrintable(QStringLiteral("ink at %1-%2, cell %3-%4").arg(left).arg(right).arg(150 * cell).arg(151 * cell)));
    }
}

QTEST_MAIN(RawBytesViewTest)
#include "tst_rawbytesview.moc"
