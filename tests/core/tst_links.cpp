// The links of a message (HTML, text parts, List-Unsubscribe) with their raw places, the form
// of List-Unsubscribe and List-Unsubscribe-Post (RFC 2369, RFC 8058), and the link check
// against an HTTP server in the test.
#include "htmlcheck/linkchecker.h"
#include "htmlcheck/links.h"
#include "mimefixtures.h"
#include "tinyhttpserver.h"

#include <QSignalSpy>
#include <QTest>

using HtmlCheck::LinkSource;
using HtmlCheck::UnsubscribeProblem;

Q_DECLARE_METATYPE(HtmlCheck::LinkSource)

namespace {

QByteArray newsletter(const QList<const char *> &extraHeaders)
{
    QByteArray raw = "From: a@example.com\r\nTo: b@example.com\r\nSubject: links\r\n";
    for (const char *h : extraHeaders)
        raw += QByteArray(h) + "\r\n";
    raw += "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n"
           "--b\r\nContent-Type: text/plain\r\n\r\n"
           "Read https://example.com/text?a=1. Or (http://example.org/x).\r\n"
           "--b\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
           "<html><head><link rel=3D\"stylesheet\" href=3D\"https://cdn.example.com/s.css\">"
           "<style>@import \"https://cdn.example.com/i.css\"; p{background:url(https://cdn.example.com/b.png)}</style>"
           "</head><body><a href=3D\"https://example.com/a?x=3D1&amp;y=3D2\">a</a>"
           "<img src=3D\"https://example.com/p.gif\"><table background=3D\"bg.jpg\"></table>"
           "<a href=3D\"#top\">top</a></body></html>\r\n"
           "--b--\r\n";
    return raw;
}

struct Expected
{
    const char *url;
    LinkSource source;
    const char *rawText;    // the raw bytes at its range
};

} // namespace

class TestLinks final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsEveryLinkWithItsPlace();
    void picksMailpitsUrls();
    void unsubscribeForm_data();
    void unsubscribeForm();
    void checksLinks_data();
    void checksLinks();
    void limitsConcurrency();
};

void TestLinks::listsEveryLinkWithItsPlace()
{
    const QByteArray raw = newsletter({"List-Unsubscribe: <mailto:u@example.com>, <https://example.com/u?id=1>"});
    const HtmlCheck::LinksReport report = HtmlCheck::collectLinks(raw, Mime::parse(raw));
    const QList<Expected> expected = {
        {"https://cdn.example.com/s.css", LinkSource::HtmlStylesheet, "https://cdn.example.com/s.css"},
        {"https://cdn.example.com/i.css", LinkSource::CssImport, "\"https://cdn.example.com/i.css\""},
        {"https://cdn.example.com/b.png", LinkSource::CssUrl, "url(https://cdn.example.com/b.png)"},
        {"https://example.com/a?x=1&y=2", LinkSource::HtmlAnchor, "https://example.com/a?x=3D1&amp;y=3D2"},
        {"https://example.com/p.gif", LinkSource::HtmlImage, "https://example.com/p.gif"},
        {"bg.jpg", LinkSource::HtmlBackground, "bg.jpg"},
        {"#top", LinkSource::HtmlAnchor, "#top"},
        {"https://example.com/text?a=1", LinkSource::TextPart, "https://example.com/text?a=1"},
        {"http://example.org/x", LinkSource::TextPart, "http://example.org/x"},
        {"mailto:u@example.com", LinkSource::ListUnsubscribe, "mailto:u@example.com"},
        {"https://example.com/u?id=1", LinkSource::ListUnsubscribe, "https://example.com/u?id=1"},
    };
    QCOMPARE(report.links.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const HtmlCheck::Link &l = report.links[i];
        QCOMPARE(l.url, QString::fromLatin1(expected[i].url));
        QCOMPARE(l.source, expected[i].source);
        QCOMPARE(raw.mid(l.raw.begin, l.raw.size()), QByteArray(expected[i].rawText));
    }
    QCOMPARE(report.links[3].partPath, QStringLiteral("2"));
    QCOMPARE(report.links[7].partPath, QStringLiteral("1"));
    QVERIFY(report.unsubscribe.isEmpty());
}

