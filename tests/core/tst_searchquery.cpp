#include "store/search.h"

#include <QTest>

// The search box's language compiled to FTS5 and list conditions.
class SearchQueryTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void terms_data();
    void terms();
    void filters_data();
    void filters();
    void excludedWithoutTermsIsACondition();
    void boundFilters_data();
    void boundFilters();
    void dates_data();
    void dates();
};

void SearchQueryTest::terms_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("match");

    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("word is a prefix") << QStringLiteral("invo") << QStringLiteral("\"invo\"*");
    QTest::newRow("two words") << QStringLiteral("big  invoice")
                               << QStringLiteral("\"big\"* AND \"invoice\"*");
    QTest::newRow("phrase") << QStringLiteral("\"order shipped\"") << QStringLiteral("\"order shipped\"");
    QTest::newRow("unclosed phrase") << QStringLiteral("\"order shi") << QStringLiteral("\"order shi\"");
    QTest::newRow("from") << QStringLiteral("from:alice@example.com")
                          << QStringLiteral("sender : \"alice@example.com\"*");
    QTest::newRow("to phrase") << QStringLiteral("to:\"Bob Smith\"") << QStringLiteral("recipients : \"Bob Smith\"");
    QTest::newRow("subject upper-case key") << QStringLiteral("Subject:Welcome")
                                            << QStringLiteral("subject : \"Welcome\"*");
    QTest::newRow("quote inside is doubled") << QStringLiteral("a\"b") << QStringLiteral("\"a\"\"b\"*");
    QTest::newRow("unknown key is text") << QStringLiteral("https://example.com")
                                         << QStringLiteral("\"https://example.com\"*");
    QTest::newRow("punctuation only is dropped") << QStringLiteral("@@ -- hello")
                                                 << QStringLiteral("\"hello\"*");
    QTest::newRow("exclusion") << QStringLiteral("invoice -draft -from:bob")
                               << QStringLiteral("(\"invoice\"*) NOT (\"draft\"* OR sender : \"bob\"*)");
    QTest::newRow("filters are not text") << QStringLiteral("has:attachment is:unread report")
                                          << QStringLiteral("\"report\"*");
    QTest::newRow("cc") << QStringLiteral("cc:carol") << QStringLiteral("cc : \"carol\"*");
    QTest::newRow("bcc phrase") << QStringLiteral("bcc:\"Dan Doe\"") << QStringLiteral("bcc : \"Dan Doe\"");
    QTest::newRow("reply-to") << QStringLiteral("reply-to:r@x.org") << QStringLiteral("reply_to : \"r@x.org\"*");
    QTest::newRow("addressed") << QStringLiteral("addressed:bob")
                               << QStringLiteral("{sender recipients cc bcc reply_to} : \"bob\"*");
    QTest::newRow("exclamation excludes") << QStringLiteral("john !doe")
                                          << QStringLiteral("(\"john\"*) NOT (\"doe\"*)");
    QTest::newRow("new filters are not text")
        << QStringLiteral("tag:urgent is:tagged message-id:<a@b> before:2024-01-31 after:2024/01/01 report")
        << QStringLiteral("\"report\"*");
    QTest::newRow("date not understood is ignored") << QStringLiteral("before:soon") << QString();
}

void SearchQueryTest::terms()
{
    QFETCH(QString, input);
    QFETCH(QString, match);
    QCOMPARE(Store::SearchQuery::parse(input).matchExpression(), match);
}

void SearchQueryTest::filters_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("conditions");
    QTest::addColumn<bool>("empty");

    QTest::newRow("none") << QStringLiteral("hello") << QString() << false;
    QTest::newRow("nothing at all") << QStringLiteral("   ") << QString() << true;
    QTest::newRow("attachment") << QStringLiteral("has:attachment") << QStringLiteral("m.attachments > 0") << false;
    QTest::newRow("attachments plural") << QStringLiteral("has:attachments") << QStringLiteral("m.attachments > 0")
                                        << false;
    QTest::newRow("no attachment") << QStringLiteral("-has:attachment") << QStringLiteral("m.attachments = 0") << false;
    QTest::newRow("html") << QStringLiteral("has:html") << QStringLiteral("m.has_html != 0") << false;
    QTest::newRow("unread") << QStringLiteral("is:unread") << QStringLiteral("(m.flags & 2) = 0") << false;
    QTest::newRow("read") << QStringLiteral("IS:READ") << QStringLiteral("(m.flags & 2) != 0") << false;
    QTest::newRow("not unread") << QStringLiteral("-is:unread") << QStringLiteral("(m.flags & 2) != 0") << false;
    QTest::newRow("two") << QStringLiteral("is:unread has:attachment")
                         << QStringLiteral("m.attachments > 0 AND (m.flags & 2) = 0") << false;
    QTest::newRow("tagged") << QStringLiteral("is:tagged") << QStringLiteral("m.id IN (SELECT message_id FROM message_tags)")
                            << false;
    QTest::newRow("not tagged") << QStringLiteral("!is:tagged")
                                << QStringLiteral("m.id NOT IN (SELECT message_id FROM message_tags)") << false;
}

void SearchQueryTest::filters()
{
    QFETCH(QString, input);
    QFETCH(QString, conditions);
    QFETCH(bool, empty);
    const Store::SearchQuery q = Store::SearchQuery::parse(input);
    QVariantList binds;
    QCOMPARE(q.listConditions(&binds), conditions);
    QVERIFY(binds.isEmpty());
    QCOMPARE(q.isEmpty(), empty);
}

