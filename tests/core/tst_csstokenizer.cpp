// The CSS tokenizer (CSS Syntax Level 3 §4) and the structure read from its tokens.
#include "htmlcheck/cssstructure.h"
#include "htmlcheck/csstokenizer.h"

#include <QTest>

using HtmlCheck::CssTokenType;

namespace {

// "type:value" for each token but whitespace, e.g. "ident:a function:url string:x )".
QString describe(const HtmlCheck::CssTokens &tokens)
{
    static const char *const kNames[] = {"ident", "function", "at", "hash", "string", "bad-string", "url", "bad-url",
                                         "delim", "number", "percentage", "dimension", "ws", "cdo", "cdc", ":", ";",
                                         ",", "[", "]", "(", ")", "{", "}"};
    QStringList out;
    for (const HtmlCheck::CssToken &t : tokens.tokens) {
        QString s = QString::fromLatin1(kNames[int(t.type)]);
        if (t.type == CssTokenType::Whitespace)
            continue;
        if (!t.value.isEmpty())
            s += QLatin1Char(':') + QString::fromUtf8(t.value);
        if (t.type == CssTokenType::Number || t.type == CssTokenType::Percentage || t.type == CssTokenType::Dimension)
            s += QLatin1Char('=') + QString::number(t.number);
        if (t.type == CssTokenType::Delim)
            s += QLatin1Char('\'') + QLatin1Char(t.delim);
        out.append(s);
    }
    return out.join(QLatin1Char(' '));
}

} // namespace

class TestCssTokenizer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tokens_data();
    void tokens();
    void offsetsAreTheWrittenOctets();
    void readsRulesAndDeclarations();
    void readsImportantAndCustomProperties();
};

void TestCssTokenizer::tokens_data()
{
    QTest::addColumn<QByteArray>("css");
    QTest::addColumn<QString>("expected");
    QTest::newRow("declaration") << QByteArray("display: flex;") << QStringLiteral("ident:display : ident:flex ;");
    QTest::newRow("numbers and units") << QByteArray("1.5rem -2px 50% +.5 1e3")
                                       << QStringLiteral("dimension:rem=1.5 dimension:px=-2 percentage=50 number=0.5 number=1000");
    QTest::newRow("unquoted url") << QByteArray("url( a.png )") << QStringLiteral("url:a.png");
    QTest::newRow("quoted url is a function") << QByteArray("url(\"a.png\")") << QStringLiteral("function:url string:a.png )");
    QTest::newRow("bad url") << QByteArray("url(a b) x") << QStringLiteral("bad-url ident:x");
    QTest::newRow("at-keyword and hash") << QByteArray("@media #fff #1a") << QStringLiteral("at:media hash:fff hash:1a");
    QTest::newRow("comments are consumed") << QByteArray("a/* x */b") << QStringLiteral("ident:a ident:b");
    QTest::newRow("escapes") << QByteArray("\\66 oo \\\"") << QStringLiteral("ident:foo ident:\"");
    QTest::newRow("string with escaped newline") << QByteArray("'a\\\nb'") << QStringLiteral("string:ab");
    QTest::newRow("bad string") << QByteArray("'a\nb") << QStringLiteral("bad-string:a ident:b");
    QTest::newRow("cdo cdc") << QByteArray("<!-- a -->") << QStringLiteral("cdo ident:a cdc");
    QTest::newRow("custom property") << QByteArray("--main-color:red") << QStringLiteral("ident:--main-color : ident:red");
    QTest::newRow("pseudo and function") << QByteArray("a:nth-child(2n+1)")
                                         << QStringLiteral("ident:a : function:nth-child dimension:n=2 number=1 )");
    QTest::newRow("delims") << QByteArray("a > b ! c") << QStringLiteral("ident:a delim'> ident:b delim'! ident:c");
}

void TestCssTokenizer::tokens()
{
    QFETCH(QByteArray, css);
    QFETCH(QString, expected);
    QCOMPARE(describe(HtmlCheck::tokenizeCss(css)), expected);
}

void TestCssTokenizer::offsetsAreTheWrittenOctets()
{
    const QByteArray css = "a{color:rgb(1,2,3)}/*c*/@media x{}";
    const HtmlCheck::CssTokens t = HtmlCheck::tokenizeCss(css);
    QCOMPARE(t.comments, 1);
    for (const HtmlCheck::CssToken &token : t.tokens) {
        if (token.type == CssTokenType::Function)
            QCOMPARE(css.mid(token.begin, token.end - token.begin), QByteArray("rgb("));
        if (token.type == CssTokenType::AtKeyword)
            QCOMPARE(css.mid(token.begin, token.end - token.begin), QByteArray("@media"));
    }
}

void TestCssTokenizer::readsRulesAndDeclarations()
{
    const QByteArray css = "@import url(x.css);\n@media (max-width: 600px) { .a:hover { DISPLAY: flex } }\n"
                           "@font-face { font-family: x }\np::before{color:red}";
    const HtmlCheck::CssTokens tokens = HtmlCheck::tokenizeCss(css);
    const HtmlCheck::CssStructure s = HtmlCheck::readStyleSheet(tokens);
    QCOMPARE(s.atRules.size(), 3);
    QCOMPARE(s.atRules[0].name, QByteArray("import"));
    QCOMPARE(css.mid(s.atRules[0].begin, s.atRules[0].end - s.atRules[0].begin), QByteArray("@import url(x.css)"));
    QCOMPARE(css.mid(s.atRules[1].begin, s.atRules[1].end - s.atRules[1].begin), QByteArray("@media (max-width: 600px)"));
    QCOMPARE(s.atRules[2].name, QByteArray("font-face"));
    QCOMPARE(s.selectors.size(), 2);
    QCOMPARE(s.declarations.size(), 3);
    QCOMPARE(s.declarations[0].property, QByteArray("display"));
    const HtmlCheck::CssDeclaration &d = s.declarations[0];
    QCOMPARE(css.mid(d.begin, d.end - d.begin), QByteArray("DISPLAY: flex"));
    QCOMPARE(s.declarations[1].property, QByteArray("font-family"));
    QCOMPARE(s.declarations[2].property, QByteArray("color"));
}

void TestCssTokenizer::readsImportantAndCustomProperties()
{
    const QByteArray css = "color: red ! important; --Gap: 4px; ; bad; width:1px";
    const HtmlCheck::CssTokens tokens = HtmlCheck::tokenizeCss(css);
    const HtmlCheck::CssStructure s = HtmlCheck::readDeclarations(tokens);
    QCOMPARE(s.declarations.size(), 3);
    QVERIFY(s.declarations[0].important);
    QCOMPARE(s.declarations[0].value.last - s.declarations[0].value.first, 1); // just "red"
    QCOMPARE(s.declarations[1].property, QByteArray("--Gap"));
    QVERIFY(!s.declarations[1].important);
    QCOMPARE(s.declarations[2].property, QByteArray("width"));
}

QTEST_APPLESS_MAIN(TestCssTokenizer)
#include "tst_csstokenizer.moc"
