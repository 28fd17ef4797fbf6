#include "api/messagebuilder.h"
#include "api/messagejson.h"
#include "api/mimewriter.h"
#include "api/sendrequest.h"
#include "mime/parsedmessage.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {

Api::SendRequest parsed(const QByteArray &json)
{
    const auto result = Api::parseSendRequest(json);
    if (const QString *error = std::get_if<QString>(&result))
        qWarning("unexpected error: %s", qPrintable(*error));
    return std::get<Api::SendRequest>(result);
}

const Api::BuildOptions kFixed{QDateTime(QDate(2026, 12, 7), QTime(10, 11, 12), Qt::UTC), "tok3n"};

QByteArray pngBytes()
{
    return QByteArray::fromBase64("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
}

// The request a test suite would send, with every kind of field.
QByteArray fullRequest()
{
    QJsonObject body{
        {QStringLiteral("From"), QJsonObject{{QStringLiteral("Email"), QStringLiteral("john@example.com")}, {QStringLiteral("Name"), QStringLiteral("J\u00f6hn Doe")}}},
        {QStringLiteral("To"), QJsonArray{QJsonObject{{QStringLiteral("Email"), QStringLiteral("jane@example.com")}, {QStringLiteral("Name"), QStringLiteral("Doe, Jane")}}}},
        {QStringLiteral("Cc"), QJsonArray{QJsonObject{{QStringLiteral("Email"), QStringLiteral("manager@example.com")}}}},
        {QStringLiteral("Bcc"), QJsonArray{QStringLiteral("jack@example.com")}},
        {QStringLiteral("ReplyTo"), QJsonArray{QJsonObject{{QStringLiteral("Email"), QStringLiteral("secretary@example.com")}, {QStringLiteral("Name"), QStringLiteral("Secretary")}}}},
        {QStringLiteral("Subject"), QStringLiteral("Mailpit m\u00e9ssage via the HTTP API \u2014 with a subject long enough to need two encoded words")},
        {QStringLiteral("Text"), QString(QStringLiteral("Mailpit is awesome!\nGr\u00fc\u00dfe, ") + QString(100, QLatin1Char('x')))},
        {QStringLiteral("HTML"), QStringLiteral("<div><p>Mailpit is <b>awesome</b>!</p><p><img src=\"cid:mailpit-logo\" /></p></div>")},
        {QStringLiteral("Attachments"),
         QJsonArray{QJsonObject{{QStringLiteral("Content"), QString::fromLatin1(QByteArray(QByteArray("data:image/png;base64,") + pngBytes().toBase64()))},
                                {QStringLiteral("Filename"), QStringLiteral("mailpit.png")},
                                {QStringLiteral("ContentID"), QStringLiteral("mailpit-logo")}},
                    QJsonObject{{QStringLiteral("Content"), QStringLiteral("JVBERi0xLjQK")},
                                {QStringLiteral("Filename"), QStringLiteral("r\u00e9port.pdf")},
                                {QStringLiteral("ContentType"), QStringLiteral("application/pdf")}}}},
        {QStringLiteral("Headers"), QJsonObject{{QStringLiteral("X-IP"), QStringLiteral("1.2.3.4")},
                                                {QStringLiteral("X-Injected"), QStringLiteral("a\r\nBcc: evil@example.com")}}},
        {QStringLiteral("Tags"), QJsonArray{QStringLiteral("Tag 1"), QStringLiteral("Tag 2")}},
    };
    return QJsonDocument(body).toJson();
}

const Mime::Part &child(const Mime::Part &part, int i)
{
    return part.children.at(i);
}

} // namespace

class tst_ApiSend final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsRequest();
    void refuses_data();
    void refuses();
    void buildsTextOnlyMessage();
    void roundTripsThroughParseAndMessageJson();
    void keepsTextWithoutFinalLineBreak();
    void envelope();
};

