#include "api/htmltext.h"
#include "api/listunsubscribe.h"
#include "api/messagejson.h"
#include "mimefixtures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {

const char kPdfMd5[] = "6446a98080f5e51ab7f0abc0e8eda635";
const char kPdfSha1[] = "95607b02d48a786cb786897d727114fc79814b1e";
const char kPdfSha256[] = "e5c62df5dab5c87b6a015ef3d43597074d1eec433b15f51aec63b8582d0e4ab4";
const char kGifMd5[] = "1ac2109d47dbc72551f71df89d01ed18";
const char kGifSha1[] = "25c9b37ae36a0a08318d4dca7ca57ea98d776821";
const char kGifSha256[] = "610f5ae4d76e332636a17bd357fd6ce99029316a99d320280d4d77a746bf29e8";

Records::MessageSummary summaryFor(const QByteArray &raw)
{
    Records::MessageSummary s;
    s.id = 42;
    s.receivedUs = 1796641872345678; // 2026-12-07T11:11:12.345678Z
    s.mailFrom = "bounce@example.org";
    s.recipients = {"ann@example.org", "BOB@example.org", "dave@example.org"};
    s.size = raw.size();
    s.flags = Records::kFlagSeen;
    s.authUser = "user1";
    s.subject = QStringLiteral("Gr\u00fc\u00dfe from the test");
    s.attachments = 1;
    return s;
}

QJsonObject address(const char *name, const char *addr)
{
    return {{QStringLiteral("Name"), QString::fromUtf8(name)}, {QStringLiteral("Address"), QString::fromUtf8(addr)}};
}

QJsonObject attachment(const char *partId, const char *fileName, const char *type, const char *cid, int size,
                       const char *md5, const char *sha1, const char *sha256)
{
    return {
        {QStringLiteral("PartID"), QString::fromLatin1(partId)},
        {QStringLiteral("FileName"), QString::fromLatin1(fileName)},
        {QStringLiteral("ContentType"), QString::fromLatin1(type)},
        {QStringLiteral("ContentID"), QString::fromLatin1(cid)},
        {QStringLiteral("Size"), size},
        {QStringLiteral("Checksums"),
         QJsonObject{{QStringLiteral("MD5"), QString::fromLatin1(md5)},
                     {QStringLiteral("SHA1"), QString::fromLatin1(sha1)},
                     {QStringLiteral("SHA256"), QString::fromLatin1(sha256)}}},
    };
}

QString jsonText(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
}

} // namespace

class tst_ApiMessageJson final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void messageObject();
    void messageWithoutHeaders();
    void htmlOnlyMessageHasTextFromHtml();
    void returnPathFallsBack();
    void blindRecipients();
    void headersObject();
    void summaryObject();
    void listUnsubscribe_data();
    void listUnsubscribe();
    void snippet();
};

