// The HTML compatibility check: features found in a message's HTML, with their places in the
// raw message (also through quoted-printable and base64), and the Can I Email data behind them.
#include "htmlcheck/compatibility.h"
#include "htmlcheck/sourcemap.h"
#include "mimefixtures.h"
#include "newsletterfixture.h"

#include <QTest>

namespace {

const QByteArray kHtml =
    "<!DOCTYPE html><html><head><style>\r\n"
    "@media (max-width: 600px) { .row { display:flex } }\r\n"
    "a:hover { color: red }\r\n"
    "</style></head><body>\r\n"
    "<div style=\"border-radius:4px;background-image:url(x.png)\">x</div>\r\n"
    "<img src=\"https://example.com/a.webp\" width=\"10\">\r\n"
    "<script>document.title='x'</script>\r\n"
    "</body></html>\r\n";

QByteArray message(const QByteArray &cte, const QByteArray &body)
{
    QByteArray raw = crlf({"From: a@example.com", "To: b@example.com", "Subject: t", "MIME-Version: 1.0",
                           "Content-Type: text/html; charset=utf-8"});
    if (!cte.isEmpty())
        raw += "Content-Transfer-Encoding: " + cte + "\r\n";
    return raw + "\r\n" + body;
}

QByteArray base64Lines(const QByteArray &in)
{
    const QByteArray b = in.toBase64();
    QByteArray out;
    for (qsizetype i = 0; i < b.size(); i += 76)
        out += b.mid(i, 76) + "\r\n";
    return out;
}

const HtmlCheck::Finding *findingOf(const HtmlCheck::CompatibilityReport &report, const QString &slug)
{
    for (const HtmlCheck::Finding &f : report.findings) {
        if (f.feature->slug == slug)
            return &f;
    }
    return nullptr;
}

QByteArray rawText(const QByteArray &raw, const Mime::ByteRange &range)
{
    return raw.mid(range.begin, range.size());
}

// Quoted-printable text as decoded, for comparing a raw range with what it means.
QByteArray qpDecoded(const QByteArray &text)
{
    return Mime::decodeTransfer(text, Mime::TransferEncoding::QuotedPrintable);
}

} // namespace

class TestHtmlCheck final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findsFeaturesAtTheirBytes_data();
    void findsFeaturesAtTheirBytes();
    void quotedPrintableMapsToRawBytes();
    void base64MapsToWholeQuanta();
    void reportsSupportFromTheData();
    void countsNodesAndTotals();
    void noHtmlNoReport();
    void checksALargeMailWhole();
    void shipsTheDataWithItsVersion();
};

void TestHtmlCheck::findsFeaturesAtTheirBytes_data()
{
    QTest::addColumn<QString>("slug");
    QTest::addColumn<QByteArrayList>("places");
    QTest::newRow("<style> in head") << QStringLiteral("html-style") << QByteArrayList{"<style>"};
    QTest::newRow("@media") << QStringLiteral("css-at-media") << QByteArrayList{"@media (max-width: 600px)"};
    QTest::newRow("display:flex") << QStringLiteral("css-display-flex") << QByteArrayList{"display:flex"};
    QTest::newRow("display") << QStringLiteral("css-display") << QByteArrayList{"display:flex"};
    QTest::newRow("border-radius") << QStringLiteral("css-border-radius") << QByteArrayList{"border-radius:4px"};
    QTest::newRow("background-image") << QStringLiteral("css-background-image")
                                      << QByteArrayList{"background-image:url(x.png)"};
    QTest::newRow(":hover") << QStringLiteral("css-pseudo-class-hover") << QByteArrayList{":hover"};
    QTest::newRow("webp image") << QStringLiteral("image-webp") << QByteArrayList{"src=\"https://example.com/a.webp\""};
    QTest::newRow("width attribute") << QStringLiteral("css-width") << QByteArrayList{"width=\"10\""};
    QTest::newRow("script") << QStringLiteral("html-script") << QByteArrayList{"<script>"};
    QTest::newRow("body with its end tag") << QStringLiteral("html-body") << QByteArrayList{"<body>"};
}

