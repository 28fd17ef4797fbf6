#include "api/messageparts.h"
#include "api/thumbnail.h"
#include "api/views.h"
#include "mimefixtures.h"

#include <QBuffer>
#include <QColor>
#include <QImage>
#include <QTest>

namespace {

QString listing(const QList<Api::MailpitPart> &parts)
{
    QStringList out;
    for (const Api::MailpitPart &p : parts)
        out.append(p.partId + QLatin1Char(' ') + (p.fileName.isEmpty() ? p.contentId : p.fileName));
    return out.join(QStringLiteral(", "));
}

QByteArray encoded(const QImage &image, const char *format)
{
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, format);
    return out;
}

QImage filled(int w, int h, QColor colour, QImage::Format format = QImage::Format_RGB32)
{
    QImage image(w, h, format);
    image.fill(colour);
    return image;
}

bool near(QColor a, QColor b)
{
    return qAbs(a.red() - b.red()) < 24 && qAbs(a.green() - b.green()) < 24 && qAbs(a.blue() - b.blue()) < 24;
}

bool allWhite(const QImage &image)
{
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (!near(image.pixelColor(x, y), Qt::white))
                return false;
        }
    }
    return true;
}

// A JPEG's pixels; a null image (which fails every size comparison) for anything else.
QImage decodedJpeg(const QByteArray &jpeg)
{
    if (!jpeg.startsWith("\xff\xd8\xff"))
        return {};
    return QImage::fromData(jpeg, "JPEG");
}

} // namespace

class tst_ApiParts final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void numbering_data();
    void numbering();
    void findsDecodedParts();
    void refusesPartIds_data();
    void refusesPartIds();
    void thumbnailCropsLargeImages();
    void thumbnailPadsSmallImages();
    void thumbnailFitsNarrowImages();
    void thumbnailOnWhiteForTransparency();
    void thumbnailBlankForNonImages();
    void thumbnailBlankBeyondPixelLimit();
    void htmlViewLinksInlineParts();
    void htmlViewWithoutHtml();
    void textView();
};

void tst_ApiParts::numbering_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("inlines");
    QTest::addColumn<QString>("attachments");
    QTest::addColumn<QString>("text");

    QTest::newRow("related with attachment") << relatedWithAttachment() << QStringLiteral("1.2 logo.gif")
                                             << QStringLiteral("2 report.pdf") << QStringLiteral("Gr\u00fc\u00dfe");
    QTest::newRow("single-part attachment is part 0")
        << crlf({"Content-Type: application/pdf; name=a.pdf", "Content-Disposition: attachment", "Content-Transfer-Encoding: base64", "",
                 "JVBERi0xLjQK"})
        << QString() << QStringLiteral("0 a.pdf") << QString();
    QTest::newRow("single-part inline image") << crlf({"Content-Type: image/gif", "Content-Disposition: inline; filename=i.gif", "", "GIF89a"})
                                              << QStringLiteral("0 i.gif") << QString() << QString();
    QTest::newRow("text parts of a mixed message joined")
        << crlf({"Content-Type: multipart/mixed; boundary=b", "", "--b", "", "one", "--b", "Content-Type: text/plain", "", "two",
                 "--b", "Content-Type: message/rfc822", "Content-Disposition: attachment; filename=fwd.eml", "",
                 "Subject: inner", "", "inner text", "--b--"})
        << QString() << QStringLiteral("3 fwd.eml") << QStringLiteral("one\n--\ntwo");
    QTest::newRow("nested multipart, other parts, octet-stream listed twice")
        << crlf({"Content-Type: multipart/mixed; boundary=b", "", "--b", "", "body", "--b",
                 "Content-Type: multipart/mixed; boundary=c", "", "--c", "Content-Type: image/png; name=x.png", "", "png",
                 "--c", "Content-Type: application/octet-stream", "Content-Disposition: inline; filename=y.bin", "", "bin",
                 "--c", "Content-Type: image/png", "", "unnamed", "--c", "Content-Type: image/png", "Content-ID: <%3Cid%3E+1>", "", "cid",
                 "--c--", "--b--"})
        << QStringLiteral("2.2 y.bin, 2.1 x.png, 2.4 <id> 1") << QStringLiteral("2.2 y.bin") << QStringLiteral("body");
    QTest::newRow("alternative takes the first text breadth first")
        << crlf({"Content-Type: multipart/alternative; boundary=b", "", "--b", "Content-Type: multipart/related; boundary=c", "",
                 "--c", "Content-Type: text/plain", "", "deep", "--c--", "--b", "Content-Type: text/plain", "", "shallow", "--b--"})
        << QString() << QString() << QStringLiteral("shallow");
}

