// The part tree: IMAP numbering, types and parameters, byte ranges, decoding, limits.
#include "mimefixtures.h"

#include "mime/boundaries.h"
#include "mime/parsedmessage.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QTest>

class TestMimeParts final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void numbersPartsLikeImap();
    void rangesPointAtTheRawBytes();
    void describesEachLeaf_data();
    void describesEachLeaf();
    void decodesBodies_data();
    void decodesBodies();
    void decodesTextToUnicode_data();
    void decodesTextToUnicode();
    void singlePartMessageIsPartOne();
    void multipartWithoutBoundaryIsALeaf();
    void missingBlankLineStartsTheBody();
    void stopsAtNestingDepth();
    void stopsAtPartCount();
    void stopsAtHeaderSize();
    void jsonUsesOracleFieldNames();
    void delimiterSearchStaysInItsRange();
    void largeAttachmentKeepsExactRanges();
};

void TestMimeParts::numbersPartsLikeImap()
{
    const Mime::ParsedMessage m = Mime::parse(mimeFixture(QStringLiteral("nested.eml")));
    QStringList leaves;
    for (const Mime::Part *p : m.leaves())
        leaves.append(p->path + QLatin1Char(' ') + p->contentType);
    QCOMPARE(leaves, QStringList({QStringLiteral("1.1 text/plain"), QStringLiteral("1.2 text/html"),
                                  QStringLiteral("2 application/pdf"), QStringLiteral("3.1 text/plain"),
                                  QStringLiteral("3.2 text/html")}));
    QCOMPARE(m.root.path, QString());
    QCOMPARE(m.root.contentType, QStringLiteral("multipart/mixed"));
    const Mime::Part *forwarded = m.findPart(QStringLiteral("3"));
    QVERIFY(forwarded);
    // The message/rfc822 part holds one entity: the forwarded message, whose multipart body
    // shares the number 3 (RFC 3501 6.4.5), with the forwarded headers.
    QCOMPARE(forwarded->contentType, QStringLiteral("message/rfc822"));
    QVERIFY(forwarded->isEncapsulatedMessage());
    QCOMPARE(forwarded->children.size(), 1);
    const Mime::Part &inner = forwarded->children.first();
    QCOMPARE(inner.path, QStringLiteral("3"));
    QCOMPARE(inner.contentType, QStringLiteral("multipart/alternative"));
    QCOMPARE(inner.inMessage, 1);
    QCOMPARE(inner.headers.at(2).value, QStringLiteral("Forwarded"));
    QCOMPARE(m.findPart(QStringLiteral("3.2"))->inMessage, 1);
    QCOMPARE(m.findPart(QStringLiteral("1.1"))->inMessage, 0);
}

