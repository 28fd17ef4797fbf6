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

QTEST_APPLESS_MAIN(SearchQueryTest)
#include "tst_searchquery.moc"
