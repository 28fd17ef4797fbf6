// Diagnostics: each of Mailscope's checks and a few of GMime's, with code, severity, RFC
// and the offset of the bytes they point at.
#include "mimefixtures.h"

#include "mime/parsedmessage.h"

#include <QTest>

Q_DECLARE_METATYPE(Mime::EnvelopeHints)

namespace {

// A well-formed message; rows break one thing at a time.
QByteArray good(const QByteArray &extraHeader = {}, const QByteArray &body = "Hello.\r\n")
{
    return "From: Ann <ann@example.com>\r\nTo: bob@example.net\r\nSubject: hi\r\n"
           "Date: Tue, 7 Apr 2026 10:00:00 +0000\r\nMessage-ID: <m1@example.com>\r\n"
           + extraHeader + "\r\n" + body;
}

Mime::EnvelopeHints smtp(bool utf8 = false, bool eightBit = false, const QByteArray &from = "ann@example.com",
                         const QList<QByteArray> &rcpts = {"bob@example.net"})
{
    Mime::EnvelopeHints h;
    h.known = true;
    h.smtpUtf8 = utf8;
    h.eightBitMime = eightBit;
    h.mailFrom = from;
    h.recipients = rcpts;
    return h;
}

QByteArray without(QByteArray raw, const QByteArray &fieldLine)
{
    return raw.replace(QByteArray(fieldLine + "\r\n"), QByteArray());
}

} // namespace

class TestMimeLint final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanMessageHasNoFindings();
    void reports_data();
    void reports();
    void envelopeChecksNeedAnEnvelope();
};

void TestMimeLint::cleanMessageHasNoFindings()
{
    const Mime::ParsedMessage m = Mime::parse(good(), smtp());
    QVERIFY2(m.diagnostics.isEmpty(), qPrintable(m.diagnostics.value(0).code));
    QVERIFY(Mime::parse(mimeFixture(QStringLiteral("nested.eml"))).diagnostics.isEmpty());
}

