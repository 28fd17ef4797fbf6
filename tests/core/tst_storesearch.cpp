// Mailpit's search keys answered by the store: each key finds the message it names and not
// the other, by an index (the query plans say so), with Mailpit's offset paging and counts,
// and the writer tasks that act on every match.
#include "recordfixtures.h"
#include "storefixture.h"
#include "store/maintenance.h"
#include "store/reader.h"
#include "store/search.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QTest>

#include <optional>

using namespace Records;
using namespace Store;

namespace {

// 2024-01-31T12:00:00Z and a day before it.
constexpr qint64 kJan31NoonUs = qint64(1706702400) * 1000000;
constexpr qint64 kDayUs = qint64(86400) * 1000000;

} // namespace

class StoreSearchTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup() { m_store.reset(); }
    void keys_data();
    void keys();
    void datesFollowTheZone();
    void plansUseIndexes_data();
    void plansUseIndexes();
    void offsetPagingAndCounts();
    void tasksOnEveryMatch();
    void snippets();
    void htmlPartText_data();
    void htmlPartText();

private:
    qint64 storeAt(const QByteArray &raw, qint64 receivedUs, const QList<QByteArray> &to = {"rcpt@example.org"});
    QList<qint64> ids(const QString &query, const QTimeZone &zone = QTimeZone::utc());
    QString plan(const QString &query);

    std::optional<StoreFixture> m_store;
    qint64 m_a = 0, m_b = 0;
};

void StoreSearchTest::init()
{
    m_store.emplace();
    // a: the day before, with Cc, Reply-To, a Message-ID and tags; b: on the 31st, with Bcc
    // and an HTML body, and an envelope recipient no header names.
    m_a = storeAt("From: Alice <alice@example.com>\r\nTo: bob@example.org\r\nCc: Carol <carol@example.net>\r\n"
                  "Reply-To: replies@example.com\r\nMessage-ID: <a.1@example.com>\r\nX-Tags: urgent, Billing\r\n"
                  "Subject: Quarterly report\r\n\r\nThe numbers are in.\r\n",
                  kJan31NoonUs - kDayUs);
    m_b = storeAt("From: Dave <dave@example.com>\r\nTo: bob@example.org\r\nBcc: eve@example.net\r\n"
                  "Message-ID: <b.2@example.com>\r\nSubject: Lunch\r\nContent-Type: text/html\r\n\r\n"
                  "<html><head><style>p { color: teal }</style></head><body><p>Pizza &amp; salad</p></body></html>\r\n",
                  kJan31NoonUs, {"bob@example.org", "hidden@example.org"});
    m_store->writer().flushIndexed();
}

qint64 StoreSearchTest::storeAt(const QByteArray &raw, qint64 receivedUs, const QList<QByteArray> &to)
{
    MessageRecord m = Test::messageRecord(raw, 0, "sender@example.com", to);
    m.summary.receivedUs = receivedUs;
    m_store->writer().storeMessage(m);
    const CommitBatch batch = m_store->flushBatches();
    return batch.acks.isEmpty() ? 0 : batch.acks.first().messageId;
}

QList<qint64> StoreSearchTest::ids(const QString &query, const QTimeZone &zone)
{
    return Reader(m_store->path()).ids(SearchQuery::parse(query, zone));
}

QString StoreSearchTest::plan(const QString &query)
{
    Reader reader(m_store->path());
    const SearchSql search = SearchQuery::parse(query, QTimeZone::utc()).sql();
    QSqlQuery q(reader.connection());
    // As Reader::messages(query, start, limit) asks it.
    q.prepare(QStringLiteral("EXPLAIN QUERY PLAN SELECT ") + Reader::summaryFields()
              + QStringLiteral(" FROM messages m WHERE m.id IN (") + search.selectIds()
              + QStringLiteral(" LIMIT 50 OFFSET 0) ORDER BY m.id DESC"));
    for (const QVariant &value : search.binds)
        q.addBindValue(value);
    QStringList steps;
    if (q.exec()) {
        while (q.next())
            steps.append(q.value(3).toString());
    }
    return steps.join(QLatin1Char('\n'));
}

