// How long the preview takes to show a large HTML mail on a warm window: a 1 MB newsletter
// (tables, classes, inline styles, cid images) against a 4 KB mail of the same kind in the
// same run, alternating the two. Two moments are timed from the call that shows the mail:
// when it appears (the top of the mail, with its cid logo, is painted in a grab of the view,
// which showed a blank page before) and when the page reports loadFinished (the whole
// document parsed and laid out). The preview's browser has shown a message before the first
// measurement, as in a window in use. Prints figures only (target: the 1 MB mail appears in
// under 500 ms).
//
//   QT_QPA_PLATFORM=offscreen build/release/tests/ui/preview_bench [RUNS]
#include "views/previewbrowser.h"
#include "views/previewengine.h"

#include <QApplication>
#include <QBuffer>
#include <QElapsedTimer>
#include <QImage>
#include <QSignalSpy>
#include <QTest>
#include <QWebEngineView>

#include <algorithm>
#include <cstdio>

namespace {

const QColor kLogo(0x20, 0x60, 0xe0);

QByteArray logo()
{
    QImage image(120, 40, QImage::Format_RGB32);
    image.fill(kLogo);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

// A newsletter of about `bytes` octets: a styled head, then product rows until the size is reached.
QString newsletter(qsizetype bytes)
{
    QString html = QStringLiteral(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>"
        "body{margin:0;font-family:sans-serif;background:#f4f4f4}.wrap{max-width:640px;margin:0 auto;background:#fff}"
        ".row{display:flex;gap:8px;padding:8px}.cell{flex:1;padding:12px;border-radius:8px;background:#eef}"
        ".cta{display:inline-block;padding:10px 20px;background:#e02020;color:#fff;text-decoration:none}"
        "@media (max-width:480px){.row{flex-direction:column}}</style></head><body><div class=\"wrap\">"
        "<img src=\"cid:logo@shop.example\" width=\"120\" height=\"40\">");
    for (int i = 0; html.size() < bytes; ++i) {
        html += QStringLiteral("<div class=\"row\"><div class=\"cell\"><h3>Product %1</h3><p>A fine thing, number %1, "
                               "now at a fine price for a short while only.</p><a class=\"cta\" "
                               "href=\"https://shop.example/p/%1\">Buy</a></div><div class=\"cell\"><table "
                               "width=\"100%\"><tr><td style=\"color:#333\">Price</td><td align=\"right\">%2.99</td></tr>"
                               "</table></div></div>")
                    .arg(i)
                    .arg(10 + i % 90);
    }
    return html + QStringLiteral("</div></body></html>");
}

bool logoPainted(Ui::PreviewBrowser &browser)
{
    const QImage shot = browser.view()->grab().toImage();
    const int rows = std::min(shot.height(), 80);
    for (int y = 0; y < rows; y += 4)
        for (int x = 0; x < shot.width(); x += 4)
            if (shot.pixel(x, y) == kLogo.rgb())
                return true;
    return false;
}

void showBlank(Ui::PreviewBrowser &browser)
{
    QSignalSpy finished(&browser, &Ui::PreviewBrowser::loadFinished);
    browser.showHtml(QStringLiteral("<html><body style=\"background:#fff\"></body></html>"),
                     [](const QString &) { return Ui::PreviewContent::Resource{}; });
    finished.wait(30000);
    QElapsedTimer settle;
    settle.start();
    while (logoPainted(browser) && settle.elapsed() < 5000)
        QTest::qWait(10);
}

struct Shown
{
    double appearsMs = -1;
    double finishedMs = -1;
};

Shown show(Ui::PreviewBrowser &browser, const QString &html, const QByteArray &image)
{
    showBlank(browser);
    QSignalSpy finished(&browser, &Ui::PreviewBrowser::loadFinished);
    Shown shown;
    QElapsedTimer timer;
    timer.start();
    browser.showHtml(html, [image](const QString &) { return Ui::PreviewContent::Resource{image, "image/png"}; });
    while (timer.elapsed() < 30000 && (shown.appearsMs < 0 || finished.isEmpty())) {
        if (shown.appearsMs < 0 && logoPainted(browser))
            shown.appearsMs = timer.nsecsElapsed() / 1e6;
        if (shown.finishedMs < 0 && !finished.isEmpty())
            shown.finishedMs = timer.nsecsElapsed() / 1e6;
        QTest::qWait(5);
    }
    if (shown.finishedMs < 0 && !finished.isEmpty())
        shown.finishedMs = timer.nsecsElapsed() / 1e6;
    return shown;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

} // namespace

int main(int argc, char *argv[])
{
    Ui::PreviewEngine::prepare();
    QApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(1, QString::fromLocal8Bit(argv[1]).toInt()) : 9;
    const QByteArray image = logo();
    const QString large = newsletter(1024 * 1024);
    const QString small = newsletter(4 * 1024);
    Ui::PreviewBrowser browser;
    browser.resize(1000, 800);
    browser.show();
    show(browser, small, image); // the warm window: WebEngine and its renderer are running

    QList<double> largeAppears, largeFinished, smallAppears, smallFinished;
    for (int i = 0; i < runs; ++i) {
        const Shown s = show(browser, small, image);
        const Shown l = show(browser, large, image);
        smallAppears.append(s.appearsMs);
        smallFinished.append(s.finishedMs);
        largeAppears.append(l.appearsMs);
        largeFinished.append(l.finishedMs);
    }
    const double la = median(largeAppears), sa = median(smallAppears);
    const double lf = median(largeFinished), sf = median(smallFinished);
    std::printf("preview of an HTML mail on a warm window, median of %d runs\n", runs);
    std::printf("  %7.1f KB mail: appears %7.1f ms, loadFinished %7.1f ms  (reference)\n",
                small.toUtf8().size() / 1024.0, sa, sf);
    std::printf("  %7.1f KB mail: appears %7.1f ms  (target < 500 ms, %.1fx the reference, worst %.1f ms),\n"
                "                   loadFinished %7.1f ms  (%.1fx the reference)\n",
                large.toUtf8().size() / 1024.0, la, sa > 0 ? la / sa : 0.0,
                *std::max_element(largeAppears.begin(), largeAppears.end()), lf, sf > 0 ? lf / sf : 0.0);
    return la > 0 && lf > 0 ? 0 : 1;
}
