#include "views/previewbrowser.h"
#include "views/previewengine.h"

#include <QApplication>
#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QPalette>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebEnginePage>
#include <QWebEngineView>

using Ui::PreviewBrowser;
using Ui::PreviewContent;

namespace {

QByteArray png(const QColor &colour)
{
    QImage image(4, 4, QImage::Format_RGB32);
    image.fill(colour);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

// A web server on the loopback interface that records the path of every request it is sent
// and answers each with something of the kind the path names.
class RecordingServer : public QTcpServer
{
public:
    RecordingServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                ++connections;
                connect(s, &QTcpSocket::readyRead, s, [this, s] {
                    buffered[s] += s->readAll();
                    const QByteArray request = buffered.value(s);
                    if (!request.contains("\r\n\r\n"))
                        return;
                    buffered.remove(s);
                    const QByteArray path = request.split(' ').value(1);
                    paths.append(QString::fromLatin1(path));
                    const bool css = path.endsWith(".css");
                    const QByteArray body = css ? QByteArray("p { margin: 0 }") : png(Qt::red);
                    s->write("HTTP/1.1 200 OK\r\nContent-Type: " + QByteArray(css ? "text/css" : "image/png")
                             + "\r\nConnection: close\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n"
                             + body);
                    s->disconnectFromHost();
                });
            }
        });
        listen(QHostAddress::LocalHost, 0);
    }
    QString url(const QString &path) const { return QStringLiteral("http://127.0.0.1:%1%2").arg(serverPort()).arg(path); }

    int connections = 0;
    QStringList paths;
    QHash<QTcpSocket *, QByteArray> buffered;
};

bool near(const QColor &a, const QColor &b)
{
    return qAbs(a.red() - b.red()) <= 3 && qAbs(a.green() - b.green()) <= 3 && qAbs(a.blue() - b.blue()) <= 3;
}

QString describe(const QColor &found, const QColor &expected, QPoint at)
{
    return QStringLiteral("at (%1, %2): %3, expected %4").arg(at.x()).arg(at.y()).arg(found.name(), expected.name());
}

} // namespace

// The preview renders mail with a browser engine, as the sender styled it, and never reaches
// the network or the disk unless the user allows remote content for the message shown.
class PreviewBrowserTest : public QObject
{
    Q_OBJECT

public:
    static void initMain() { Ui::PreviewEngine::prepare(); }

private Q_SLOTS:
    void newsletterLayout_data();
    void newsletterLayout();
    void darkPaletteDoesNotReachTheMail();
    void nothingLeavesUntilAllowed();
    void nextMessageStartsBlockedAgain();
    void localFilesAreNeverRead();
    void cidImagesComeFromTheMessage();
    void scriptsDoNotRun();
    void linksAreReportedNotFollowed();

private:
    bool load(PreviewBrowser &browser, const QString &html, PreviewBrowser::CidLookup cid = nullptr);
    QColor pixel(const PreviewBrowser &browser, QPoint at) const;
};

bool PreviewBrowserTest::load(PreviewBrowser &browser, const QString &html, PreviewBrowser::CidLookup cid)
{
    QSignalSpy finished(&browser, &PreviewBrowser::loadFinished);
    browser.showHtml(html, std::move(cid));
    return finished.wait(20000) && finished.first().first().toBool();
}

QColor PreviewBrowserTest::pixel(const PreviewBrowser &browser, QPoint at) const
{
    const QImage image = browser.view()->grab().toImage();
    const qreal ratio = image.devicePixelRatio();
    return image.pixelColor(qRound(at.x() * ratio), qRound(at.y() * ratio));
}

void PreviewBrowserTest::newsletterLayout_data()
{
    QTest::addColumn<PreviewBrowser::ViewWidth>("width");
    QTest::newRow("phone, 375 px") << PreviewBrowser::ViewWidth::Phone;
    QTest::newRow("full width") << PreviewBrowser::ViewWidth::Full;
}

