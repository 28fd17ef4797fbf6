// Content-Transfer-Encoding decoders and what they report about damage.
#include "mime/transferdecoding.h"

#include <QTest>

Q_DECLARE_METATYPE(Mime::TransferEncoding)

class TestMimeTransfer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodes_data();
    void decodes();
    void namesEncodings();
};

void TestMimeTransfer::decodes_data()
{
    using E = Mime::TransferEncoding;
    QTest::addColumn<E>("encoding");
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QByteArray>("decoded");
    QTest::addColumn<bool>("clean");
    QTest::addColumn<qint64>("firstProblem");

    QTest::newRow("base64") << E::Base64 << QByteArray("aGVsbG8g\r\nd29ybGQ=\r\n") << QByteArray("hello world") << true << qint64(-1);
    QTest::newRow("base64 junk skipped") << E::Base64 << QByteArray("aGVs*bG8=") << QByteArray("hello") << false << qint64(4);
    QTest::newRow("base64 missing padding keeps the tail") << E::Base64 << QByteArray("aGk") << QByteArray("hi") << false << qint64(3);
    QTest::newRow("base64 stops at padding") << E::Base64 << QByteArray("aGk=\r\naGk=") << QByteArray("hi") << false << qint64(6);
    QTest::newRow("base64 dangling character") << E::Base64 << QByteArray("aGVsb") << QByteArray("hel") << false << qint64(5);
    QTest::newRow("qp escapes and soft breaks") << E::QuotedPrintable << QByteArray("caf=C3=A9 =\r\nau lait\r\n")
                                                << QByteArray("caf\xc3\xa9 au lait\r\n") << true << qint64(-1);
    QTest::newRow("qp lower-case hex") << E::QuotedPrintable << QByteArray("=c3=a9") << QByteArray("\xc3\xa9") << true << qint64(-1);
    QTest::newRow("qp broken escape kept") << E::QuotedPrintable << QByteArray("a=ZZb=4") << QByteArray("a=ZZb=4") << false
                                           << qint64(1);
    QTest::newRow("qp soft break before blanks") << E::QuotedPrintable << QByteArray("a=  \r\nb") << QByteArray("ab") << true
                                                 << qint64(-1);
    QTest::newRow("qp trailing blanks kept, reported") << E::QuotedPrintable << QByteArray("a  \r\nb") << QByteArray("a  \r\nb")
                                                       << false << qint64(1);
    QTest::newRow("qp bare lf kept") << E::QuotedPrintable << QByteArray("a\nb=\nc") << QByteArray("a\nbc") << true << qint64(-1);
    QTest::newRow("qp unencoded 8-bit") << E::QuotedPrintable << QByteArray("a\xe9") << QByteArray("a\xe9") << false << qint64(1);
    QTest::newRow("uuencode") << E::Uuencode << QByteArray("begin 644 x\r\n+:&5L;&\\@=V]R;&0*\r\n`\r\nend\r\n")
                              << QByteArray("hello world") << true << qint64(-1);
    QTest::newRow("uuencode without begin shown as is") << E::Uuencode << QByteArray("no uu here") << QByteArray("no uu here")
                                                        << false << qint64(0);
    QTest::newRow("identity") << E::Identity << QByteArray("as =3D is") << QByteArray("as =3D is") << true << qint64(-1);
}

void TestMimeTransfer::decodes()
{
    QFETCH(Mime::TransferEncoding, encoding);
    QFETCH(QByteArray, encoded);
    Mime::DecodeReport report;
    QTEST(Mime::decodeTransfer(encoded, encoding, &report), "decoded");
    QTEST(report.isClean(), "clean");
    QTEST(report.firstProblem, "firstProblem");
}

void TestMimeTransfer::namesEncodings()
{
    QCOMPARE(Mime::transferEncodingFromName(QStringLiteral("base64")), Mime::TransferEncoding::Base64);
    QCOMPARE(Mime::transferEncodingFromName(QStringLiteral("quoted-printable")), Mime::TransferEncoding::QuotedPrintable);
    QCOMPARE(Mime::transferEncodingFromName(QStringLiteral("x-uuencode")), Mime::TransferEncoding::Uuencode);
    QCOMPARE(Mime::transferEncodingFromName(QStringLiteral("8bit")), Mime::TransferEncoding::Identity);
    QCOMPARE(Mime::transferEncodingFromName(QStringLiteral("x-unknown")), Mime::TransferEncoding::Identity);
}

QTEST_APPLESS_MAIN(TestMimeTransfer)
#include "tst_mimetransfer.moc"
