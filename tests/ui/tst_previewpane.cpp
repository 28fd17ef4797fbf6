#include "appsettings.h"
#include "views/messageloader.h"
#include "views/previewbrowser.h"
#include "views/previewengine.h"
#include "views/previewpane.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <QToolButton>
#include <QWebEnginePage>
#include <QWebEngineView>

using namespace Ui;

namespace {

std::shared_ptr<const LoadedMessage> loaded(const QByteArray &raw)
{
    auto message = std::make_shared<LoadedMessage>();
    message->id = 1;
    message->found = true;
    message->raw = raw;
    message->parsed = Mime::parse(raw);
    return message;
}

QByteArray plainMessage(const QByteArray &body)
{
    return "From: a@example.org\r\nTo: b@example.org\r\nSubject: Plain\r\n\r\n" + body + "\r\n";
}

QByteArray htmlMessage(const QByteArray &html)
{
    return "From: a@example.org\r\nTo: b@example.org\r\nSubject: HTML\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
        + "\r\n";
}

// The widest line the plain-text view laid out, in pixels.
qreal widestLine(const QPlainTextEdit *view)
{
    qreal widest = 0;
    for (QTextBlock block = view->document()->begin(); block.isValid(); block = block.next()) {
        const QTextLayout *layout = block.layout();
        for (int i = 0; layout && i < layout->lineCount(); ++i)
            widest = qMax(widest, layout->lineAt(i).naturalTextWidth());
    }
    return widest;
}

template<typename T>
T *child(const QObject &parent, const char *name)
{
    return parent.findChild<T *>(QLatin1String(name));
}

const QByteArray kLongParagraph = QByteArray("The quarterly figures are in and they look good. ").repeated(40);

} // namespace

// The Preview tab: plain text that looks like plain text at the pane's width, and the width,
// zoom and font choices, which the window remembers.
class PreviewPaneTest : public QObject
{
    Q_OBJECT

public:
    static void initMain() { Ui::PreviewEngine::prepare(); }

private Q_SLOTS:
    void plainTextCarriesNoStyleFromHtml();
    void plainTextWrapsAtTheCurrentWidth();
    void monospaceIsAnOption();
    void widthAndZoomAreChosenAndRemembered();
};

void PreviewPaneTest::plainTextCarriesNoStyleFromHtml()
{
    PreviewPane pane;
    pane.resize(700, 500);
    pane.QWidget::show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QSignalSpy loadedHtml(pane.browser(), &PreviewBrowser::loadFinished);
    pane.show(loaded(htmlMessage("<h1 style=\"font-size:40px\">Big news</h1><p>Body</p>")));
    QVERIFY(loadedHtml.wait(20000));
    QVERIFY(pane.showingHtml());
    QTest::mouseClick(pane.browser()->view()->focusProxy(), Qt::LeftButton, {}, QPoint(40, 30)); // in the heading

    pane.show(loaded(plainMessage("Just text")));
    QVERIFY(!pane.showingHtml());
    QCOMPARE(pane.plainView()->toPlainText(), QStringLiteral("Just text\n"));
    const QFont expected = pane.plainView()->font();
    const QTextBlock block = pane.plainView()->document()->begin();
    for (const QTextLayout::FormatRange &range : block.textFormats()) {
        QCOMPARE(range.format.font().pointSizeF(), expected.pointSizeF());
        QCOMPARE(range.format.font().weight(), expected.weight());
    }
    QCOMPARE(block.charFormat().fontWeight(), int(QFont::Normal));
    QVERIFY(block.charFormat().fontPointSize() == 0 || block.charFormat().fontPointSize() == expected.pointSizeF());
}

void PreviewPaneTest::plainTextWrapsAtTheCurrentWidth()
{
    QTabWidget tabs;
    auto *pane = new PreviewPane;
    tabs.addTab(pane, QStringLiteral("Preview"));
    tabs.addTab(new QWidget, QStringLiteral("Headers"));
    tabs.resize(900, 500);
    tabs.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tabs));
    pane->show(loaded(plainMessage(kLongParagraph)));
    QTRY_VERIFY(widestLine(pane->plainView()) > 700);

    // Narrowed while another tab is in front, then shown again: the text follows the new width.
    tabs.setCurrentIndex(1);
    tabs.resize(450, 500);
    QTRY_COMPARE(tabs.width(), 450);
    pane->show(loaded(plainMessage(kLongParagraph + "More.")));
    tabs.setCurrentIndex(0);
    const int viewport = pane->plainView()->viewport()->width();
    QVERIFY(viewport < 450);
    QTRY_VERIFY2(widestLine(pane->plainView()) <= viewport,
                 qPrintable(QStringLiteral("%1 > %2").arg(widestLine(pane->plainView())).arg(viewport)));
    QVERIFY(widestLine(pane->plainView()) > viewport * 0.6); // wrapped at the width, not narrower
}

void PreviewPaneTest::monospaceIsAnOption()
{
    PreviewPane pane;
    pane.show(loaded(plainMessage("col1  col2\r\n----  ----")));
    QSignalSpy changed(&pane, &PreviewPane::settingsChanged);
    auto *monospace = child<QCheckBox>(pane, "plainMonospace");
    QVERIFY(monospace && !monospace->isChecked());
    QVERIFY(!QFontInfo(pane.plainView()->font()).fixedPitch());
    monospace->click();
    QVERIFY(QFontInfo(pane.plainView()->font()).fixedPitch());
    QCOMPARE(changed.size(), 1);
    QVERIFY(changed.first().first().value<PreviewSettings>().monospace);
}

void PreviewPaneTest::widthAndZoomAreChosenAndRemembered()
{
    PreviewPane pane;
    QSignalSpy changed(&pane, &PreviewPane::settingsChanged);
    child<QToolButton>(pane, "previewPhone")->click();
    QCOMPARE(pane.browser()->viewWidth(), PreviewWidth::Phone);
    child<QToolButton>(pane, "previewZoomIn")->click();
    QCOMPARE(pane.browser()->zoom(), 1.1);
    QCOMPARE(changed.size(), 2);
    const PreviewSettings chosen = changed.last().first().value<PreviewSettings>();
    QCOMPARE(chosen.width, PreviewWidth::Phone);
    QCOMPARE(chosen.zoomPercent, 110);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("mailscope.conf"));
    {
        QSettings settings(path, QSettings::IniFormat);
        AppSettings app;
        app.preview = chosen;
        app.save(settings);
    }
    QSettings settings(path, QSettings::IniFormat);
    const AppSettings back = AppSettings::load(settings);
    QVERIFY(back.preview == chosen);
    PreviewPane next;
    next.setSettings(back.preview);
    QCOMPARE(next.browser()->viewWidth(), PreviewWidth::Phone);
    QVERIFY(child<QToolButton>(next, "previewPhone")->isChecked());
    QCOMPARE(next.browser()->zoom(), 1.1);
}

QTEST_MAIN(PreviewPaneTest)
#include "tst_previewpane.moc"