void PreviewBrowserTest::newsletterLayout()
{
    QFETCH(PreviewBrowser::ViewWidth, width);
    QFile file(QStringLiteral(MAILSCOPE_TEST_DATA "/preview/newsletter.html"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    PreviewBrowser browser;
    browser.setViewWidth(width);
    browser.resize(900, 700);
    browser.show();
    QVERIFY(QTest::qWaitForWindowExposed(&browser));
    QVERIFY(load(browser, QString::fromUtf8(file.readAll())));
    const int w = browser.view()->width();
    QCOMPARE(w, width == PreviewBrowser::ViewWidth::Phone ? 375 : 900);

    const QColor red(0xe0, 0x20, 0x20), green(0x20, 0xa0, 0x40), blue(0x20, 0x60, 0xe0);
    const QColor orange(0xff, 0x88, 0x00), purple(0x80, 0x20, 0xc0), white(Qt::white);
    // Wide: the three boxes share one row. Narrow: the media query stacks them.
    const bool stacked = width == PreviewBrowser::ViewWidth::Phone;
    const QList<QPoint> boxes = stacked ? QList<QPoint>{{w / 2, 30}, {w / 2, 90}, {w / 2, 150}}
                                        : QList<QPoint>{{w / 6, 30}, {w / 2, 30}, {5 * w / 6, 30}};
    const int rowEnd = stacked ? 180 : 60;
    const int cardTop = rowEnd + 100 + 20;
    QTRY_VERIFY2(near(pixel(browser, boxes.at(0)), red), qPrintable(describe(pixel(browser, boxes.at(0)), red, boxes.at(0))));
    const QList<QPair<QPoint, QColor>> expected{
        {boxes.at(1), green},
        {boxes.at(2), blue},
        {{20 + 10, rowEnd + 20 + 10}, orange},      // the link's left padding: a button, not a word
        {{20 + 10, rowEnd + 20 + 50}, orange},
        {{5, rowEnd + 50}, white},                  // its margin
        {{w / 2, cardTop + 60}, purple},            // the card
        {{w / 2, cardTop + 1}, purple},             // its straight top edge
        {{21, cardTop + 1}, white},                 // its rounded corner leaves the page showing
        {{w - 22, cardTop + 118}, white},
        {{w / 2, cardTop + 130}, white},            // below it
    };
    for (const auto &[at, colour] : expected)
        QVERIFY2(near(pixel(browser, at), colour), qPrintable(describe(pixel(browser, at), colour, at)));
}

void PreviewBrowserTest::darkPaletteDoesNotReachTheMail()
{
    const QPalette before = QApplication::palette();
    QPalette dark = before;
    for (auto role : {QPalette::Window, QPalette::Base, QPalette::Button})
        dark.setColor(role, QColor(0x20, 0x20, 0x20));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        dark.setColor(role, QColor(0xf0, 0xf0, 0xf0));
    QApplication::setPalette(dark);
    PreviewBrowser browser;
    browser.resize(600, 400);
    browser.show();
    QVERIFY(QTest::qWaitForWindowExposed(&browser));
    // Unstyled text is black on white in every mail client, whatever the desktop's theme. A
    // border with no colour of its own takes the text's colour.
    QVERIFY(load(browser, QStringLiteral("<div style=\"height:100px;border-top:100px solid\"></div>"
                                         "<div style=\"height:50px;background:#2060e0\"></div>")));
    QTRY_VERIFY(near(pixel(browser, {300, 230}), QColor(0x20, 0x60, 0xe0))); // painted
    QVERIFY2(near(pixel(browser, {300, 60}), Qt::black), qPrintable(pixel(browser, {300, 60}).name()));
    QVERIFY2(near(pixel(browser, {300, 300}), Qt::white), qPrintable(pixel(browser, {300, 300}).name()));
    QApplication::setPalette(before);
}

void PreviewBrowserTest::nothingLeavesUntilAllowed()
{
    RecordingServer server;
    const QStringList paths{QStringLiteral("/style.css"), QStringLiteral("/prefetch.html"), QStringLiteral("/import.css"),
                            QStringLiteral("/hero.png"), QStringLiteral("/logo.png"), QStringLiteral("/open.gif?u=carol")};
    const QString html =
        QStringLiteral("<html><head>"
                       "<link rel=\"stylesheet\" href=\"%1\">"
                       "<link rel=\"prefetch\" href=\"%2\">"
                       "<style>@import url(\"%3\"); .hero { height: 40px; background: url(\"%4\"); }</style>"
                       "</head><body><div class=\"hero\"></div><img src=\"%5\" width=\"40\" height=\"40\">"
                       "<img src=\"%6\" width=\"1\" height=\"1\"></body></html>")
            .arg(server.url(paths.at(0)), server.url(paths.at(1)), server.url(paths.at(2)), server.url(paths.at(3)),
                 server.url(paths.at(4)), server.url(paths.at(5)));
    PreviewBrowser browser;
    browser.resize(600, 400);
    browser.show();
    QSignalSpy blocked(&browser, &PreviewBrowser::remoteContentBlocked);
    QVERIFY(load(browser, html));
    QStringList expected;
    for (const QString &path : paths)
        expected.append(server.url(path));
    expected.sort();
    // Each request was refused before it was made, so once all six are counted none was sent.
    QTRY_COMPARE(browser.blockedUrls(), expected);
    QCOMPARE(blocked.last().first().toInt(), 6);
    QCOMPARE(server.connections, 0);
    QCOMPARE(browser.fetchCount(), 0);

    browser.setRemoteAllowed(true);
    QStringList sortedPaths = paths;
    sortedPaths.sort();
    QTRY_COMPARE_WITH_TIMEOUT(QStringList(server.paths).count(), 6, 20000);
    QStringList seen = server.paths;
    seen.sort();
    QCOMPARE(seen, sortedPaths);
    QVERIFY(browser.blockedUrls().isEmpty());
    QCOMPARE(browser.fetchCount(), 6);
}

void PreviewBrowserTest::nextMessageStartsBlockedAgain()
{
    RecordingServer server;
    PreviewBrowser browser;
    browser.show();
    QVERIFY(load(browser, QStringLiteral("<img src=\"%1\">").arg(server.url(QStringLiteral("/one.png")))));
    QTRY_COMPARE(browser.blockedUrls().size(), 1);
    browser.setRemoteAllowed(true);
    QTRY_COMPARE(server.paths, QStringList{QStringLiteral("/one.png")});

    QVERIFY(load(browser, QStringLiteral("<img src=\"%1\">").arg(server.url(QStringLiteral("/two.png")))));
    QTRY_COMPARE(browser.blockedUrls(), QStringList{server.url(QStringLiteral("/two.png"))});
    QVERIFY(!browser.remoteAllowed());
    QCOMPARE(server.paths, QStringList{QStringLiteral("/one.png")});
}

void PreviewBrowserTest::localFilesAreNeverRead()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("secret.png"));
    QImage secret(60, 60, QImage::Format_RGB32);
    secret.fill(QColor(0xff, 0x00, 0xff));
    QVERIFY(secret.save(path));
    PreviewBrowser browser;
    browser.resize(400, 300);
    browser.show();
    QVERIFY(QTest::qWaitForWindowExposed(&browser));
    const QString url = QUrl::fromLocalFile(path).toString();
    QVERIFY(load(browser, QStringLiteral("<body style=\"margin:0\"><div style=\"height:20px;background:#20a040\"></div>"
                                         "<img src=\"%1\" width=\"60\" height=\"60\">"
                                         "<img src=\"secret.png\" width=\"60\" height=\"60\"></body>").arg(url)));
    QTRY_VERIFY(near(pixel(browser, {10, 10}), QColor(0x20, 0xa0, 0x40))); // painted
    const QImage shown = browser.view()->grab().toImage();
    for (int y = 0; y < shown.height(); y += 2) {
        for (int x = 0; x < shown.width(); x += 2)
            QVERIFY(shown.pixelColor(x, y) != QColor(0xff, 0x00, 0xff));
    }
}

