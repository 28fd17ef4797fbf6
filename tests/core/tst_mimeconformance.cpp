// Defects found by comparing Mailscope with independent readers (Python's email package, the
// WHATWG Encoding Standard, RFC 2046 5.1.1): each case asserts the exact decoded value, part
// list or finding. Fixtures are in tests/data/mime/conformance.
#include "mimefixtures.h"

#include "mime/charset.h"
#include "mime/parsedmessage.h"

#include <QJsonObject>
#include <QTest>

namespace {

QByteArray fixture(const char *name)
{
    return mimeFixture(QStringLiteral("conformance/") + QLatin1String(name));
}

// "code@path" of every finding, in order.
QStringList findings(const Mime::ParsedMessage &m)
{
    QStringList out;
    for (const Mime::Diagnostic &d : m.diagnostics)
        out.append(d.code + QLatin1Char('@') + d.path);
    return out;
}

QString structure(const Mime::ParsedMessage &m)
{
    return Mime::toJson(m).value(QStringLiteral("structure")).toString();
}

} // namespace

class TestMimeConformance final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void filenameWordsDecodeLikeSubject();
    void reusedBoundaryEndsTheInnerMultipart();
    void backToBackDelimitersLeaveNoDelimiterInAPart();
    void charsetLabelsAreReadAsWhatwgMapsThem_data();
    void charsetLabelsAreReadAsWhatwgMapsThem();
    void labelTableFollowsWhatwg_data();
    void labelTableFollowsWhatwg();
    void rawEightBitHeaderTextIsWindows1252();
    void lintFindings_data();
    void lintFindings();
    void addressWarningIsReportedOnce();
};

// Adjacent base64 words whose first ends in "=" padding: all of it, in the filename as in
// the Subject (one RFC 2047 decoder for both).
void TestMimeConformance::filenameWordsDecodeLikeSubject()
{
    const Mime::ParsedMessage m = Mime::parse(fixture("filename-encoded-words.eml"));
    const QString expected = QStringLiteral("Привет мир.pdf");
    QCOMPARE(m.subject, expected);
    QVERIFY(m.findPart(QStringLiteral("2")));
    QCOMPARE(m.findPart(QStringLiteral("2"))->filename, expected); // Content-Disposition filename
    QCOMPARE(m.findPart(QStringLiteral("2"))->param(QStringLiteral("name")), expected);
    QVERIFY(m.findPart(QStringLiteral("3")));
    QCOMPARE(m.findPart(QStringLiteral("3"))->filename, expected); // Content-Type name only
}

// RFC 2046 5.1.1: a delimiter line of the outer boundary ends whatever part is open, so a
// nested multipart declaring the same boundary is empty and what follows are the outer
// multipart's parts (as Python's email and Thunderbird read it). The reuse is an error.
void TestMimeConformance::reusedBoundaryEndsTheInnerMultipart()
{
    const QByteArray raw = fixture("boundary-reused.eml");
    const Mime::ParsedMessage m = Mime::parse(raw);
    QCOMPARE(structure(m), QStringLiteral("multipart/mixed(multipart/alternative,text/plain,text/html)"));
    QCOMPARE(m.root.children.size(), 3);
    const Mime::Part &inner = m.root.children[0];
    QCOMPARE(inner.contentType, QStringLiteral("multipart/alternative"));
    QCOMPARE(inner.decodedSize, 0);
    QCOMPARE(Mime::decodedContent(raw, m.root.children[1]), QByteArray("one"));
    QCOMPARE(Mime::decodedContent(raw, m.root.children[2]), QByteArray("<p>two</p>"));
    QVERIFY2(findings(m).contains(QStringLiteral("boundary-reused@1")), qPrintable(findings(m).join(u' ')));
}

// A delimiter line right after another: the empty part between them is dropped (as by Python
// and GMime), and neither delimiter line ends up in a part's content.
void TestMimeConformance::backToBackDelimitersLeaveNoDelimiterInAPart()
{
    const QByteArray raw = fixture("delimiters-back-to-back.eml");
    const Mime::ParsedMessage m = Mime::parse(raw);
    QCOMPARE(structure(m), QStringLiteral("multipart/mixed(text/plain,text/plain)"));
    QCOMPARE(Mime::decodedContent(raw, m.root.children[0]), QByteArray("one"));
    QCOMPARE(Mime::decodedContent(raw, m.root.children[1]), QByteArray("two"));
}

void TestMimeConformance::charsetLabelsAreReadAsWhatwgMapsThem_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("widened"); // a charset-widened finding for the part
    QTest::newRow("gb2312 means GBK") << QStringLiteral("1") << QStringLiteral("中丂文") << true;
    QTest::newRow("iso-8859-1 means windows-1252") << QStringLiteral("2") << QStringLiteral("5 € café") << true;
    QTest::newRow("euc-kr means windows-949") << QStringLiteral("3") << QStringLiteral("갂한") << true;
    QTest::newRow("latin-1 text needs no widening") << QStringLiteral("4") << QStringLiteral("café") << false;
}

