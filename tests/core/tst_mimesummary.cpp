// The list columns computed at ingest (Mime::summarize): decoded, with attachments and HTML.
#include "corpus.h"
#include "mimefixtures.h"

#include "mime/listsummary.h"
#include "mime/parsedmessage.h"

#include <QDirIterator>
#include <QTest>

class TestMimeSummary final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void summarizes_data();
    void summarizes();
    void agreesWithTheFullParseOnTheCorpus();
    void keepsWhatTheApiNeeds_data();
    void keepsWhatTheApiNeeds();
};

void TestMimeSummary::summarizes_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("subject");
    QTest::addColumn<QString>("date");
    QTest::addColumn<int>("attachments");
    QTest::addColumn<bool>("hasHtml");
    QTest::newRow("plain text") << mimeFixture(QStringLiteral("plain-lf.eml")) << "a@example.org" << "b@example.org" << "plain"
                                << "Tue, 7 Apr 2026 10:00:00 +0000" << 0 << false;
    QTest::newRow("nested with attachment and html")
        << mimeFixture(QStringLiteral("nested.eml")) << QStringLiteral("Jürgen Müller <jm@example.org>")
        << "Ann <ann@example.com>, bob@example.net" << QStringLiteral("Grüße aus Köln") << "Tue, 7 Apr 2026 10:00:00 +0200" << 1
        << true;
    QTest::newRow("named part without disposition") << mimeFixture(QStringLiteral("uuencode.eml")) << "a@example.org"
                                                    << "b@example.org" << "uu" << "Tue, 7 Apr 2026 10:00:00 +0000" << 1 << false;
    QTest::newRow("html only") << crlf({"From: a@example.org", "Subject: =?UTF-8?B?w6k=?=", "Content-Type: text/html", "",
                                        "<p>x</p>"})
                               << "a@example.org" << "" << QStringLiteral("é") << "" << 0 << true;
    QTest::newRow("html attachment is an attachment, not the body")
        << crlf({"From: a@example.org", "Content-Type: multipart/mixed; boundary=b", "", "--b", "Content-Type: text/plain", "",
                 "x", "--b", "Content-Type: text/html", "Content-Disposition: attachment; filename=page.html", "", "<p>x</p>",
                 "--b--"})
        << "a@example.org" << "" << "" << "" << 1 << false;
    QTest::newRow("inline image is not counted")
        << crlf({"From: a@example.org", "Content-Type: multipart/related; boundary=b", "", "--b", "Content-Type: text/html", "",
                 "<img src=cid:i>", "--b", "Content-Type: image/png; name=i.png", "Content-Disposition: inline; filename=i.png",
                 "Content-ID: <i>", "", "iVBO", "--b--"})
        << "a@example.org" << "" << "" << "" << 0 << true;
    QTest::newRow("no header at all") << QByteArray("just text\r\n") << "" << "" << "" << "" << 0 << false;
}

void TestMimeSummary::summarizes()
{
    QFETCH(QByteArray, raw);
    const Records::MessageSummary s = Mime::summarize(raw);
    QTEST(s.headerFrom, "from");
    QTEST(s.headerTo, "to");
    QTEST(s.subject, "subject");
    QTEST(s.date, "date");
    QTEST(s.attachments, "attachments");
    QTEST(s.hasHtml, "hasHtml");
}

// Single-part messages take a short path at ingest; it must give what the full tree gives.
void TestMimeSummary::agreesWithTheFullParseOnTheCorpus()
{
    const QString dir = corpusDir();
    if (dir.isEmpty())
        QSKIP("No mail corpus: set MAILSCOPE_CORPUS_DIR to the folder holding oracle.jsonl");
    int checked = 0;
    for (const QString &sub : {QStringLiteral("messages"), QStringLiteral("mbox-split")}) {
        QDirIterator it(dir + QLatin1Char('/') + sub, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray raw = file.readAll();
            const Records::MessageSummary s = Mime::summarize(raw);
            const Mime::ParsedMessage m = Mime::parse(raw);
            int attachments = 0;
            bool html = false;
            for (const Mime::Part *leaf : m.leaves()) {
                attachments += leaf->isAttachment ? 1 : 0;
                html |= !leaf->isAttachment && leaf->contentType == QLatin1String("text/html");
            }
            const QString where = file.fileName();
            QVERIFY2(s.attachments == attachments, qPrintable(where));
            QVERIFY2(s.hasHtml == html, qPrintable(where));
            QVERIFY2(s.subject == m.subject.trimmed(), qPrintable(where));
            ++checked;
        }
    }
    QVERIFY(checked > 0);
}

// The Message-ID without brackets, the address fields exactly as written (unfolded, encoded
// words left alone) and the X-Tags, cleaned, on both the single-part and the multipart path.
void TestMimeSummary::keepsWhatTheApiNeeds_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("messageId");
    QTest::addColumn<QByteArray>("addressHeaders");
    QTest::addColumn<QStringList>("tags");
    const QByteArray fields = "From: =?UTF-8?Q?J=C3=BCrgen?= <j@example.org>\r\n"
                              "To: a@example.org,\r\n b@example.org\r\n"
                              "Cc: \"C, Carol\" <c@example.org>\r\n"
                              "Reply-To: r@example.org\r\n"
                              "Message-ID:  <abc.123@example.org>\r\n"
                              "X-Tags: Tag 1, urgent!, tag 1,,  My   tag \r\n";
    const QByteArray json = "{\"Cc\":\"\\\"C, Carol\\\" <c@example.org>\",\"From\":\"=?UTF-8?Q?J=C3=BCrgen?= <j@example.org>\","
                            "\"Reply-To\":\"r@example.org\",\"To\":\"a@example.org, b@example.org\"}";
    const QStringList tags{QStringLiteral("My tag"), QStringLiteral("Tag 1"), QStringLiteral("urgent")};
    QTest::newRow("single part") << fields + "Subject: s\r\n\r\nbody\r\n" << QStringLiteral("abc.123@example.org") << json
                                 << tags;
    QTest::newRow("multipart") << fields + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n"
                               << QStringLiteral("abc.123@example.org") << json << tags;
    QTest::newRow("none of them") << QByteArray("Subject: s\r\n\r\nbody\r\n") << QString() << QByteArray()
                                  << QStringList();
    QTest::newRow("8-bit address, not UTF-8") << QByteArray("Bcc: J\xfcrgen <j@example.org>\r\nReturn-Path: <>\r\n\r\n")
                                              << QString() << QByteArray("{\"Bcc\":\"J\xc3\xbcrgen <j@example.org>\","
                                                                         "\"Return-Path\":\"<>\"}")
                                              << QStringList();
}

void TestMimeSummary::keepsWhatTheApiNeeds()
{
    QFETCH(QByteArray, raw);
    const Records::MessageSummary s = Mime::summarize(raw);
    QTEST(s.messageId, "messageId");
    QTEST(s.addressHeaders, "addressHeaders");
    QTEST(s.tags, "tags");
}

QTEST_APPLESS_MAIN(TestMimeSummary)
#include "tst_mimesummary.moc"