void TestHtmlCheck::findsFeaturesAtTheirBytes()
{
    QFETCH(QString, slug);
    QFETCH(QByteArrayList, places);
    const QByteArray raw = message({}, kHtml);
    const auto report = HtmlCheck::checkMessage(raw, Mime::parse(raw));
    QVERIFY(report);
    const HtmlCheck::Finding *f = findingOf(*report, slug);
    QVERIFY2(f, qPrintable(slug));
    QCOMPARE(f->occurrences.size(), places.size());
    for (qsizetype i = 0; i < places.size(); ++i) {
        QCOMPARE(rawText(raw, f->occurrences[i].raw), places[i]);
        QCOMPARE(kHtml.mid(f->occurrences[i].begin, f->occurrences[i].end - f->occurrences[i].begin), places[i]);
    }
}

void TestHtmlCheck::quotedPrintableMapsToRawBytes()
{
    const QByteArray raw = message("quoted-printable", quotedPrintableLines(kHtml, 40));
    const auto report = HtmlCheck::checkMessage(raw, Mime::parse(raw));
    QVERIFY(report);
    // Every place, read back from the raw bytes and decoded, is the text found.
    for (const HtmlCheck::Finding &f : report->findings) {
        for (const HtmlCheck::Occurrence &o : f.occurrences) {
            const QByteArray decoded = kHtml.mid(o.begin, o.end - o.begin);
            QCOMPARE(qpDecoded(rawText(raw, o.raw)), decoded);
        }
    }
    // The style attribute is escaped ("style=3D") and its declaration is split by a soft break.
    const HtmlCheck::Finding *radius = findingOf(*report, QStringLiteral("css-border-radius"));
    QVERIFY(radius);
    QVERIFY(rawText(raw, radius->occurrences.first().raw).contains("border-radius"));
    const HtmlCheck::Finding *image = findingOf(*report, QStringLiteral("css-background-image"));
    QVERIFY(image);
    QCOMPARE(rawText(raw, image->occurrences.first().raw), QByteArray("backgrou=\r\nnd-image:url(x.png)"));
}

void TestHtmlCheck::base64MapsToWholeQuanta()
{
    const QByteArray raw = message("base64", base64Lines(kHtml));
    const auto report = HtmlCheck::checkMessage(raw, Mime::parse(raw));
    QVERIFY(report);
    const HtmlCheck::Finding *flex = findingOf(*report, QStringLiteral("css-display-flex"));
    QVERIFY(flex);
    const QByteArray encoded = rawText(raw, flex->occurrences.first().raw);
    QCOMPARE(encoded.size() % 4 == 0 || encoded.contains('\n'), true);
    QVERIFY2(QByteArray::fromBase64(QByteArray(encoded).replace("\r\n", "")).contains("display:flex"), encoded.constData());
    // Whole quanta: at most two octets either side.
    QVERIFY(QByteArray::fromBase64(QByteArray(encoded).replace("\r\n", "")).size() <= qsizetype(strlen("display:flex")) + 4);
}

void TestHtmlCheck::reportsSupportFromTheData()
{
    const QByteArray raw = message({}, kHtml);
    const auto report = HtmlCheck::checkMessage(raw, Mime::parse(raw));
    QVERIFY(report);
    const HtmlCheck::Finding *flex = findingOf(*report, QStringLiteral("css-display-flex"));
    QVERIFY(flex);
    QCOMPARE(flex->feature->title, QStringLiteral("display:flex"));
    QCOMPARE(flex->feature->url, QStringLiteral("https://www.caniemail.com/features/css-display-flex/"));
    // Outlook on Windows 2019 does not support flex; Gmail on iOS 2020-11 partly, with note 1.
    bool outlook = false;
    bool gmail = false;
    for (const HtmlCheck::ClientSupport &r : flex->feature->results) {
        if (r.family == QLatin1String("outlook") && r.platform == QLatin1String("windows") && r.version == QLatin1String("2019")) {
            outlook = true;
            QCOMPARE(r.support, HtmlCheck::Support::No);
            QCOMPARE(r.name, QStringLiteral("Outlook Windows (2019)"));
        }
        if (r.family == QLatin1String("gmail") && r.platform == QLatin1String("ios") && r.version == QLatin1String("2020-11")) {
            gmail = true;
            QCOMPARE(r.support, HtmlCheck::Support::Partial);
            QCOMPARE(r.noteNumber, QStringLiteral("1"));
        }
    }
    QVERIFY(outlook && gmail);
    QVERIFY(flex->feature->notesByNumber.contains(QStringLiteral("1")));
    QVERIFY(flex->feature->unsupported > 0 && flex->feature->supported > 0);
    QCOMPARE(qRound(flex->feature->supported + flex->feature->partial + flex->feature->unsupported), 100);

    const HtmlCheck::Finding *script = findingOf(*report, QStringLiteral("html-script"));
    QVERIFY(script);
    QCOMPARE(script->feature->unsupported, 100.0);
    // The worst feature comes first: a script is unsupported everywhere.
    QCOMPARE(report->findings.first().feature->slug, QStringLiteral("html-script"));
}