void tst_ApiSend::readsRequest()
{
    const Api::SendRequest r = parsed(fullRequest());
    QCOMPARE(r.from.email, QStringLiteral("john@example.com"));
    QCOMPARE(r.from.name, QStringLiteral("J\u00f6hn Doe"));
    QCOMPARE(r.to.size(), 1);
    QCOMPARE(r.to.constFirst().name, QStringLiteral("Doe, Jane"));
    QCOMPARE(r.bcc, QStringList{QStringLiteral("jack@example.com")});
    QCOMPARE(r.attachments.size(), 2);
    QCOMPARE(r.attachments.at(0).content, pngBytes());
    QCOMPARE(r.attachments.at(0).contentType, QStringLiteral("image/png")); // found from the content
    QCOMPARE(r.attachments.at(1).content, QByteArray("%PDF-1.4\n"));
    QCOMPARE(r.attachments.at(1).contentType, QStringLiteral("application/pdf"));
    QCOMPARE(r.tags, (QStringList{QStringLiteral("Tag 1"), QStringLiteral("Tag 2")}));

    // Field names without case, as Go's decoder reads them; unknown fields ignored.
    const Api::SendRequest lower = parsed(R"({"from":{"email":"a@example.org"},"to":[{"email":"b@example.org"}],"extra":1})");
    QCOMPARE(lower.from.email, QStringLiteral("a@example.org"));
    QCOMPARE(lower.to.constFirst().email, QStringLiteral("b@example.org"));
}

void tst_ApiSend::refuses_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");

    const QByteArray from = R"("From":{"Email":"a@example.org"})";
    QTest::newRow("empty body") << QByteArray() << QStringLiteral("EOF");
    QTest::newRow("no from") << QByteArray(R"({"To":[{"Email":"b@example.org"}]})") << QStringLiteral("error building message: from not set");
    QTest::newRow("no recipients") << "{" + from + "}" << QStringLiteral("error building message: no recipients (to, cc, bcc) set");
    QTest::newRow("bad to") << "{" + from + R"(,"To":[{"Email":"nobody"}]})" << QStringLiteral("invalid To address: nobody");
    QTest::newRow("bad cc") << "{" + from + R"(,"Cc":[{"Email":"x@"}]})" << QStringLiteral("invalid Cc address: x@");
    QTest::newRow("bad bcc") << "{" + from + R"(,"Bcc":["a b@example.org"]})" << QStringLiteral("invalid Bcc address: a b@example.org");
    QTest::newRow("bad reply-to") << "{" + from + R"(,"To":[{"Email":"b@example.org"}],"ReplyTo":[{"Email":"@x"}]})"
                                  << QStringLiteral("invalid Reply-To address: @x");
    QTest::newRow("bad from") << QByteArray(R"({"From":{"Email":"not an address"},"Bcc":["b@example.org"]})")
                              << QStringLiteral("invalid From address: not an address");
    QTest::newRow("restricted header") << "{" + from + R"(,"To":[{"Email":"b@example.org"}],"Headers":{"subject":"x"}})"
                                       << QStringLiteral("cannot overwrite header: \"subject\"");
    QTest::newRow("x-tags with tags") << "{" + from + R"(,"To":[{"Email":"b@example.org"}],"Tags":["t"],"Headers":{"X-Tags":"x"}})"
                                      << QStringLiteral("cannot overwrite header: \"X-Tags\"");
    QTest::newRow("bad header name") << "{" + from + R"(,"To":[{"Email":"b@example.org"}],"Headers":{"X Bad":"x"}})"
                                     << QStringLiteral("invalid header name: \"X Bad\"");
    QTest::newRow("bad base64") << "{" + from + R"(,"To":[{"Email":"b@example.org"}],"Attachments":[{"Content":"QUJD!!","Filename":"a.bin"}]})"
                                << QStringLiteral("error decoding base64 attachment \"a.bin\": illegal base64 data at input byte 4");
    QTest::newRow("wrong type") << QByteArray(R"({"From":"a@example.org"})")
                                << QStringLiteral("json: cannot unmarshal string into field From of type object");
    QTest::newRow("not an object") << QByteArray("[1]") << QStringLiteral("json: cannot unmarshal array into a send request object");
}

void tst_ApiSend::refuses()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    const auto result = Api::parseSendRequest(json);
    QVERIFY(std::holds_alternative<QString>(result));
    QCOMPARE(std::get<QString>(result), error);
}

