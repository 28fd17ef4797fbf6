#include "api/storedsummary.h"

#include "storefixture.h"
#include "store/reader.h"

#include <QSqlQuery>
#include <QTest>

using namespace Api;

// Summaries in lists come from the store's columns; they must say what the message says.
class tst_ApiStoredSummary : public QObject
{
    Q_OBJECT

private:
    static void compareFields(const SummaryFields &a, const SummaryFields &b)
    {
        QCOMPARE(a.messageId, b.messageId);
        QCOMPARE(a.from.has_value(), b.from.has_value());
        if (a.from)
            QCOMPARE(*a.from, *b.from);
        QCOMPARE(a.to, b.to);
        QCOMPARE(a.cc, b.cc);
        QCOMPARE(a.bcc, b.bcc);
        QCOMPARE(a.replyTo, b.replyTo);
    }

private Q_SLOTS:
    void columnsSayWhatTheMessageSays_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::newRow("plain") << QByteArray("From: Ann Example <ann@example.org>\r\nTo: bob@example.org\r\n"
                                             "Message-ID: <one@example.org>\r\nSubject: hi\r\n\r\nbody\r\n");
        QTest::newRow("encoded names, groups, copies")
            << QByteArray("From: =?UTF-8?Q?J=C3=B6rg?= <jorg@example.org>\r\n"
                          "To: Team: a@example.org, \"B, Person\" <b@example.org>;\r\n"
                          "Cc: =?ISO-8859-1?Q?Ren=E9?= <rene@example.org>,\r\n c@example.org\r\n"
                          "Bcc: hidden@example.org\r\nReply-To: Replies <reply@example.org>\r\n"
                          "X-Tags: one, Two\r\nSubject: x\r\n\r\nbody\r\n");
        QTest::newRow("from without a mailbox") << QByteArray("From: undisclosed\r\nTo: rcpt@example.org\r\n\r\nbody\r\n");
        QTest::newRow("envelope recipient only") << QByteArray("From: a@example.org\r\nTo: someone@example.net\r\n\r\nx\r\n");
    }

    void columnsSayWhatTheMessageSays()
    {
        QFETCH(QByteArray, raw);
        StoreFixture store;
        const qint64 id = store.storeOne(raw).id; // the fixture's envelope recipient is rcpt@example.org
        Store::Reader reader(store.path());
        const std::optional<Records::MessageSummary> summary = reader.message(id);
        QVERIFY(summary);
        const std::optional<SummaryFields> stored = storedSummaryFields(*summary);
        QVERIFY2(stored, "an analysed row serves the list without its message");
        compareFields(*stored, summaryFields(raw, Mime::parse(raw), *summary));
        QCOMPARE(stored->snippet, summary->snippet);
        QCOMPARE(stored->tags, summary->tags);

        const quint64 before = Store::Reader::queriesOnThisThread();
        const QJsonArray list = summariesJson(reader, {*summary});
        QCOMPARE(Store::Reader::queriesOnThisThread(), before); // no raw message read
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.at(0).toObject(), summaryJson(*summary, *stored));
    }

    void rowsWithoutColumnsAreReadFromTheirMessage()
    {
        StoreFixture store;
        const QByteArray raw("From: Ann <ann@example.org>\r\nTo: bob@example.org\r\nX-Tags: keep\r\n"
                             "Subject: old\r\n\r\nold body\r\n");
        const qint64 id = store.storeOne(raw).id;
        store.perform([id](QSqlDatabase &db, Records::CommitBatch &, QString *) {
            QSqlQuery q(db);
            q.prepare(QStringLiteral("UPDATE messages SET address_headers = NULL, snippet = NULL WHERE id = ?"));
            q.addBindValue(id);
            return q.exec();
        });
        Store::Reader reader(store.path());
        const Records::MessageSummary summary = *reader.message(id);
        QVERIFY(!storedSummaryFields(summary));
        SummaryFields expected = summaryFields(raw, Mime::parse(raw), summary);
        expected.tags = {QStringLiteral("keep")};
        const QJsonObject json = summariesJson(reader, {summary}).at(0).toObject();
        QCOMPARE(json, summaryJson(summary, expected));
        QCOMPARE(json.value(QStringLiteral("Snippet")).toString(), QStringLiteral("old body"));
        QCOMPARE(json.value(QStringLiteral("From")).toObject().value(QStringLiteral("Address")).toString(),
                 QStringLiteral("ann@example.org"));
    }
};

QTEST_GUILESS_MAIN(tst_ApiStoredSummary)
#include "tst_apistoredsummary.moc"