void TestHtmlCheck::countsNodesAndTotals()
{
    const QByteArray raw = message({}, kHtml);
    const auto report = HtmlCheck::checkMessage(raw, Mime::parse(raw));
    QVERIFY(report);
    // With </body>: style, body, div, img, script (html, head and meta are not counted).
    QCOMPARE(report->nodes, 5);
    QVERIFY(report->tests > 100);
    // The script (unsupported everywhere, once in 5 nodes) sets the unsupported total.
    QCOMPARE(report->unsupported, 20.0);
    QCOMPARE(report->supported, 100.0 - report->partial - report->unsupported);
    QCOMPARE(report->partPath, QStringLiteral("1"));
    const QList<HtmlCheck::PlatformTotal> totals = HtmlCheck::platformTotals(*report);
    QVERIFY(!totals.isEmpty());
    for (const HtmlCheck::PlatformTotal &t : totals) {
        if (t.platform == QLatin1String("windows"))
            QVERIFY(t.no > 0); // Outlook on Windows: no flex, no border-radius
    }
}

void TestHtmlCheck::noHtmlNoReport()
{
    const QByteArray raw = crlf({"From: a@example.com", "Subject: t", "", "plain"});
    QVERIFY(!HtmlCheck::checkMessage(raw, Mime::parse(raw)));
}

// The outcome on 5 MB (its time is measured by tests/bench/htmlcheck_bench): every row found.
void TestHtmlCheck::checksALargeMailWhole()
{
    int rows = 0;
    const QByteArray html = largeNewsletterHtml(5 * 1024 * 1024, &rows);
    const QByteArray raw = message("8bit", html);
    const auto report = HtmlCheck::checkMessage(raw, Mime::parse(raw));
    QVERIFY(report);
    QCOMPARE(findingOf(*report, QStringLiteral("css-border-radius"))->occurrences.size(), rows);
    QCOMPARE(findingOf(*report, QStringLiteral("css-display-flex"))->occurrences.size(), rows);
    QCOMPARE(findingOf(*report, QStringLiteral("css-rgb"))->occurrences.size(), rows);
    QCOMPARE(findingOf(*report, QStringLiteral("image-gif"))->occurrences.size(), rows);
    QCOMPARE(findingOf(*report, QStringLiteral("css-at-media"))->occurrences.size(), 1);
    QCOMPARE(findingOf(*report, QStringLiteral("css-important"))->occurrences.size(), 1);
    const HtmlCheck::Occurrence last = findingOf(*report, QStringLiteral("css-border-radius"))->occurrences.last();
    QCOMPARE(raw.mid(last.raw.begin, last.raw.size()), QByteArray("border-radius:6px"));
}

void TestHtmlCheck::shipsTheDataWithItsVersion()
{
    const HtmlCheck::CanIEmail &data = HtmlCheck::CanIEmail::data();
    QCOMPARE(data.packageVersion(), QStringLiteral("1.0.5"));
    QVERIFY(data.feature(QStringLiteral("css-border-radius")));
    QCOMPARE(data.familyName(QStringLiteral("apple-mail")), QStringLiteral("Apple Mail"));
    QVERIFY(data.platforms().value(QStringLiteral("windows")).contains(QStringLiteral("Outlook")));
}

QTEST_APPLESS_MAIN(TestHtmlCheck)
#include "tst_htmlcheck.moc"