void TestMimeParts::rangesPointAtTheRawBytes()
{
    const QByteArray raw = mimeFixture(QStringLiteral("nested.eml"));
    const Mime::ParsedMessage m = Mime::parse(raw);
    auto bytes = [&](const Mime::ByteRange &r) { return raw.mid(r.begin, r.size()); };
    QVERIFY(bytes(m.root.headerRange).startsWith("Received: from a.example"));
    QVERIFY(bytes(m.root.headerRange).endsWith("boundary=\"outer\"\r\n"));
    QVERIFY(bytes(m.root.bodyRange).startsWith("This is the preamble.\r\n--outer\r\n"));
    QVERIFY(bytes(m.root.bodyRange).endsWith("Epilogue.\r\n"));
    const Mime::Part *plain = m.findPart(QStringLiteral("1.1"));
    QCOMPARE(bytes(plain->headerRange), QByteArray("Content-Type: text/plain; charset=utf-8\r\n"
                                                   "Content-Transfer-Encoding: quoted-printable\r\n"));
    // The line break before a boundary belongs to the boundary (RFC 2046 5.1.1).
    QCOMPARE(bytes(plain->bodyRange), QByteArray("Gr=C3=BC=C3=9Fe, a long line that is wrapped by a soft line break "
                                                 "here=\r\n and goes on."));
    const Mime::Part *alternative = m.findPart(QStringLiteral("1"));
    QVERIFY(bytes(alternative->bodyRange).startsWith("--inner\r\n"));
    QVERIFY(bytes(alternative->bodyRange).endsWith("--inner--\r\n"));
    const Mime::Part *pdf = m.findPart(QStringLiteral("2"));
    QCOMPARE(bytes(pdf->bodyRange), QByteArray("JVBERi0xLjQK"));
    const Mime::Part *forwarded = m.findPart(QStringLiteral("3"));
    QVERIFY(bytes(forwarded->bodyRange).startsWith("From: Inner Sender"));
    QVERIFY(bytes(forwarded->bodyRange).endsWith("--fwd--"));
    QCOMPARE(forwarded->children.first().headerRange.begin, forwarded->bodyRange.begin);
    // Header fields in order, duplicates kept, each with its exact bytes.
    QCOMPARE(m.headers().size(), 10);
    QCOMPARE(m.headers().at(0).name, QByteArray("Received"));
    QCOMPARE(m.headers().at(1).name, QByteArray("Received"));
    for (const Mime::HeaderField &h : m.headers())
        QCOMPARE(bytes(h.range), h.raw);
    QCOMPARE(m.headers().at(5).raw, QByteArray("Subject: =?ISO-8859-1?Q?Gr=FC=DFe?= aus\r\n =?UTF-8?B?S8O2bG4=?=\r\n"));
}

void TestMimeParts::describesEachLeaf_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("charset");
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<QString>("disposition");
    QTest::addColumn<QString>("filename");
    QTest::addColumn<QString>("contentId");
    QTest::addColumn<bool>("attachment");
    QTest::newRow("qp text") << "1.1" << "utf-8" << "quoted-printable" << "" << "" << "" << false;
    QTest::newRow("base64 html") << "1.2" << "utf-8" << "base64" << "" << "" << "" << false;
    QTest::newRow("rfc2231 filename") << "2" << "" << "base64" << "attachment" << QStringLiteral("€ rates.pdf")
                                      << "<rates@example.org>" << true;
    QTest::newRow("forwarded text") << "3.1" << "us-ascii" << "" << "" << "" << "" << false;
}

void TestMimeParts::describesEachLeaf()
{
    QFETCH(QString, path);
    const Mime::ParsedMessage m = Mime::parse(mimeFixture(QStringLiteral("nested.eml")));
    const Mime::Part *p = m.findPart(path);
    QVERIFY(p);
    QTEST(p->charset, "charset");
    QTEST(p->transferEncoding, "encoding");
    QTEST(p->disposition, "disposition");
    QTEST(p->filename, "filename");
    QTEST(p->contentId, "contentId");
    QTEST(p->isAttachment, "attachment");
}

void TestMimeParts::decodesBodies_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("decoded");
    QTest::newRow("quoted-printable soft break")
        << "nested.eml" << "1.1" << QByteArray("Gr\xc3\xbc\xc3\x9f" "e, a long line that is wrapped by a soft line break here and goes on.");
    QTest::newRow("base64") << "nested.eml" << "1.2" << QByteArray("<p>Gr\xc3\xbc\xc3\x9f" "e</p>\n");
    QTest::newRow("base64 attachment") << "nested.eml" << "2" << QByteArray("%PDF-1.4\n");
    QTest::newRow("7bit as is") << "nested.eml" << "3.1" << QByteArray("Inner text.");
    QTest::newRow("uuencode") << "uuencode.eml" << "1" << QByteArray("hello world");
    QTest::newRow("8bit as is") << "charsets.eml" << "1" << QByteArray("\xbe\xb9\xe8");
}

void TestMimeParts::decodesBodies()
{
    QFETCH(QString, fixture);
    QFETCH(QString, path);
    QFETCH(QByteArray, decoded);
    const QByteArray raw = mimeFixture(fixture);
    const Mime::ParsedMessage m = Mime::parse(raw);
    const Mime::Part *p = m.findPart(path);
    QVERIFY(p);
    QCOMPARE(Mime::decodedContent(raw, *p), decoded);
    QCOMPARE(p->decodedSize, decoded.size());
    QCOMPARE(p->decodedSha256, QCryptographicHash::hash(decoded, QCryptographicHash::Sha256).toHex());
}