void tst_ApiSend::buildsTextOnlyMessage()
{
    const Api::SendRequest r = parsed(R"({"From":{"Email":"a@example.org","Name":"Ann"},"To":[{"Email":"b@example.org"}],)"
                                      R"("Bcc":["c@example.org"],"Subject":"Hello","Text":"Line one\nLine two\n"})");
    QCOMPARE(Api::buildMessage(r, kFixed),
             QByteArray("Date: Mon, 07 Dec 2026 10:11:12 +0000\r\n"
                        "From: Ann <a@example.org>\r\n"
                        "To: b@example.org\r\n"
                        "Subject: Hello\r\n"
                        "Message-ID: <tok3n@mailscope>\r\n"
                        "MIME-Version: 1.0\r\n"
                        "Content-Type: text/plain; charset=utf-8\r\n"
                        "Content-Transfer-Encoding: 7bit\r\n"
                        "\r\n"
                        "Line one\r\nLine two\r\n"));
}

void tst_ApiSend::roundTripsThroughParseAndMessageJson()
{
    const Api::SendRequest r = parsed(fullRequest());
    const QByteArray raw = Api::buildMessage(r, kFixed);
    QVERIFY(!raw.contains("\nBcc:"));
    QVERIFY(raw.contains("\r\nX-Injected: a Bcc: evil@example.com\r\n"));
    QVERIFY(raw.contains("\r\nX-IP: 1.2.3.4\r\n"));
    QVERIFY(raw.contains("\r\nX-Tags: Tag 1, Tag 2\r\n"));
    for (const QByteArray &line : raw.left(raw.indexOf("\r\n\r\n")).split('\n')) // header lines stay short (RFC 5322 2.1.1)
        QVERIFY2(line.size() <= 78, line.constData());

    const Mime::ParsedMessage message = Mime::parse(raw);
    for (const Mime::Diagnostic &d : message.diagnostics)
        QVERIFY2(d.severity != Mime::Severity::Error, qPrintable(d.code + QLatin1String(": ") + d.message));
    const Mime::Part &root = message.root;
    QCOMPARE(root.contentType, QStringLiteral("multipart/mixed"));
    QCOMPARE(root.children.size(), 2);
    QCOMPARE(child(root, 0).contentType, QStringLiteral("multipart/related"));
    QCOMPARE(child(child(root, 0), 0).contentType, QStringLiteral("multipart/alternative"));
    QCOMPARE(child(child(child(root, 0), 0), 0).contentType, QStringLiteral("text/plain"));
    QCOMPARE(child(child(child(root, 0), 0), 1).contentType, QStringLiteral("text/html"));
    QCOMPARE(child(child(root, 0), 1).contentType, QStringLiteral("image/png"));
    QCOMPARE(child(root, 1).contentType, QStringLiteral("application/pdf"));
    QCOMPARE(child(root, 1).filename, QStringLiteral("r\u00e9port.pdf"));

    Records::MessageSummary summary;
    summary.id = 5;
    const Records::Envelope envelope = Api::sendEnvelope(r);
    summary.mailFrom = envelope.mailFrom;
    for (const Records::Recipient &rcpt : envelope.recipients)
        summary.recipients.append(rcpt.address);
    const QJsonObject json = Api::messageJson(raw, message, summary, {});
    QCOMPARE(json.value(QStringLiteral("Subject")).toString(), r.subject);
    QCOMPARE(json.value(QStringLiteral("Text")).toString(), QString(r.text).replace(QLatin1String("\n"), QLatin1String("\r\n")));
    QCOMPARE(json.value(QStringLiteral("HTML")).toString(), r.html);
    QCOMPARE(json.value(QStringLiteral("Date")).toString(), QStringLiteral("2026-12-07T10:11:12.000Z"));
    QCOMPARE(json.value(QStringLiteral("MessageID")).toString(), QStringLiteral("tok3n@mailscope"));
    QCOMPARE(json.value(QStringLiteral("From")).toObject().value(QStringLiteral("Name")).toString(), QStringLiteral("J\u00f6hn Doe"));
    QCOMPARE(json.value(QStringLiteral("To")).toArray().at(0).toObject().value(QStringLiteral("Name")).toString(), QStringLiteral("Doe, Jane"));
    QCOMPARE(json.value(QStringLiteral("Cc")).toArray().at(0).toObject().value(QStringLiteral("Address")).toString(), QStringLiteral("manager@example.com"));
    QCOMPARE(json.value(QStringLiteral("Bcc")).toArray(),
             (QJsonArray{QJsonObject{{QStringLiteral("Name"), QString()}, {QStringLiteral("Address"), QStringLiteral("jack@example.com")}}}));
    QCOMPARE(json.value(QStringLiteral("ReplyTo")).toArray().at(0).toObject().value(QStringLiteral("Name")).toString(), QStringLiteral("Secretary"));
    QCOMPARE(json.value(QStringLiteral("ReturnPath")).toString(), QStringLiteral("john@example.com"));

    const QJsonArray inlines = json.value(QStringLiteral("Inline")).toArray();
    QCOMPARE(inlines.size(), 1);
    const QJsonObject logo = inlines.at(0).toObject();
    QCOMPARE(logo.value(QStringLiteral("PartID")).toString(), QStringLiteral("1.2"));
    QCOMPARE(logo.value(QStringLiteral("ContentID")).toString(), QStringLiteral("mailpit-logo"));
    QCOMPARE(logo.value(QStringLiteral("FileName")).toString(), QStringLiteral("mailpit.png"));
    QCOMPARE(logo.value(QStringLiteral("ContentType")).toString(), QStringLiteral("image/png"));
    QCOMPARE(logo.value(QStringLiteral("Size")).toInt(), pngBytes().size());
    QCOMPARE(logo.value(QStringLiteral("Checksums")).toObject().value(QStringLiteral("SHA256")).toString(),
             QString::fromLatin1(QCryptographicHash::hash(pngBytes(), QCryptographicHash::Sha256).toHex()));
    const QJsonArray files = json.value(QStringLiteral("Attachments")).toArray();
    QCOMPARE(files.size(), 1);
    QCOMPARE(files.at(0).toObject().value(QStringLiteral("PartID")).toString(), QStringLiteral("2"));
    QCOMPARE(files.at(0).toObject().value(QStringLiteral("FileName")).toString(), QStringLiteral("r\u00e9port.pdf"));
    QCOMPARE(files.at(0).toObject().value(QStringLiteral("Checksums")).toObject().value(QStringLiteral("MD5")).toString(),
             QStringLiteral("6446a98080f5e51ab7f0abc0e8eda635"));
}