void tst_ApiMessageJson::messageObject()
{
    const QByteArray raw = relatedWithAttachment();
    const QJsonObject got = Api::messageJson(raw, summaryFor(raw), {QStringLiteral("a"), QStringLiteral("b")});
    const QJsonObject expected{
        {QStringLiteral("ID"), QStringLiteral("42")},
        {QStringLiteral("MessageID"), QStringLiteral("abc@example.org")},
        {QStringLiteral("From"), address("J\xc3\xbcrgen", "j@example.org")},
        {QStringLiteral("To"), QJsonArray{address("Ann", "ann@example.org"), address("", "bob@example.org")}},
        {QStringLiteral("Cc"), QJsonArray{address("", "carol@example.org")}},
        {QStringLiteral("Bcc"), QJsonArray{address("", "dave@example.org")}},
        {QStringLiteral("ReplyTo"), QJsonArray{address("", "replies@example.org")}},
        {QStringLiteral("ReturnPath"), QStringLiteral("bounce@example.org")},
        {QStringLiteral("Subject"), QStringLiteral("Gr\u00fc\u00dfe from the test")},
        {QStringLiteral("ListUnsubscribe"),
         QJsonObject{{QStringLiteral("Header"), QStringLiteral("<mailto:unsub@example.org>, <https://example.org/unsub>")},
                     {QStringLiteral("Links"), QJsonArray{QStringLiteral("mailto:unsub@example.org"), QStringLiteral("https://example.org/unsub")}},
                     {QStringLiteral("Errors"), QStringLiteral("")},
                     {QStringLiteral("HeaderPost"), QStringLiteral("List-Unsubscribe=One-Click")}}},
        {QStringLiteral("Date"), QStringLiteral("2026-12-07T10:11:12.000Z")},
        {QStringLiteral("Tags"), QJsonArray{QStringLiteral("a"), QStringLiteral("b")}},
        {QStringLiteral("Username"), QStringLiteral("user1")},
        {QStringLiteral("Text"), QStringLiteral("Gr\u00fc\u00dfe")},
        {QStringLiteral("HTML"), QStringLiteral("<p>Hi <img src=\"cid:logo@example.org\"> <img src='CID:logo@example.org'/> cid:logo@example.org\r\n"
                                                "<img src=\"cid:logo@example.orgX\"></p>")},
        {QStringLiteral("Size"), raw.size()},
        {QStringLiteral("Inline"), QJsonArray{attachment("1.2", "logo.gif", "image/gif", "logo@example.org", 6, kGifMd5, kGifSha1, kGifSha256)}},
        {QStringLiteral("Attachments"), QJsonArray{attachment("2", "report.pdf", "application/pdf", "", 9, kPdfMd5, kPdfSha1, kPdfSha256)}},
    };
    QCOMPARE(jsonText(got), jsonText(expected));
}

void tst_ApiMessageJson::messageWithoutHeaders()
{
    // No From, Date, Subject or Message-ID: empty strings and arrays, never null; the Date is
    // the received time.
    const QByteArray raw = crlf({"X-Nothing: here", "", "body"});
    Records::MessageSummary s;
    s.id = 7;
    s.receivedUs = 1796641872345678;
    const QJsonObject got = Api::messageJson(raw, s, {});
    QCOMPARE(got.value(QStringLiteral("From")).toObject(), address("", ""));
    QCOMPARE(got.value(QStringLiteral("To")).toArray(), QJsonArray());
    QCOMPARE(got.value(QStringLiteral("Bcc")).toArray(), QJsonArray());
    QCOMPARE(got.value(QStringLiteral("Subject")).toString(QStringLiteral("null")), QString());
    QVERIFY(got.value(QStringLiteral("Subject")).isString());
    QCOMPARE(got.value(QStringLiteral("MessageID")).toString(), QString());
    QCOMPARE(got.value(QStringLiteral("ReturnPath")).toString(), QString());
    QCOMPARE(got.value(QStringLiteral("Date")).toString(), QStringLiteral("2026-12-07T11:11:12.345Z"));
    QCOMPARE(got.value(QStringLiteral("Text")).toString(), QStringLiteral("body\r\n"));
    QCOMPARE(got.value(QStringLiteral("HTML")).toString(), QString());
    QCOMPARE(got.value(QStringLiteral("Tags")).toArray(), QJsonArray());
    QCOMPARE(got.value(QStringLiteral("Inline")).toArray(), QJsonArray());
    QCOMPARE(got.value(QStringLiteral("Attachments")).toArray(), QJsonArray());
    QCOMPARE(got.value(QStringLiteral("ListUnsubscribe")).toObject().value(QStringLiteral("Links")).toArray(), QJsonArray());
    QCOMPARE(got.value(QStringLiteral("Username")).toString(QStringLiteral("null")), QString());
}

void tst_ApiMessageJson::htmlOnlyMessageHasTextFromHtml()
{
    const QByteArray raw = crlf({"From: a@example.org", "Content-Type: text/html; charset=utf-8", "",
                                 "<html><head><title>T</title><style>p{}</style></head><body><p>Hello&nbsp;<b>world</b> &amp; co</p>",
                                 "<p><a href=\"https://example.org/x\">link</a><br>next</p></body></html>"});
    const QJsonObject got = Api::messageJson(raw, Records::MessageSummary{}, {});
    QCOMPARE(got.value(QStringLiteral("Text")).toString(),
             QStringLiteral("Hello\u00a0world & co\n\nlink ( https://example.org/x )\nnext"));
    QVERIFY(got.value(QStringLiteral("HTML")).toString().startsWith(QLatin1String("<html>")));
}

