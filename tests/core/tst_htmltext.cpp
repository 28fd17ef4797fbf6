// An HTML body as text, for the search index and Mailpit's Text: what is kept, joined, split
// and decoded.
#include "mime/htmltext.h"

#include <QTest>

class HtmlTextTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void text_data();
    void text();
};

void HtmlTextTest::text_data()
{
    QTest::addColumn<QString>("html");
    QTest::addColumn<QString>("text");

    QTest::newRow("inline markup joins") << QStringLiteral("<p>Ex<b>clu</b><span>sive</span></p>") << QStringLiteral("Exclusive");
    QTest::newRow("blocks are lines") << QStringLiteral("<h1>Title</h1><p>one<br>two</p>") << QStringLiteral("Title\n\none\ntwo");
    QTest::newRow("cells are words") << QStringLiteral("<table><tr><td>left</td><td>right</td></tr></table>")
                                     << QStringLiteral("left right");
    QTest::newRow("blanks collapse") << QStringLiteral("a \r\n\t b") << QStringLiteral("a b");
    QTest::newRow("named entities") << QStringLiteral("Caf&eacute; &amp; &AMP; &lt;tag&gt; &copy;")
                                    << QStringLiteral("Caf\u00e9 & & <tag> \u00a9");
    QTest::newRow("numeric entities") << QStringLiteral("Gr&#252;n &#x201C;q&#X201D;") << QStringLiteral("Gr\u00fcn \u201cq\u201d");
    QTest::newRow("typography") << QStringLiteral("don&rsquo;t &mdash; &hellip;") << QStringLiteral("don\u2019t \u2014 \u2026");
    QTest::newRow("unknown entity kept") << QStringLiteral("&bogus; &#xD800; a & b &#;")
                                         << QStringLiteral("&bogus; &#xD800; a & b &#;");
    QTest::newRow("comment dropped") << QStringLiteral("a<!-- <p>hidden</p> -->b") << QStringLiteral("ab");
    QTest::newRow("head, style and script dropped")
        << QStringLiteral("<html><HEAD><title>T</title></head><style>p{}</style><p>x</p><script>y()</SCRIPT ></html>")
        << QStringLiteral("x");
    QTest::newRow("unclosed script keeps its text") << QStringLiteral("<script>left") << QStringLiteral("left");
    QTest::newRow("doctype is not text") << QStringLiteral("<!DOCTYPE html><p>x</p>") << QStringLiteral("x");
    QTest::newRow("lone angle bracket") << QStringLiteral("1 < 2") << QStringLiteral("1 < 2");
    QTest::newRow("link target") << QStringLiteral("<a href=\"https://example.com/?a=1&amp;b=2\">Read</a>")
                                 << QStringLiteral("Read ( https://example.com/?a=1&b=2 )");
    QTest::newRow("link that is its target") << QStringLiteral("<a href='https://x.example'>https://x.example</a>")
                                             << QStringLiteral("https://x.example");
    QTest::newRow("mailto link") << QStringLiteral("<a href=mailto:a@b.example>write</a>") << QStringLiteral("write");
    QTest::newRow("one empty line at most") << QStringLiteral("<p>a</p><p></p><p></p><p>b</p>") << QStringLiteral("a\n\nb");
}

void HtmlTextTest::text()
{
    QFETCH(QString, html);
    QFETCH(QString, text);
    QCOMPARE(Mime::htmlToText(html), text);
}

QTEST_APPLESS_MAIN(HtmlTextTest)
#include "tst_htmltext.moc"