void StoreSearchTest::keys_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QList<int>>("expected"); // 0: a, 1: b; newest first

    QTest::newRow("cc") << QStringLiteral("cc:carol") << QList<int>{0};
    QTest::newRow("cc misses To") << QStringLiteral("cc:bob") << QList<int>{};
    QTest::newRow("bcc header") << QStringLiteral("bcc:eve@example.net") << QList<int>{1};
    QTest::newRow("bcc from the envelope") << QStringLiteral("bcc:hidden") << QList<int>{1};
    QTest::newRow("bcc misses cc") << QStringLiteral("bcc:carol") << QList<int>{};
    QTest::newRow("reply-to") << QStringLiteral("reply-to:replies") << QList<int>{0};
    QTest::newRow("addressed") << QStringLiteral("addressed:carol") << QList<int>{0};
    QTest::newRow("message-id") << QStringLiteral("message-id:a.1@example.com") << QList<int>{0};
    QTest::newRow("message-id with brackets") << QStringLiteral("message-id:<b.2@example.com>") << QList<int>{1};
    QTest::newRow("message-id is exact") << QStringLiteral("message-id:a.1") << QList<int>{};
    QTest::newRow("not message-id") << QStringLiteral("-message-id:a.1@example.com") << QList<int>{1};
    QTest::newRow("tag") << QStringLiteral("tag:URGENT") << QList<int>{0};
    QTest::newRow("tag phrase") << QStringLiteral("tag:\"billing\"") << QList<int>{0};
    QTest::newRow("unknown tag") << QStringLiteral("tag:urg") << QList<int>{};
    QTest::newRow("not tag") << QStringLiteral("!tag:urgent") << QList<int>{1};
    QTest::newRow("tagged") << QStringLiteral("is:tagged") << QList<int>{0};
    QTest::newRow("not tagged") << QStringLiteral("-is:tagged") << QList<int>{1};
    QTest::newRow("before") << QStringLiteral("before:2024-01-31") << QList<int>{0};
    QTest::newRow("after") << QStringLiteral("after:2024/01/31") << QList<int>{1};
    QTest::newRow("after a time") << QStringLiteral("after:\"2024-01-31 11:59\"") << QList<int>{1};
    QTest::newRow("before a time") << QStringLiteral("before:2024-01-31T12:00:01Z") << QList<int>{1, 0};
    QTest::newRow("not before") << QStringLiteral("-before:2024-01-31") << QList<int>{1};
    QTest::newRow("html body word") << QStringLiteral("pizza") << QList<int>{1};
    QTest::newRow("html entity decoded") << QStringLiteral("\"pizza & salad\"") << QList<int>{1};
    QTest::newRow("style sheet is not text") << QStringLiteral("teal") << QList<int>{};
    QTest::newRow("text body word") << QStringLiteral("numbers") << QList<int>{0};
    QTest::newRow("plain word finds cc") << QStringLiteral("carol") << QList<int>{0};
    QTest::newRow("combined") << QStringLiteral("from:alice is:tagged before:2024-02-01 -tag:nothing") << QList<int>{0};
    QTest::newRow("unread") << QStringLiteral("is:unread tag:urgent") << QList<int>{0};
}

void StoreSearchTest::keys()
{
    QFETCH(QString, query);
    QFETCH(QList<int>, expected);
    QVERIFY(m_a > 0 && m_b > m_a);
    QList<qint64> want;
    for (const int i : expected)
        want.append(i == 0 ? m_a : m_b);
    QCOMPARE(ids(query), want);
}