void tst_ApiMessageJson::returnPathFallsBack()
{
    Records::MessageSummary s; // no envelope: an imported file
    QCOMPARE(Api::messageJson(crlf({"Return-Path: <rp@example.org>", "From: f@example.org", "", "x"}), s, {})
                 .value(QStringLiteral("ReturnPath")).toString(),
             QStringLiteral("rp@example.org"));
    QCOMPARE(Api::messageJson(crlf({"From: F <f@example.org>", "", "x"}), s, {}).value(QStringLiteral("ReturnPath")).toString(),
             QStringLiteral("f@example.org"));
    s.mailFrom = "env@example.org"; // what Mailpit's SMTP server writes into Return-Path
    QCOMPARE(Api::messageJson(crlf({"Return-Path: <rp@example.org>", "From: f@example.org", "", "x"}), s, {})
                 .value(QStringLiteral("ReturnPath")).toString(),
             QStringLiteral("env@example.org"));
}

void tst_ApiMessageJson::blindRecipients()
{
    using A = Records::Address;
    const QList<A> to{{QStringLiteral("Ann"), QStringLiteral("ann@example.org")}};
    const QList<A> cc{{QString(), QStringLiteral("cc@example.org")}};
    const QList<A> bcc{{QStringLiteral("Hidden"), QStringLiteral("h@example.org")}};
    const QList<A> got = Api::blindRecipients(to, cc, bcc,
                                              {"ANN@example.org", "x@example.org", "cc@example.org", "h@example.org", "X@example.org", ""});
    QCOMPARE(got, (QList<A>{{QStringLiteral("Hidden"), QStringLiteral("h@example.org")}, {QString(), QStringLiteral("x@example.org")}}));
}

void tst_ApiMessageJson::headersObject()
{
    const QByteArray raw = crlf({"Received: from a by b;", "\tMon, 7 Dec 2026 10:00:00 +0000", "Received: from c by d",
                                 "message-id: <m@example.org>", "Subject: =?UTF-8?B?R3LDvMOfZQ==?=",
                                 "X-Weird_Name: v", "MIME-Version: 1.0", "", "body"});
    const QJsonObject expected{
        {QStringLiteral("Received"), QJsonArray{QStringLiteral("from a by b; Mon, 7 Dec 2026 10:00:00 +0000"), QStringLiteral("from c by d")}},
        {QStringLiteral("Message-Id"), QJsonArray{QStringLiteral("<m@example.org>")}},
        {QStringLiteral("Subject"), QJsonArray{QStringLiteral("=?UTF-8?B?R3LDvMOfZQ==?=")}},
        {QStringLiteral("X-Weird_name"), QJsonArray{QStringLiteral("v")}},
        {QStringLiteral("Mime-Version"), QJsonArray{QStringLiteral("1.0")}},
    };
    QCOMPARE(jsonText(Api::headersJson(raw)), jsonText(expected));
    // Keys come out sorted, as Mailpit's map encoding writes them.
    QCOMPARE(Api::headersJson(raw).keys().constFirst(), QStringLiteral("Message-Id"));
}

void tst_ApiMessageJson::summaryObject()
{
    const QByteArray raw = relatedWithAttachment();
    const Records::MessageSummary summary = summaryFor(raw);
    Api::SummaryFields fields = Api::summaryFields(raw, Mime::parse(raw), summary);
    fields.tags = {QStringLiteral("t")};
    const QJsonObject expected{
        {QStringLiteral("ID"), QStringLiteral("42")},
        {QStringLiteral("MessageID"), QStringLiteral("abc@example.org")},
        {QStringLiteral("Read"), true},
        {QStringLiteral("From"), address("J\xc3\xbcrgen", "j@example.org")},
        {QStringLiteral("To"), QJsonArray{address("Ann", "ann@example.org"), address("", "bob@example.org")}},
        {QStringLiteral("Cc"), QJsonArray{address("", "carol@example.org")}},
        {QStringLiteral("Bcc"), QJsonArray{address("", "dave@example.org")}},
        {QStringLiteral("ReplyTo"), QJsonArray{address("", "replies@example.org")}},
        {QStringLiteral("Subject"), QStringLiteral("Gr\u00fc\u00dfe from the test")},
        {QStringLiteral("Created"), QStringLiteral("2026-12-07T11:11:12.345Z")},
        {QStringLiteral("Username"), QStringLiteral("user1")},
        {QStringLiteral("Tags"), QJsonArray{QStringLiteral("t")}},
        {QStringLiteral("Size"), raw.size()},
        {QStringLiteral("Attachments"), 1},
        {QStringLiteral("Snippet"), QStringLiteral("Hi cid:logo@example.org")},
    };
    QCOMPARE(jsonText(Api::summaryJson(summary, fields)), jsonText(expected));

    // An unread message without a From: Read false, From with empty strings.
    Records::MessageSummary unread;
    QCOMPARE(Api::summaryJson(unread, {}).value(QStringLiteral("Read")).toBool(true), false);
    QCOMPARE(Api::summaryJson(unread, {}).value(QStringLiteral("From")).toObject(), address("", ""));
}