void TestMimeLint::reports_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<Mime::EnvelopeHints>("hints");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("severity");
    QTest::addColumn<QString>("rfc");
    QTest::addColumn<QByteArray>("at"); // the bytes the offset must point at; empty: no offset check

    const Mime::EnvelopeHints file;
    const QByteArray headerEnd = "\r\nHello";
    QTest::newRow("missing date") << without(good(), "Date: Tue, 7 Apr 2026 10:00:00 +0000") << file << "missing-date"
                                  << "error" << "RFC 5322 3.6" << headerEnd;
    QTest::newRow("missing from") << without(good(), "From: Ann <ann@example.com>") << file << "missing-from" << "error"
                                  << "RFC 5322 3.6" << headerEnd;
    QTest::newRow("missing message-id") << without(good(), "Message-ID: <m1@example.com>") << file << "missing-message-id"
                                        << "warning" << "RFC 5322 3.6.4" << headerEnd;
    QTest::newRow("malformed date") << good().replace("Tue, 7 Apr 2026 10:00:00 +0000", "yesterday") << file
                                    << "date-malformed" << "error" << "RFC 5322 3.3" << QByteArray("Date: yesterday");
    QTest::newRow("obsolete date") << good().replace("Tue, 7 Apr 2026 10:00:00 +0000", "Tue, 7 Apr 26 10:00 EST") << file
                                   << "date-nonstandard" << "warning" << "RFC 5322 3.3" << QByteArray("Date: Tue, 7 Apr 26");
    QTest::newRow("header line over 998") << good("X-Long: " + QByteArray(1000, 'x') + "\r\n") << file
                                          << "header-line-too-long" << "error" << "RFC 5322 2.1.1" << QByteArray("X-Long:");
    QTest::newRow("body line over 998") << good({}, QByteArray(1200, 'y') + "\r\n") << file << "line-too-long" << "error"
                                        << "RFC 5322 2.1.1" << QByteArray("yyyy");
    QTest::newRow("bare lf over smtp") << good({}, "one\ntwo\r\n") << smtp() << "bare-lf" << "warning" << "RFC 5321 2.3.8"
                                       << QByteArray("\ntwo");
    QTest::newRow("lf file") << good().replace("\r\n", "\n") << file << "lf-line-endings" << "info" << "RFC 5322 2.3"
                             << QByteArray("\nTo:");
    QTest::newRow("bare cr") << good({}, "one\rtwo\r\n") << file << "bare-cr" << "warning" << "RFC 5322 2.3"
                             << QByteArray("\rtwo");
    QTest::newRow("8bit header without smtputf8") << good("X-Name: Zoë\r\n") << smtp() << "8bit-header-without-smtputf8"
                                                  << "error" << "RFC 6531 3.2" << QByteArray("\xc3\xab");
    QTest::newRow("8bit header not utf-8") << good("X-Name: Zo\xeb\r\n") << smtp(true) << "8bit-header-not-utf8" << "warning"
                                           << "RFC 6532 3.2" << QByteArray("\xeb\r\n");
    QTest::newRow("8bit body without 8bitmime")
        << good("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n", "Grüße\r\n") << smtp()
        << "8bit-body-without-8bitmime" << "error" << "RFC 6152 3" << QByteArray("\xc3\xbc\xc3\x9f");
    QTest::newRow("8bit in 7bit part") << good("Content-Type: text/plain; charset=utf-8\r\n", "Grüße\r\n") << file
                                       << "8bit-in-7bit-part" << "warning" << "RFC 2045 6.2" << QByteArray("\xc3\xbc\xc3\x9f");
    QTest::newRow("charset does not decode")
        << good("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n", "caf\xe9\r\n") << file
        << "charset-mismatch" << "warning" << "RFC 2046 4.1.2" << QByteArray("caf\xe9");
    QTest::newRow("unknown charset")
        << good("Content-Type: text/plain; charset=x-klingon\r\n") << file << "charset-unknown" << "warning"
        << "RFC 2046 4.1.2" << QByteArray("Content-Type: text/plain; charset=x-klingon");
    QTest::newRow("invalid base64") << good("Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n",
                                            "aGVs*bG8=\r\n")
                                    << file << "base64-invalid" << "warning" << "RFC 2045 6.8" << QByteArray("*bG8");
    QTest::newRow("invalid quoted-printable")
        << good("Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n", "a=ZZb\r\n") << file
        << "qp-invalid" << "warning" << "RFC 2045 6.7" << QByteArray("=ZZb");
    QTest::newRow("multipart without closing boundary")
        << good("Content-Type: multipart/mixed; boundary=b\r\n", "--b\r\nContent-Type: text/plain\r\n\r\none\r\n") << file
        << "multipart-unterminated" << "error" << "RFC 2046 5.1.1" << QByteArray();
    QTest::newRow("bcc recipient") << good() << smtp(false, false, "ann@example.com", {"bob@example.net", "eve@example.org"})
                                   << "bcc-recipient" << "info" << "RFC 5321 3.3" << QByteArray();
    QTest::newRow("envelope sender differs") << good() << smtp(false, false, "bounces@example.com") << "envelope-sender-differs"
                                             << "info" << "RFC 5321 4.4" << QByteArray();
    QTest::newRow("no blank line after header") << good().replace("\r\n\r\n", "\r\n") + "" << file << "header-no-separator"
                                                << "error" << "RFC 5322 2.1" << QByteArray("Hello.");
    QTest::newRow("encoded multipart") << good("Content-Type: multipart/mixed; boundary=b\r\nContent-Transfer-Encoding: base64\r\n",
                                               "--b\r\n\r\nx\r\n--b--\r\n")
                                       << file << "encoded-container" << "error" << "RFC 2045 6.4" << QByteArray("From:");
    QTest::newRow("gmime: multipart without boundary") << good("Content-Type: multipart/mixed\r\n") << file
                                                       << "gmime-multipart-without-boundary" << "error" << "RFC 2046 5.1.1"
                                                       << QByteArray();
    QTest::newRow("gmime: conflicting header") << good("Subject: other\r\n") << file << "gmime-conflicting-header" << "error"
                                               << "RFC 2045 3" << QByteArray("Subject: other");
}

void TestMimeLint::reports()
{
    QFETCH(QByteArray, raw);
    QFETCH(Mime::EnvelopeHints, hints);
    QFETCH(QString, code);
    QFETCH(QByteArray, at);
    const Mime::ParsedMessage m = Mime::parse(raw, hints);
    const Mime::Diagnostic *found = nullptr;
    QStringList codes;
    for (const Mime::Diagnostic &d : m.diagnostics) {
        codes.append(d.code);
        if (d.code == code)
            found = &d;
    }
    QVERIFY2(found, qPrintable(QStringLiteral("got: ") + codes.join(QLatin1Char(' '))));
    QTEST(Mime::severityName(found->severity), "severity");
    QTEST(found->rfc, "rfc");
    QVERIFY(!found->message.isEmpty());
    if (!at.isEmpty()) {
        QVERIFY(found->offset >= 0);
        QCOMPARE(raw.mid(found->offset, at.size()), at);
    }
}

void TestMimeLint::envelopeChecksNeedAnEnvelope()
{
    // The same bytes from a file: nothing to compare with, so no envelope findings.
    const QByteArray raw = good("X-Name: Zoë\r\n");
    for (const Mime::Diagnostic &d : Mime::parse(raw).diagnostics) {
        QVERIFY2(d.code != QLatin1String("8bit-header-without-smtputf8") && d.code != QLatin1String("bcc-recipient"),
                 qPrintable(d.code));
    }
    bool smtpFinding = false;
    for (const Mime::Diagnostic &d : Mime::parse(raw, smtp(true)).diagnostics)
        smtpFinding |= d.code == QLatin1String("8bit-header-without-smtputf8");
    QVERIFY(!smtpFinding); // SMTPUTF8 was given
}

QTEST_APPLESS_MAIN(TestMimeLint)
#include "tst_mimelint.moc"