void tst_ApiSend::keepsTextWithoutFinalLineBreak()
{
    const QStringList texts{QStringLiteral("no final break"), QStringLiteral("trailing blank \nand =_ in it"), QString(),
                            QString(300, QLatin1Char('y')) + QStringLiteral("\r\n\u00e9 \t")};
    for (const QString &text : texts) {
        Api::SendRequest r;
        r.from = {QStringLiteral("a@example.org"), QString()};
        r.bcc = {QStringLiteral("b@example.org")};
        r.text = text;
        const QByteArray raw = Api::buildMessage(r, kFixed);
        QVERIFY(raw.endsWith("\r\n"));
        const QJsonObject json = Api::messageJson(raw, Records::MessageSummary{}, {});
        QCOMPARE(json.value(QStringLiteral("Text")).toString(), QString::fromUtf8(Api::MimeWriter::crlfText(text)));
    }
}

void tst_ApiSend::envelope()
{
    const Records::Envelope e = Api::sendEnvelope(parsed(fullRequest()));
    QCOMPARE(e.mailFrom, QByteArray("john@example.com"));
    QList<QByteArray> recipients;
    for (const Records::Recipient &r : e.recipients)
        recipients.append(r.address);
    QCOMPARE(recipients, (QList<QByteArray>{"jane@example.com", "manager@example.com", "jack@example.com"}));
    QVERIFY(!e.smtpUtf8);
}

QTEST_APPLESS_MAIN(tst_ApiSend)
#include "tst_apisend.moc"