void TestLinks::picksMailpitsUrls()
{
    const QByteArray raw = newsletter({"List-Unsubscribe: <https://example.com/u>"});
    const HtmlCheck::LinksReport report = HtmlCheck::collectLinks(raw, Mime::parse(raw));
    QCOMPARE(HtmlCheck::mailpitCheckedUrls(report),
             QStringList({QStringLiteral("https://cdn.example.com/s.css"), QStringLiteral("https://example.com/a?x=1&y=2"), QStringLiteral("https://example.com/p.gif"),
                          QStringLiteral("https://example.com/text?a=1"), QStringLiteral("http://example.org/x")}));
    QCOMPARE(HtmlCheck::httpUrls(report).size(), 8);
}

void TestLinks::unsubscribeForm_data()
{
    QTest::addColumn<QByteArrayList>("headers");
    QTest::addColumn<QList<int>>("problems");
    QTest::addColumn<bool>("oneClick");
    using P = UnsubscribeProblem;
    const QByteArray dkim = "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s; h=from:list-unsubscribe:list-unsubscribe-post; b=x; bh=y";
    QTest::newRow("mailto and https") << QByteArrayList{"List-Unsubscribe: <mailto:u@example.com>, <https://example.com/u>"}
                                      << QList<int>{} << false;
    QTest::newRow("one-click, signed") << QByteArrayList{"List-Unsubscribe: <https://example.com/u>",
                                                         "List-Unsubscribe-Post: List-Unsubscribe=One-Click", dkim}
                                       << QList<int>{} << true;
    QTest::newRow("one-click unsigned") << QByteArrayList{"List-Unsubscribe: <https://example.com/u>",
                                                          "List-Unsubscribe-Post: List-Unsubscribe=One-Click"}
                                        << QList<int>{int(P::PostNotSigned)} << true;
    QTest::newRow("one-click without https") << QByteArrayList{"List-Unsubscribe: <mailto:u@example.com>, <http://example.com/u>",
                                                               "List-Unsubscribe-Post: List-Unsubscribe=One-Click", dkim}
                                             << QList<int>{int(P::PostWithoutHttps)} << true;
    QTest::newRow("post with a wrong value") << QByteArrayList{"List-Unsubscribe: <https://example.com/u>",
                                                               "List-Unsubscribe-Post: One-Click", dkim}
                                             << QList<int>{int(P::PostValueWrong)} << false;
    QTest::newRow("post alone") << QByteArrayList{"List-Unsubscribe-Post: List-Unsubscribe=One-Click"}
                                << QList<int>{int(P::PostWithoutHeader)} << true;
    QTest::newRow("no brackets") << QByteArrayList{"List-Unsubscribe: https://example.com/u"}
                                 << QList<int>{int(P::NoLinks)} << false;
    QTest::newRow("text outside brackets") << QByteArrayList{"List-Unsubscribe: <https://example.com/u> or mail"}
                                           << QList<int>{int(P::NotBracketed)} << false;
    QTest::newRow("comments are allowed") << QByteArrayList{"List-Unsubscribe: (web) <https://example.com/u>"}
                                          << QList<int>{} << false;
    QTest::newRow("unknown scheme") << QByteArrayList{"List-Unsubscribe: <ftp://example.com/u>"}
                                    << QList<int>{int(P::UnknownScheme)} << false;
    QTest::newRow("blank in a URI") << QByteArrayList{"List-Unsubscribe: <https://example.com/u x>"}
                                    << QList<int>{int(P::SpaceInUri)} << false;
    QTest::newRow("twice") << QByteArrayList{"List-Unsubscribe: <https://example.com/u>", "List-Unsubscribe: <https://example.com/v>"}
                           << QList<int>{int(P::Repeated)} << false;
}

void TestLinks::unsubscribeForm()
{
    QFETCH(QByteArrayList, headers);
    QFETCH(QList<int>, problems);
    QFETCH(bool, oneClick);
    QByteArray raw = "From: a@example.com\r\n";
    for (const QByteArray &h : headers)
        raw += h + "\r\n";
    raw += "\r\nbody\r\n";
    const HtmlCheck::LinksReport report = HtmlCheck::collectLinks(raw, Mime::parse(raw));
    QList<int> found;
    for (const HtmlCheck::UnsubscribeFinding &f : report.unsubscribe) {
        found.append(int(f.problem));
        QVERIFY(raw.mid(f.raw.begin, f.raw.size()).startsWith("List-Unsubscribe"));
        QVERIFY(!HtmlCheck::describe(f).isEmpty());
    }
    QCOMPARE(found, problems);
    QCOMPARE(report.oneClick, oneClick);
}