void TestMimeConformance::charsetLabelsAreReadAsWhatwgMapsThem()
{
    QFETCH(QString, path);
    QFETCH(QString, text);
    QFETCH(bool, widened);
    const QByteArray raw = fixture("charset-widened.eml");
    const Mime::ParsedMessage m = Mime::parse(raw);
    const Mime::Part *part = m.findPart(path);
    QVERIFY(part);
    QCOMPARE(Mime::decodedText(raw, *part), text);
    QCOMPARE(findings(m).contains(QStringLiteral("charset-widened@") + path), widened);
    QVERIFY(!findings(m).contains(QStringLiteral("charset-mismatch@") + path));
}

void TestMimeConformance::labelTableFollowsWhatwg_data()
{
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("encoding");
    QTest::newRow("us-ascii") << QStringLiteral("US-ASCII") << QStringLiteral("windows-1252");
    QTest::newRow("latin1") << QStringLiteral("latin1") << QStringLiteral("windows-1252");
    QTest::newRow("gb2312") << QStringLiteral("gb2312") << QStringLiteral("GBK");
    QTest::newRow("ks_c_5601-1987") << QStringLiteral("ks_c_5601-1987") << QStringLiteral("windows-949");
    QTest::newRow("shift_jis") << QStringLiteral("Shift_JIS") << QStringLiteral("windows-31j");
    QTest::newRow("tis-620") << QStringLiteral("tis-620") << QStringLiteral("windows-874");
    QTest::newRow("utf-8 stays") << QStringLiteral("utf-8") << QStringLiteral("utf-8");
    QTest::newRow("koi8-r stays") << QStringLiteral("koi8-r") << QStringLiteral("koi8-r");
}

void TestMimeConformance::labelTableFollowsWhatwg()
{
    QFETCH(QString, label);
    QFETCH(QString, encoding);
    QCOMPARE(Mime::encodingForLabel(label), encoding);
}

// Encoded words go through the same label mapping; raw 8-bit octets that are not UTF-8 are
// windows-1252 (0x80 is the euro sign, 0x93/0x94 curly quotes), in the Subject and in names.
void TestMimeConformance::rawEightBitHeaderTextIsWindows1252()
{
    const Mime::ParsedMessage m = Mime::parse(fixture("charset-widened.eml"));
    QCOMPARE(m.subject, QStringLiteral("中丂 € raw"));
    QVERIFY2(findings(m).contains(QStringLiteral("charset-widened@")), qPrintable(findings(m).join(u' ')));
    QCOMPARE(m.to.size(), 1);
    QCOMPARE(m.to.first().name, QStringLiteral("“René”"));
    QCOMPARE(m.to.first().addr, QStringLiteral("bob@example.test"));
}

void TestMimeConformance::lintFindings_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("finding");
    QTest::newRow("multipart with only a close delimiter")
        << fixture("only-close-delimiter.eml") << QStringLiteral("multipart-no-parts@1");
    QTest::newRow("reused boundary") << fixture("boundary-reused.eml") << QStringLiteral("boundary-reused@1");
    QTest::newRow("From: <>") << crlf({"From: <>", "Date: Mon, 7 Dec 2026 10:00:00 +0000", "Message-ID: <a@b.test>", "", "x"})
                              << QStringLiteral("from-no-mailbox@");
    QTest::newRow("unquoted value with a space")
        << crlf({"From: a@b.test", "Content-Type: text/plain; name=my file.txt", "", "x"})
        << QStringLiteral("parameter-needs-quotes@1");
    QTest::newRow("unquoted value with =")
        << crlf({"From: a@b.test", "Content-Type: application/octet-stream", "Content-Disposition: attachment; filename==?utf-8?q?x?=",
                 "", "x"})
        << QStringLiteral("parameter-needs-quotes@1");
}

void TestMimeConformance::lintFindings()
{
    QFETCH(QByteArray, raw);
    QFETCH(QString, finding);
    const Mime::ParsedMessage m = Mime::parse(raw);
    QVERIFY2(findings(m).contains(finding), qPrintable(findings(m).join(u' ')));
    QCOMPARE(findings(m).count(finding), 1);
}

void TestMimeConformance::addressWarningIsReportedOnce()
{
    const Mime::ParsedMessage m = Mime::parse(crlf({"From: a@b.test", "To: <a@b.test> x y, <<c@d.test", "", "x"}));
    QCOMPARE(findings(m).count(QStringLiteral("gmime-invalid-address-list@")), 1);
}

QTEST_APPLESS_MAIN(TestMimeConformance)
#include "tst_mimeconformance.moc"