void SearchQueryTest::excludedWithoutTermsIsACondition()
{
    const Store::SearchQuery q = Store::SearchQuery::parse(QStringLiteral("-newsletter"));
    QVERIFY(q.matchExpression().isEmpty());
    QVariantList binds;
    QCOMPARE(q.listConditions(&binds),
             QStringLiteral("m.id NOT IN (SELECT rowid FROM message_fts WHERE message_fts MATCH ?)"));
    QCOMPARE(binds, QVariantList{QStringLiteral("\"newsletter\"*")});
}

// Filters with values travel as bind values, never inside the SQL text.
void SearchQueryTest::boundFilters_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("conditions");
    QTest::addColumn<QVariantList>("binds");

    const QString withTag = QStringLiteral("(SELECT message_id FROM message_tags WHERE tag_id ="
                                           " (SELECT id FROM tags WHERE name = ?))");
    QTest::newRow("tag") << QStringLiteral("tag:urgent") << QStringLiteral("m.id IN ") + withTag
                         << QVariantList{QStringLiteral("urgent")};
    QTest::newRow("tag phrase cleaned") << QStringLiteral("tag:\"  Tag  1 \"") << QStringLiteral("m.id IN ") + withTag
                                        << QVariantList{QStringLiteral("Tag 1")};
    QTest::newRow("not tag") << QStringLiteral("-tag:x") << QStringLiteral("m.id NOT IN ") + withTag
                             << QVariantList{QStringLiteral("x")};
    QTest::newRow("message-id without brackets") << QStringLiteral("message-id:<12345.678@localhost>")
                                                 << QStringLiteral("m.message_id IN (?)")
                                                 << QVariantList{QStringLiteral("12345.678@localhost")};
    QTest::newRow("not message-id") << QStringLiteral("!message-id:a@b") << QStringLiteral("m.message_id NOT IN (?)")
                                    << QVariantList{QStringLiteral("a@b")};
    // 2024-01-31T00:00:00Z is 1706659200 s.
    QTest::newRow("before") << QStringLiteral("before:2024-01-31") << QStringLiteral("m.received_us < ?")
                            << QVariantList{qint64(1706659200) * 1000000};
    QTest::newRow("after") << QStringLiteral("after:2024-01-31") << QStringLiteral("m.received_us > ?")
                           << QVariantList{qint64(1706659200) * 1000000};
    QTest::newRow("not before is at or after") << QStringLiteral("-before:2024-01-31") << QStringLiteral("m.received_us > ?")
                                               << QVariantList{qint64(1706659200) * 1000000 - 1};
    QTest::newRow("range, tightest bounds") << QStringLiteral("after:2024-01-01 before:2024-02-01 before:2024-01-31")
                                            << QStringLiteral("m.received_us > ? AND m.received_us < ?")
                                            << QVariantList{qint64(1704067200) * 1000000, qint64(1706659200) * 1000000};
}

void SearchQueryTest::boundFilters()
{
    QFETCH(QString, input);
    QFETCH(QString, conditions);
    QFETCH(QVariantList, binds);
    const Store::SearchQuery q = Store::SearchQuery::parse(input, QTimeZone::utc());
    QVERIFY(!q.isEmpty());
    QVariantList bound;
    QCOMPARE(q.listConditions(&bound), conditions);
    QCOMPARE(bound, binds);
}

void SearchQueryTest::dates_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QString>("utc"); // ISO form in UTC; empty when not a date

    QTest::newRow("iso date") << QStringLiteral("2024-01-31") << QByteArray("UTC") << QStringLiteral("2024-01-31T00:00:00Z");
    QTest::newRow("slashes") << QStringLiteral("2024/04/01") << QByteArray("UTC") << QStringLiteral("2024-04-01T00:00:00Z");
    QTest::newRow("US order") << QStringLiteral("04/01/2024") << QByteArray("UTC") << QStringLiteral("2024-04-01T00:00:00Z");
    QTest::newRow("in a zone") << QStringLiteral("2024-01-31") << QByteArray("Pacific/Auckland")
                               << QStringLiteral("2024-01-30T11:00:00Z");
    QTest::newRow("with a time") << QStringLiteral("2024-01-31 10:30") << QByteArray("Europe/Berlin")
                                 << QStringLiteral("2024-01-31T09:30:00Z");
    QTest::newRow("own offset wins") << QStringLiteral("2024-01-31T10:30:00+02:00") << QByteArray("Pacific/Auckland")
                                     << QStringLiteral("2024-01-31T08:30:00Z");
    QTest::newRow("not a date") << QStringLiteral("yesterday") << QByteArray("UTC") << QString();
    QTest::newRow("no such day") << QStringLiteral("2024-02-30") << QByteArray("UTC") << QString();
}

void SearchQueryTest::dates()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, zone);
    QFETCH(QString, utc);
    const QTimeZone tz(zone);
    QVERIFY(tz.isValid());
    const std::optional<QDateTime> when = Store::parseSearchDate(text, tz);
    QCOMPARE(when ? when->toUTC().toString(Qt::ISODate) : QString(), utc);
}

QTEST_APPLESS_MAIN(SearchQueryTest)
#include "tst_searchquery.moc"