void PreviewBrowserTest::cidImagesComeFromTheMessage()
{
    PreviewBrowser browser;
    browser.resize(400, 300);
    browser.show();
    QVERIFY(QTest::qWaitForWindowExposed(&browser));
    QStringList asked;
    QVERIFY(load(browser,
                 QStringLiteral("<body style=\"margin:0\"><img src=\"cid:logo@shop.example\" "
                                "style=\"display:block;width:40px;height:40px\"></body>"),
                 [&asked](const QString &cid) {
                     asked.append(cid);
                     return PreviewContent::Resource{png(Qt::blue), "image/png"};
                 }));
    QTRY_VERIFY2(near(pixel(browser, {20, 20}), Qt::blue), qPrintable(pixel(browser, {20, 20}).name()));
    QCOMPARE(asked, QStringList{QStringLiteral("logo@shop.example")});
    QVERIFY(browser.blockedUrls().isEmpty());
}

void PreviewBrowserTest::scriptsDoNotRun()
{
    PreviewBrowser browser;
    browser.show();
    QVERIFY(load(browser, QStringLiteral("<html><head><title>As sent</title>"
                                         "<script>document.title = 'Script ran';</script></head>"
                                         "<body onload=\"document.title = 'Handler ran'\"><p>Hi</p></body></html>")));
    QCOMPARE(browser.page()->title(), QStringLiteral("As sent"));
    QString text;
    browser.page()->toPlainText([&text](const QString &shown) { text = shown; });
    QTRY_COMPARE(text, QStringLiteral("Hi"));
    QCOMPARE(browser.page()->title(), QStringLiteral("As sent"));
}

void PreviewBrowserTest::linksAreReportedNotFollowed()
{
    PreviewBrowser browser;
    browser.resize(400, 300);
    browser.show();
    QVERIFY(QTest::qWaitForWindowExposed(&browser));
    QSignalSpy clicked(&browser, &PreviewBrowser::linkActivated);
    QVERIFY(load(browser, QStringLiteral("<body style=\"margin:0\"><a href=\"https://shop.example/sale\" "
                                         "style=\"display:block;height:200px;background:#20a040\">Sale</a></body>")));
    const QUrl shown = browser.page()->url();
    QTRY_VERIFY(near(pixel(browser, {100, 100}), QColor(0x20, 0xa0, 0x40)));
    QWidget *target = browser.view()->focusProxy() ? browser.view()->focusProxy() : browser.view();
    QTest::mouseClick(target, Qt::LeftButton, {}, QPoint(100, 100));
    QTRY_COMPARE(clicked.size(), 1);
    QCOMPARE(clicked.first().first().toUrl(), QUrl(QStringLiteral("https://shop.example/sale")));
    QCOMPARE(browser.page()->url(), shown);
    QVERIFY(browser.blockedUrls().isEmpty()); // refused as a navigation, never requested
}

QTEST_MAIN(PreviewBrowserTest)
#include "tst_previewbrowser.moc"
