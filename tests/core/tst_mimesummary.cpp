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

QTEST_APPLESS_MAIN(TestMimeSummary)
#include "tst_mimesummary.moc"