void tst_ApiParts::numbering()
{
    QFETCH(QByteArray, raw);
    QFETCH(QString, inlines);
    QFETCH(QString, attachments);
    QFETCH(QString, text);
    const Mime::ParsedMessage message = Mime::parse(raw);
    const Api::MailpitParts parts = Api::mailpitParts(raw, message);
    QCOMPARE(listing(parts.listedInline()), inlines);
    QCOMPARE(listing(parts.listedAttachments()), attachments);
    QCOMPARE(parts.text, text);
}

void tst_ApiParts::findsDecodedParts()
{
    const QByteArray raw = relatedWithAttachment();
    const Mime::ParsedMessage message = Mime::parse(raw);

    const std::optional<Api::PartContent> image = Api::findPart(raw, message, QStringLiteral("1.2"));
    QVERIFY(image);
    QCOMPARE(image->data, QByteArray("GIF89a"));
    QCOMPARE(image->contentType, QStringLiteral("image/gif"));
    QCOMPARE(image->fileName, QStringLiteral("logo.gif"));

    const std::optional<Api::PartContent> pdf = Api::findPart(raw, message, QStringLiteral("2"));
    QVERIFY(pdf);
    QCOMPARE(pdf->data, QByteArray("%PDF-1.4\n"));
    QCOMPARE(pdf->contentType, QStringLiteral("application/pdf"));

    // The bodies and the containers are no attachments; nor is what is not there.
    for (const char *id : {"1.1.1", "1.1.2", "1.0", "1", "0", "3", "1.2.1"})
        QVERIFY2(!Api::findPart(raw, message, QString::fromLatin1(id)), id);

    // An unnamed part is not listed but can be fetched, as in Mailpit.
    const QByteArray nested = crlf({"Content-Type: multipart/mixed; boundary=b", "", "--b", "", "body", "--b", "Content-Type: image/png",
                                    "", "unnamed", "--b--"});
    const std::optional<Api::PartContent> unnamed = Api::findPart(nested, Mime::parse(nested), QStringLiteral("2"));
    QVERIFY(unnamed);
    QCOMPARE(unnamed->data, QByteArray("unnamed"));
}

void tst_ApiParts::refusesPartIds_data()
{
    QTest::addColumn<QString>("partId");
    QTest::addColumn<bool>("valid");
    QTest::newRow("0") << QStringLiteral("0") << true;
    QTest::newRow("2") << QStringLiteral("2") << true;
    QTest::newRow("1.2.10") << QStringLiteral("1.2.10") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("letter") << QStringLiteral("a") << false;
    QTest::newRow("parent") << QStringLiteral("../1") << false;
    QTest::newRow("traversal") << QStringLiteral("1/../../etc") << false;
    QTest::newRow("trailing dot") << QStringLiteral("1.") << false;
    QTest::newRow("leading dot") << QStringLiteral(".1") << false;
    QTest::newRow("double dot") << QStringLiteral("1..2") << false;
    QTest::newRow("newline") << QStringLiteral("1\n") << false;
    QTest::newRow("blank") << QStringLiteral("1 ") << false;
    QTest::newRow("negative") << QStringLiteral("-1") << false;
    QTest::newRow("arabic-indic digit") << QStringLiteral("\u0661") << false;
    QTest::newRow("huge") << QStringLiteral("99999999999") << false;
}

void tst_ApiParts::refusesPartIds()
{
    QFETCH(QString, partId);
    QFETCH(bool, valid);
    QCOMPARE(Api::isValidPartId(partId), valid);
    if (!valid) {
        const QByteArray raw = relatedWithAttachment();
        QVERIFY(!Api::findPart(raw, Mime::parse(raw), partId));
    }
}

void tst_ApiParts::thumbnailCropsLargeImages()
{
    // 400×200 (2:1) covers 180×120 at 240×120; a centre crop keeps the middle and drops the
    // red ends.
    QImage source = filled(400, 200, Qt::blue);
    for (int y = 0; y < 200; ++y) {
        for (int x = 0; x < 40; ++x) {
            source.setPixelColor(x, y, Qt::red);
            source.setPixelColor(399 - x, y, Qt::red);
        }
    }
    const QImage thumb = decodedJpeg(Api::thumbnail(encoded(source, "PNG")));
    QCOMPARE(thumb.size(), QSize(180, 120));
    QVERIFY(near(thumb.pixelColor(2, 60), Qt::blue));
    QVERIFY(near(thumb.pixelColor(177, 60), Qt::blue));
    QVERIFY(near(thumb.pixelColor(90, 2), Qt::blue));
}