void TestMimeParts::decodesTextToUnicode_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("text");
    QTest::newRow("utf-8 quoted-printable") << "nested.eml" << "1.1"
                                            << QStringLiteral("Grüße, a long line that is wrapped by a soft line break here and goes on.");
    QTest::newRow("iso-8859-2") << "charsets.eml" << "1" << QStringLiteral("žšč");
    QTest::newRow("shift_jis") << "charsets.eml" << "2" << QStringLiteral("日本語");
    QTest::newRow("raw utf-8") << "utf8-headers.eml" << "1" << QStringLiteral("Grüße!\r\n");
}

void TestMimeParts::decodesTextToUnicode()
{
    QFETCH(QString, fixture);
    QFETCH(QString, path);
    const QByteArray raw = mimeFixture(fixture);
    const Mime::ParsedMessage m = Mime::parse(raw);
    const Mime::Part *p = m.findPart(path);
    QVERIFY(p);
    QTEST(Mime::decodedText(raw, *p), "text");
}

void TestMimeParts::singlePartMessageIsPartOne()
{
    const QByteArray raw = mimeFixture(QStringLiteral("plain-lf.eml"));
    const Mime::ParsedMessage m = Mime::parse(raw);
    QCOMPARE(m.root.path, QStringLiteral("1"));
    QCOMPARE(m.root.contentType, QStringLiteral("text/plain"));
    QCOMPARE(m.leaves().size(), 1);
    QCOMPARE(raw.mid(m.root.bodyRange.begin, m.root.bodyRange.size()), QByteArray("Hello.\n"));
}

void TestMimeParts::multipartWithoutBoundaryIsALeaf()
{
    const QByteArray raw = crlf({"From: a@example.org", "Content-Type: multipart/mixed", "", "no parts here"});
    const Mime::ParsedMessage m = Mime::parse(raw);
    QCOMPARE(m.root.path, QStringLiteral("1"));
    QCOMPARE(m.root.contentType, QStringLiteral("multipart/mixed"));
    QVERIFY(m.root.isLeaf());
    QCOMPARE(Mime::decodedContent(raw, m.root), QByteArray("no parts here\r\n"));
}

void TestMimeParts::missingBlankLineStartsTheBody()
{
    // The common break: the blank line after the header is missing. Most readers start the
    // body at the first line that is no field, so does Mailscope, and it says so.
    const QByteArray raw = crlf({"Subject: s", "Content-Type: multipart/mixed; boundary=b", "--b", "Content-Type: text/plain",
                                 "", "one", "--b", "Content-Type: text/html", "", "<p>two</p>", "--b--"});
    const Mime::ParsedMessage m = Mime::parse(raw);
    QCOMPARE(m.leaves().size(), 2);
    QCOMPARE(m.findPart(QStringLiteral("2"))->contentType, QStringLiteral("text/html"));
    QCOMPARE(m.root.headers.size(), 2);
    bool reported = false;
    for (const Mime::Diagnostic &d : m.diagnostics)
        reported |= d.code == QLatin1String("header-no-separator") && d.offset == raw.indexOf("--b");
    QVERIFY(reported);
}

void TestMimeParts::stopsAtNestingDepth()
{
    Mime::Limits limits;
    limits.maxDepth = 5;
    const Mime::ParsedMessage shallow = Mime::parse(nestedMultiparts(4), {}, limits);
    QVERIFY(!hasDiagnostic(shallow, "limit-depth"));
    QCOMPARE(shallow.leaves().first()->path, QStringLiteral("1.1.1.1"));
    const Mime::ParsedMessage deep = Mime::parse(nestedMultiparts(12), {}, limits);
    QVERIFY(hasDiagnostic(deep, "limit-depth"));
    // Still shown: the deepest level kept is a leaf holding the rest, undecoded.
    QCOMPARE(deep.leaves().size(), 1);
    QCOMPARE(deep.leaves().first()->path.count(QLatin1Char('.')), 4);
    QVERIFY(deep.leaves().first()->contentType.startsWith(QLatin1String("multipart/")));
}