void StoreSearchTest::datesFollowTheZone()
{
    // a came at noon UTC on the 30th, b at noon UTC on the 31st: in Auckland (UTC+13 in
    // January) b came on the 1st of February, in New York (UTC-5) both came the day they did
    // in UTC.
    QCOMPARE(ids(QStringLiteral("after:2024-02-01")), QList<qint64>{});
    QCOMPARE(ids(QStringLiteral("after:2024-02-01"), QTimeZone("Pacific/Auckland")), QList<qint64>{m_b});
    QCOMPARE(ids(QStringLiteral("before:2024-02-01"), QTimeZone("Pacific/Auckland")), QList<qint64>{m_a});
    QCOMPARE(ids(QStringLiteral("after:2024-01-31"), QTimeZone("Pacific/Auckland")), (QList<qint64>{m_b, m_a}));
    QCOMPARE(ids(QStringLiteral("before:2024-01-31"), QTimeZone("America/New_York")), QList<qint64>{m_a});
    QCOMPARE(ids(QStringLiteral("after:2024-01-31"), QTimeZone("America/New_York")), QList<qint64>{m_b});
}

void StoreSearchTest::plansUseIndexes_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("index");
    QTest::newRow("tag") << QStringLiteral("tag:urgent") << QStringLiteral("message_tags_by_tag");
    QTest::newRow("tagged") << QStringLiteral("is:tagged") << QStringLiteral("message_tags");
    QTest::newRow("before") << QStringLiteral("before:2024-01-31") << QStringLiteral("messages_by_received");
    QTest::newRow("after") << QStringLiteral("after:2024-01-31") << QStringLiteral("messages_by_received");
    QTest::newRow("between") << QStringLiteral("after:2024-01-01 before:2024-01-31")
                             << QStringLiteral("messages_by_received");
    QTest::newRow("tag and date") << QStringLiteral("tag:urgent before:2024-01-31") << QStringLiteral("message_tags_by_tag");
    QTest::newRow("message-id") << QStringLiteral("message-id:a.1@example.com") << QStringLiteral("messages_by_message_id");
    QTest::newRow("words and tag") << QStringLiteral("report tag:urgent") << QStringLiteral("message_fts");
}

// Where a key narrows the search, SQLite starts from an index, never from a pass over every
// message.
void StoreSearchTest::plansUseIndexes()
{
    QFETCH(QString, query);
    QFETCH(QString, index);
    const QString steps = plan(query);
    QVERIFY2(steps.contains(index), qPrintable(steps));
    static const QRegularExpression scanOfMessages(QStringLiteral("\\bSCAN m\\b"));
    QVERIFY2(!steps.contains(scanOfMessages), qPrintable(steps));
}

void StoreSearchTest::offsetPagingAndCounts()
{
    QList<qint64> stored{m_b, m_a};
    for (int i = 0; i < 5; ++i)
        stored.prepend(storeAt("Subject: page " + QByteArray::number(i) + "\r\n\r\nx\r\n", kJan31NoonUs + (i + 1) * 1000));
    m_store->perform(Maintenance::setSeen(QList<qint64>{stored.at(1), stored.at(2)}, true));
    Reader reader(m_store->path());
    const SearchQuery everything = SearchQuery::parse(QString());
    QList<qint64> page;
    for (const MessageSummary &m : reader.messages(everything, 2, 3))
        page.append(m.id);
    QCOMPARE(page, stored.mid(2, 3));
    QCOMPARE(reader.messages(everything, 6, 3).size(), 1);
    QCOMPARE(reader.count(everything), 7);
    QCOMPARE(reader.unreadCount(everything), 5);
    const SearchQuery pages = SearchQuery::parse(QStringLiteral("subject:page"));
    QCOMPARE(reader.count(pages), 5);
    QCOMPARE(reader.unreadCount(pages), 3);
    QCOMPARE(reader.ids(pages), stored.mid(0, 5));
    QCOMPARE(reader.messages(pages, 4, 10).first().id, stored.at(4));
}