void TestLinks::checksLinks_data()
{
    QTest::addColumn<bool>("follow");
    QTest::addColumn<QList<int>>("codes");
    QTest::addColumn<QStringList>("statuses");
    QTest::addColumn<int>("errors");
    // /ok, /moved, /missing, /nohead, /slow
    QTest::newRow("redirects reported") << false << QList<int>{200, 301, 404, 200, 0}
                                        << QStringList{QStringLiteral("OK"), QStringLiteral("Moved Permanently"), QStringLiteral("Not Found"), QStringLiteral("OK"), QStringLiteral("timeout after 0.3 s")} << 2;
    QTest::newRow("redirects followed") << true << QList<int>{200, 200, 404, 200, 0}
                                        << QStringList{QStringLiteral("OK"), QStringLiteral("OK"), QStringLiteral("Not Found"), QStringLiteral("OK"), QStringLiteral("timeout after 0.3 s")} << 2;
}

void TestLinks::checksLinks()
{
    QFETCH(bool, follow);
    QFETCH(QList<int>, codes);
    QFETCH(QStringList, statuses);
    QFETCH(int, errors);
    TinyHttpServer server;
    const QStringList urls = {server.url("/ok"), server.url("/moved"), server.url("/missing"), server.url("/nohead"),
                              server.url("/slow")};
    HtmlCheck::LinkCheckOptions options;
    options.followRedirects = follow;
    options.timeoutMs = 300;
    HtmlCheck::LinkChecker checker(urls, options);
    QSignalSpy finished(&checker, &HtmlCheck::LinkChecker::finished);
    QSignalSpy checked(&checker, &HtmlCheck::LinkChecker::linkChecked);
    checker.start();
    QVERIFY(finished.wait(10000));
    QCOMPARE(checked.size(), urls.size());
    QList<int> gotCodes;
    QStringList gotStatuses;
    for (const HtmlCheck::LinkStatus &s : checker.results()) {
        gotCodes.append(s.statusCode);
        gotStatuses.append(s.status);
    }
    QCOMPARE(gotCodes, codes);
    QCOMPARE(gotStatuses, statuses);
    QCOMPARE(checker.errors(), errors);
    QCOMPARE(checker.results()[1].redirects, follow ? 1 : 0);
    QCOMPARE(checker.results()[3].usedGet, true);   // HEAD refused, GET answered
    QCOMPARE(checker.results()[2].usedGet, true);   // 404 to HEAD is asked again with GET
    QCOMPARE(checker.results()[0].usedGet, false);
    // HEAD first everywhere; GET only after a refusal; the slow URL is not asked twice.
    QVERIFY(server.requests.contains(QStringLiteral("HEAD /ok")));
    QVERIFY(!server.requests.contains(QStringLiteral("GET /ok")));
    QVERIFY(server.requests.contains(QStringLiteral("GET /nohead")));
    QCOMPARE(server.requests.count(QStringLiteral("HEAD /slow")), 1);
    QVERIFY(!server.requests.contains(QStringLiteral("GET /slow")));
}

void TestLinks::limitsConcurrency()
{
    TinyHttpServer server;
    QStringList urls;
    for (int i = 0; i < 4; ++i)
        urls.append(server.url("/slow") + QStringLiteral("?%1").arg(i));
    HtmlCheck::LinkCheckOptions options;
    options.timeoutMs = 200;
    options.concurrency = 2;
    HtmlCheck::LinkChecker checker(urls, options);
    QSignalSpy checked(&checker, &HtmlCheck::LinkChecker::linkChecked);
    QSignalSpy finished(&checker, &HtmlCheck::LinkChecker::finished);
    checker.start();
    // Two requests reach the server before the first two time out; then the other two.
    QTRY_COMPARE(server.requests.size(), 2);
    QCOMPARE(checked.size(), 0);
    QVERIFY(finished.wait(10000));
    QCOMPARE(server.requests.size(), 4);
    QCOMPARE(checker.errors(), 4);
}

QTEST_GUILESS_MAIN(TestLinks)
#include "tst_links.moc"