void TestMimeParts::stopsAtPartCount()
{
    const QByteArray raw = manyParts(50);
    Mime::Limits limits;
    limits.maxParts = 20;
    const Mime::ParsedMessage m = Mime::parse(raw, {}, limits);
    QVERIFY(hasDiagnostic(m, "limit-parts"));
    QCOMPARE(m.leaves().size(), 19); // the root counts as one of the 20
    QVERIFY(!hasDiagnostic(Mime::parse(raw), "limit-parts"));
    QCOMPARE(Mime::parse(raw).leaves().size(), 50);
}

void TestMimeParts::stopsAtHeaderSize()
{
    QByteArray raw;
    for (int i = 0; i < 100; ++i)
        raw += "X-Filler-" + QByteArray::number(i) + ": " + QByteArray(100, 'x') + "\r\n";
    raw += "Subject: late\r\n\r\nbody\r\n";
    Mime::Limits limits;
    limits.maxHeaderBytes = 2000;
    const Mime::ParsedMessage m = Mime::parse(raw, {}, limits);
    QVERIFY(hasDiagnostic(m, "limit-header-size"));
    QVERIFY(m.headers().size() < 100);
    QVERIFY(!hasDiagnostic(Mime::parse(raw), "limit-header-size"));
    QCOMPARE(Mime::parse(raw).headers().size(), 101);
}

void TestMimeParts::jsonUsesOracleFieldNames()
{
    const QJsonObject o = Mime::toJson(Mime::parse(mimeFixture(QStringLiteral("nested.eml"))));
    QCOMPARE(o.value(QStringLiteral("top_content_type")).toString(), QStringLiteral("multipart/mixed"));
    QCOMPARE(o.value(QStringLiteral("leaf_count")).toInt(), 5);
    QCOMPARE(o.value(QStringLiteral("structure")).toString(),
             QStringLiteral("multipart/mixed(multipart/alternative(text/plain,text/html),application/pdf,"
                            "message/rfc822[multipart/alternative(text/plain,text/html)])"));
    const QJsonObject pdf = o.value(QStringLiteral("parts")).toArray().at(2).toObject();
    QCOMPARE(pdf.value(QStringLiteral("path")).toString(), QStringLiteral("2"));
    QCOMPARE(pdf.value(QStringLiteral("filename")).toString(), QStringLiteral("€ rates.pdf"));
    QCOMPARE(pdf.value(QStringLiteral("disposition")).toString(), QStringLiteral("attachment"));
    QCOMPARE(pdf.value(QStringLiteral("cte")).toString(), QStringLiteral("base64"));
    QCOMPARE(pdf.value(QStringLiteral("content_id")).toString(), QStringLiteral("<rates@example.org>"));
    QCOMPARE(pdf.value(QStringLiteral("decoded_length")).toInt(), 9);
    QCOMPARE(pdf.value(QStringLiteral("decoded_sha256")).toString(),
             QString::fromLatin1(QCryptographicHash::hash("%PDF-1.4\n", QCryptographicHash::Sha256).toHex()));
    QVERIFY(pdf.value(QStringLiteral("charset")).isNull());
    QCOMPARE(o.value(QStringLiteral("subject")).toString(), QStringLiteral("Grüße aus Köln"));
    const QJsonObject from = o.value(QStringLiteral("from")).toArray().first().toObject();
    QCOMPARE(from.value(QStringLiteral("name")).toString(), QStringLiteral("Jürgen Müller"));
    QCOMPARE(from.value(QStringLiteral("addr")).toString(), QStringLiteral("jm@example.org"));
    QCOMPARE(o.value(QStringLiteral("date_iso")).toString(), QStringLiteral("2026-04-07T10:00:00+02:00"));
    QCOMPARE(o.value(QStringLiteral("message_id")).toString(), QStringLiteral("<nested-1@example.org>"));
    QVERIFY(o.value(QStringLiteral("diagnostics")).isArray());
}