void tst_ApiMessageJson::listUnsubscribe_data()
{
    QTest::addColumn<QString>("header");
    QTest::addColumn<QStringList>("links");
    QTest::addColumn<QString>("errors");

    QTest::newRow("mail and web") << QStringLiteral("<mailto:u@example.org?subject=x>,<https://example.org/u>")
                                  << QStringList{QStringLiteral("mailto:u@example.org?subject=x"), QStringLiteral("https://example.org/u")}
                                  << QString();
    QTest::newRow("comment dropped") << QStringLiteral("(click) <https://example.org/u>")
                                     << QStringList{QStringLiteral("https://example.org/u")} << QString();
    QTest::newRow("not enclosed") << QStringLiteral("https://example.org/u") << QStringList()
                                  << QStringLiteral("\"https://example.org/u\" no valid unsubscribe links found");
    QTest::newRow("text around") << QStringLiteral("see <https://example.org/u>") << QStringList()
                                 << QStringLiteral("\"see <https://example.org/u>\" should be enclosed in <>");
    QTest::newRow("bad separator") << QStringLiteral("<https://example.org/u> and <mailto:u@example.org>") << QStringList()
                                   << QStringLiteral("\"<https://example.org/u> and <mailto:u@example.org>\" <> should be split with a comma and optional spaces");
    QTest::newRow("two web links") << QStringLiteral("<https://a.example/u>, <http://b.example/u>")
                                   << QStringList{QStringLiteral("https://a.example/u")}
                                   << QStringLiteral("\"http://b.example/u\" should only contain one HTTP link");
    QTest::newRow("other scheme and spaces") << QStringLiteral("<ftp://a.example/u>, <https://a.example/ u>") << QStringList()
                                             << QStringLiteral("\"ftp://a.example/u\" should start with either http(s):// or mailto:, "
                                                               "\"https://a.example/ u\" should not contain spaces");
    QTest::newRow("three") << QStringLiteral("<mailto:a@example.org>, <https://a.example>, <https://b.example>") << QStringList()
                           << QStringLiteral("\"<mailto:a@example.org>, <https://a.example>, <https://b.example>\" should include a maximum of one email and one HTTP link");
}

void tst_ApiMessageJson::listUnsubscribe()
{
    QFETCH(QString, header);
    QFETCH(QStringList, links);
    QFETCH(QString, errors);
    const Api::ListUnsubscribe got = Api::parseListUnsubscribe(header, QString());
    QCOMPARE(got.header, header);
    QCOMPARE(got.links, links);
    QCOMPARE(got.errors, errors);
}

void tst_ApiMessageJson::snippet()
{
    QCOMPARE(Api::snippetOf(QStringLiteral("  a\r\n\tb  "), QString()), QStringLiteral("a b"));
    QCOMPARE(Api::snippetOf(QStringLiteral("ignored"), QStringLiteral("<p>x</p><p>y</p>")), QStringLiteral("x y"));
    const QString longText = QString(199, QLatin1Char('a')) + QStringLiteral("\u00e9\u00e9");
    QCOMPARE(Api::snippetOf(longText, QString()), QString(199, QLatin1Char('a')) + QStringLiteral("..."));
}

QTEST_APPLESS_MAIN(tst_ApiMessageJson)
#include "tst_apimessagejson.moc"