void StoreSearchTest::tasksOnEveryMatch()
{
    const CommitBatch seen = m_store->perform(Maintenance::setSeen(SearchQuery::parse(QStringLiteral("tag:billing")), true));
    Reader reader(m_store->path());
    QCOMPARE(reader.message(m_a)->flags & kFlagSeen, kFlagSeen);
    QCOMPARE(reader.message(m_b)->flags & kFlagSeen, 0);
    const CommitBatch removed = m_store->perform(Maintenance::remove(SearchQuery::parse(QStringLiteral("bcc:eve"))));
    QCOMPARE(removed.removed, QList<qint64>{m_b});
    QCOMPARE(reader.ids(SearchQuery::parse(QString())), QList<qint64>{m_a});
}

void StoreSearchTest::snippets()
{
    Reader reader(m_store->path());
    QCOMPARE(reader.message(m_a)->snippet, QStringLiteral("The numbers are in."));
    QCOMPARE(reader.message(m_b)->snippet, QStringLiteral("Pizza & salad"));
    // Text wins over HTML, whitespace collapses, and a long text is cut at 250 characters.
    QByteArray words;
    for (int i = 0; i < 100; ++i)
        words += "word\r\n  ";
    const qint64 id = storeAt("Subject: long\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n"
                              "--b\r\nContent-Type: text/plain\r\n\r\n" + words + "\r\n"
                              "--b\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n--b--\r\n",
                              kJan31NoonUs);
    QCOMPARE(reader.message(id)->snippet, QString(QStringLiteral("word ").repeated(50) + QStringLiteral("...")));
    // Not yet analysed: no snippet at all.
    QVERIFY(m_store->store({"Subject: fresh\r\n\r\nnew\r\n"}).first().snippet.isNull());
}

void StoreSearchTest::htmlPartText_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("found");

    QTest::newRow("text part word") << QStringLiteral("ordinary") << true;
    QTest::newRow("word only in the html part") << QStringLiteral("zeppelin") << true;
    QTest::newRow("word split by inline markup") << QStringLiteral("exclusive") << true;
    QTest::newRow("latin-1 named entity") << QStringLiteral("caf\u00e9") << true;
    QTest::newRow("latin-1 entity without accent") << QStringLiteral("cafe") << true;
    QTest::newRow("decimal entity") << QStringLiteral("gr\u00fcn") << true;
    QTest::newRow("hex entity") << QStringLiteral("\"na\u00efve plan\"") << true;
    QTest::newRow("typographic entity") << QStringLiteral("\"don\u2019t\"") << true;
    QTest::newRow("entity names are not words") << QStringLiteral("rsquo") << false;
    QTest::newRow("table cells stay apart") << QStringLiteral("rightcell") << true;
    QTest::newRow("cells are not one word") << QStringLiteral("leftcellrightcell") << false;
    QTest::newRow("comment is not text") << QStringLiteral("hiddencomment") << false;
    QTest::newRow("script is not text") << QStringLiteral("trackingcode") << false;
}

// Words of the HTML part are found beside those of the text part, as a reader sees them.
void StoreSearchTest::htmlPartText()
{
    QFETCH(QString, query);
    QFETCH(bool, found);
    const QByteArray html = "<html><body><p>Ex<b>clusive</b> offer at the Caf&eacute; Gr&#252;n: a "
                            "na&#xEF;ve plan, don&rsquo;t miss the zeppelin.</p>"
                            "<table><tr><td>leftcell</td><td>rightcell</td></tr></table>"
                            "<!-- hiddencomment --><script>var trackingcode = 1;</script></body></html>";
    const qint64 id = storeAt("From: news@example.com\r\nSubject: Offer\r\nMIME-Version: 1.0\r\n"
                              "Content-Type: multipart/alternative; boundary=b\r\n\r\n"
                              "--b\r\nContent-Type: text/plain\r\n\r\nAn ordinary text part.\r\n"
                              "--b\r\nContent-Type: text/html\r\n\r\n" + html + "\r\n--b--\r\n",
                              kJan31NoonUs);
    m_store->writer().flushIndexed();
    QCOMPARE(ids(query), found ? QList<qint64>{id} : QList<qint64>{});
}

QTEST_GUILESS_MAIN(StoreSearchTest)
#include "tst_storesearch.moc"