void TestMimeParts::delimiterSearchStaysInItsRange()
{
    //                        0         1          2
    //                        0123456 789012345 678901234
    const QByteArray raw = QByteArrayLiteral("--b\r\nx\r\n--b.in\r\n--b\r\ny--b\r\n--b--\r\n");
    const QList<QByteArray> b{QByteArrayLiteral("b")};
    QCOMPARE(Mime::nextDelimiter(raw, 0, raw.size(), b), 0);
    QCOMPARE(Mime::nextDelimiter(raw, 1, raw.size(), b), 8);
    // A longer boundary of an inner multipart is not this one's delimiter.
    QCOMPARE(Mime::nextDelimiter(raw, 1, raw.size(), b, {QByteArrayLiteral("b.in")}), 16);
    // A match that starts before `to` counts even when it runs past it; one at `to` does not.
    QCOMPARE(Mime::nextDelimiter(raw, 9, 17, b), 16);
    QCOMPARE(Mime::nextDelimiter(raw, 9, 16, b), -1);
    // Not at the start of a line: no delimiter ("y--b").
    QCOMPARE(Mime::nextDelimiter(raw, 17, 27, b), -1);
    QCOMPARE(Mime::nextDelimiter(raw, 17, raw.size(), b), 27);
    QCOMPARE(Mime::nextDelimiter(raw, 40, 50, b), -1);
    QCOMPARE(Mime::nextDelimiter(QByteArray(), 0, 0, b), -1);

    QCOMPARE(Mime::delimiterBefore(raw, "b", raw.size(), 0), 27);
    QCOMPARE(Mime::delimiterBefore(raw, "b", 26, 0), 16);
    QCOMPARE(Mime::delimiterBefore(raw, "b", 15, 0), 8);
    QCOMPARE(Mime::delimiterBefore(raw, "b", 15, 9), -1); // not below the floor
    QCOMPARE(Mime::delimiterBefore(raw, "b", 7, 0), 0);
    QCOMPARE(Mime::delimiterBefore(raw, "b.in", raw.size(), 0), 8);
    QCOMPARE(Mime::delimiterBefore(QByteArray(), "b", 0, 0), -1);
}

// A message of many MiB is parsed where it lies (no copy for GMime) and its parts' ranges
// still point at the exact bytes.
void TestMimeParts::largeAttachmentKeepsExactRanges()
{
    QByteArray line(76, 'A');
    line += "\r\n";
    const QByteArray attachment = line.repeated(128 * 1024); // about 10 MiB of base64 lines
    const QByteArray head = "From: a@example.com\r\nMIME-Version: 1.0\r\n"
                            "Content-Type: multipart/mixed; boundary=\"sep\"\r\n\r\n"
                            "--sep\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
                            "--sep\r\nContent-Type: application/octet-stream\r\n"
                            "Content-Transfer-Encoding: base64\r\n\r\n";
    const QByteArray raw = head + attachment + "--sep--\r\n";
    const Mime::ParsedMessage m = Mime::parse(raw);
    const QList<const Mime::Part *> leaves = m.leaves();
    QCOMPARE(leaves.size(), 2);
    QCOMPARE(raw.mid(leaves[0]->bodyRange.begin, leaves[0]->bodyRange.size()), QByteArray("hello"));
    QCOMPARE(leaves[1]->bodyRange.begin, head.size());
    QCOMPARE(raw.mid(leaves[1]->bodyRange.begin, leaves[1]->bodyRange.size()), attachment.chopped(2));
    QCOMPARE(leaves[1]->decodedSize, qint64(128 * 1024 * 57)); // 57 octets per line of 76
}

QTEST_APPLESS_MAIN(TestMimeParts)
#include "tst_mimeparts.moc"
