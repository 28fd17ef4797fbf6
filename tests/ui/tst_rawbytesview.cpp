#include "views/rawbytesview.h"

#include <QApplication>
#include <QClipboard>
#include <QScrollBar>
#include <QTest>

using Ui::RawBytesView;

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

QTEST_MAIN(RawBytesViewTest)
#include "tst_rawbytesview.moc"
