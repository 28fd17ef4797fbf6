#include "views/previewbrowser.h"

#include <QBuffer>
#include <QImage>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>

using Ui::PreviewBrowser;

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

// Answers every request with a small PNG and counts the connections it saw.
class PixelServer : public QTcpServer
{
public:
    PixelServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                ++connections;
                connect(s, &QTcpSocket::readyRead, s, [s] {
                    if (!s->readAll().contains("\r\n\r\n"))
                        return;
                    const QByteArray body = png(Qt::red);
                    s->write("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\nContent-Length: "
                             + QByteArray::number(body.size()) + "\r\n\r\n" + body);
                    s->disconnectFromHost();
                });
            }
        });
        listen(QHostAddress::LocalHost, 0);
    }
    int connections = 0;
};

} // namespace

// The preview never reaches the network or the disk unless the user allows remote content.
class PreviewBrowserTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void remoteImageNotFetchedByDefault();
    void allowingFetchesForThisMessageOnly();
    void localFilesAreNeverRead();
    void scriptsAreRemoved_data();
    void scriptsAreRemoved();
};

void PreviewBrowserTest::remoteImageNotFetchedByDefault()
{
    PixelServer server;
    const QString url = QStringLiteral("http://127.0.0.1:%1/open.gif?u=carol").arg(server.serverPort());
    PreviewBrowser browser;
    browser.resize(400, 300);
    browser.show();
    QSignalSpy blocked(&browser, &PreviewBrowser::remoteContentBlocked);
    QStringList cidAsked;
    browser.showHtml(QStringLiteral("<p>Hi</p><img src=\"%1\"><img src=\"cid:logo@shop.example\">").arg(url),
                     [&](const QString &cid) {
                         cidAsked.append(cid);
                         return png(Qt::blue);
                     });
    QVERIFY(QTest::qWaitForWindowExposed(&browser));
    QTest::qWait(300); // any request would have connected by now
    QCOMPARE(server.connections, 0);
    QCOMPARE(browser.fetchCount(), 0);
    QCOMPARE(browser.blockedUrls(), QStringList{url});
    QVERIFY(!blocked.isEmpty());
    QCOMPARE(blocked.last().first().toInt(), 1);
    QVERIFY(cidAsked.contains(QStringLiteral("logo@shop.example")));
    const QVariant logo = browser.document()->resource(QTextDocument::ImageResource, QUrl(QStringLiteral("cid:logo@shop.example")));
    QVERIFY(logo.value<QImage>().pixelColor(0, 0) == QColor(Qt::blue));
}

void PreviewBrowserTest::allowingFetchesForThisMessageOnly()
{
    PixelServer server;
    const QString url = QStringLiteral("http://127.0.0.1:%1/banner.png").arg(server.serverPort());
    PreviewBrowser browser;
    browser.show();
    browser.showHtml(QStringLiteral("<img src=\"%1\">").arg(url), nullptr);
    QCOMPARE(browser.blockedUrls().size(), 1);
    browser.setRemoteAllowed(true);
    QTRY_COMPARE(server.connections, 1);
    QTRY_VERIFY(!browser.document()->resource(QTextDocument::ImageResource, QUrl(url)).value<QImage>().isNull());
    QVERIFY(browser.blockedUrls().isEmpty());

    // The next message starts blocked again.
    browser.showHtml(QStringLiteral("<img src=\"%1?second\">").arg(url), nullptr);
    QTest::qWait(200);
    QCOMPARE(server.connections, 1);
    QCOMPARE(browser.blockedUrls().size(), 1);
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
    browser.setSearchPaths({dir.path()});
    browser.showHtml(QStringLiteral("<img src=\"file://%1\"><img src=\"secret.png\">").arg(path), nullptr);
    const auto image = [&](const QString &url) {
        return browser.document()->resource(QTextDocument::ImageResource, QUrl(url)).value<QImage>();
    };
    QVERIFY(image(QUrl::fromLocalFile(path).toString()).isNull());
    QVERIFY(image(QStringLiteral("secret.png")).isNull());
    // Nothing magenta reaches the screen either.
    const QImage shown = browser.viewport()->grab().toImage();
    for (int y = 0; y < shown.height(); y += 2) {
        for (int x = 0; x < shown.width(); x += 2)
            QVERIFY(shown.pixelColor(x, y) != QColor(0xff, 0x00, 0xff));
    }
    QVERIFY(browser.blockedUrls().isEmpty()); // not remote, simply never loaded
}

void PreviewBrowserTest::scriptsAreRemoved_data()
{
    QTest::addColumn<QString>("html");
    QTest::newRow("inline") << QStringLiteral("<p>a</p><script>alert('leak')</script><p>b</p>");
    QTest::newRow("upper case with attributes") << QStringLiteral("<p>a</p><SCRIPT type=\"text/javascript\">\nalert('leak')\n</SCRIPT ><p>b</p>");
    QTest::newRow("unclosed") << QStringLiteral("<p>a</p><p>b</p><script>alert('leak')");
}

void PreviewBrowserTest::scriptsAreRemoved()
{
    QFETCH(QString, html);
    PreviewBrowser browser;
    browser.showHtml(html, nullptr);
    const QString text = browser.toPlainText();
    QVERIFY2(!text.contains(QStringLiteral("leak")), qPrintable(text));
    QVERIFY(text.contains(QLatin1Char('a')) && text.contains(QLatin1Char('b')));
}

QTEST_MAIN(PreviewBrowserTest)
#include "tst_previewbrowser.moc"