void tst_ApiParts::thumbnailPadsSmallImages()
{
    const QImage thumb = decodedJpeg(Api::thumbnail(encoded(filled(60, 40, Qt::blue), "PNG")));
    QCOMPARE(thumb.size(), QSize(180, 120));
    QVERIFY(near(thumb.pixelColor(90, 60), Qt::blue));   // not scaled up: 60×40 in the middle
    QVERIFY(near(thumb.pixelColor(62, 60), Qt::blue));
    QVERIFY(near(thumb.pixelColor(55, 60), Qt::white));
    QVERIFY(near(thumb.pixelColor(90, 35), Qt::white));
    QVERIFY(near(thumb.pixelColor(0, 0), Qt::white));
}

void tst_ApiParts::thumbnailFitsNarrowImages()
{
    // 100×600: narrower than the box, so it is scaled down to fit (20×120) and padded.
    const QImage thumb = decodedJpeg(Api::thumbnail(encoded(filled(100, 600, Qt::blue), "PNG")));
    QCOMPARE(thumb.size(), QSize(180, 120));
    QVERIFY(near(thumb.pixelColor(90, 2), Qt::blue));
    QVERIFY(near(thumb.pixelColor(90, 117), Qt::blue));
    QVERIFY(near(thumb.pixelColor(70, 60), Qt::white));
    QVERIFY(near(thumb.pixelColor(110, 60), Qt::white));
}

void tst_ApiParts::thumbnailOnWhiteForTransparency()
{
    const QImage thumb = decodedJpeg(Api::thumbnail(encoded(filled(300, 200, Qt::transparent, QImage::Format_ARGB32), "PNG")));
    QCOMPARE(thumb.size(), QSize(180, 120));
    QVERIFY(allWhite(thumb));
}

void tst_ApiParts::thumbnailBlankForNonImages()
{
    const QByteArray png = encoded(filled(300, 200, Qt::blue), "PNG");
    for (const QByteArray &jpeg : {Api::partThumbnail(png, QStringLiteral("application/octet-stream")),
                                   Api::partThumbnail("not an image", QStringLiteral("image/png")), Api::thumbnail(QByteArray()),
                                   Api::blankThumbnail()}) {
        const QImage thumb = decodedJpeg(jpeg);
        QCOMPARE(thumb.size(), QSize(180, 120));
        QVERIFY(allWhite(thumb));
    }
    QVERIFY(!allWhite(decodedJpeg(Api::partThumbnail(png, QStringLiteral("image/png")))));
}

void tst_ApiParts::thumbnailBlankBeyondPixelLimit()
{
    // Black images that decode cheaply: just under the limit gives black, just over it blank.
    QImage under = filled(5000, 4000, Qt::black, QImage::Format_Grayscale8);
    QImage over = filled(5000, 4001, Qt::black, QImage::Format_Grayscale8);
    QVERIFY(near(decodedJpeg(Api::thumbnail(encoded(under, "PNG"))).pixelColor(90, 60), Qt::black));
    QVERIFY(allWhite(decodedJpeg(Api::thumbnail(encoded(over, "PNG")))));
}

void tst_ApiParts::htmlViewLinksInlineParts()
{
    const QByteArray raw = relatedWithAttachment();
    const Api::Response r = Api::htmlView(QStringLiteral("42"), raw, Mime::parse(raw));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.contentType, QByteArray("text/html; charset=utf-8"));
    QCOMPARE(r.body, QByteArray("<p>Hi <img src=\"/api/v1/message/42/part/1.2\"> <img src='/api/v1/message/42/part/1.2'/> cid:logo@example.org\r\n"
                                "<img src=\"cid:logo@example.orgX\"></p>"));
}

void tst_ApiParts::htmlViewWithoutHtml()
{
    const QByteArray raw = crlf({"Subject: plain", "", "text"});
    const Api::Response r = Api::htmlView(QStringLiteral("1"), raw, Mime::parse(raw));
    QCOMPARE(r.status, 404);
    QCOMPARE(r.body, QByteArray("This message does not contain a HTML part"));
}

void tst_ApiParts::textView()
{
    const QByteArray raw = relatedWithAttachment();
    const Api::Response r = Api::textView(raw, Mime::parse(raw));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.contentType, QByteArray("text/plain; charset=utf-8"));
    QCOMPARE(r.body, QStringLiteral("Gr\u00fc\u00dfe").toUtf8());
}

QTEST_APPLESS_MAIN(tst_ApiParts)
#include "tst_apiparts.moc"
