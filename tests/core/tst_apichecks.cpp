// Mailpit's HTMLCheckResponse and LinkCheckResponse as the API builds them from the checks.
#include "api/checkjson.h"
#include "mimefixtures.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;

class TestApiChecks final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void htmlCheckResponse();
    void linkCheckResponse();
    void markdown_data();
    void markdown();
};

void TestApiChecks::htmlCheckResponse()
{
    const QByteArray raw = crlf({"From: a@example.com", "Content-Type: text/html", "",
                                 "<html><body><p style=\"border-radius:2px\">x</p></body></html>"});
    const auto report = HtmlCheck::checkMessage(raw, Mime::parse(raw));
    QVERIFY(report);
    const QJsonObject json = Api::htmlCheckJson(*report);
    QCOMPARE(json.keys(), QStringList({u"Platforms"_s, u"Total"_s, u"Warnings"_s}));
    const QJsonObject total = json.value(QLatin1String("Total")).toObject();
    QCOMPARE(total.keys(), QStringList({u"Nodes"_s, u"Partial"_s, u"Supported"_s, u"Tests"_s, u"Unsupported"_s}));
    QCOMPARE(total.value(QLatin1String("Nodes")).toInt(), 2); // body, p
    QCOMPARE(total.value(QLatin1String("Tests")).toInt(), report->tests);
    QCOMPARE(total.value(QLatin1String("Supported")).toDouble(),
             100 - total.value(QLatin1String("Partial")).toDouble() - total.value(QLatin1String("Unsupported")).toDouble());
    QCOMPARE(json.value(QLatin1String("Platforms")).toObject().value(QLatin1String("macos")).toArray().first().toString(),
             QStringLiteral("Apple Mail"));

    QJsonObject radius;
    for (const QJsonValue &w : json.value(QLatin1String("Warnings")).toArray()) {
        if (w.toObject().value(QLatin1String("Slug")).toString() == QLatin1String("css-border-radius"))
            radius = w.toObject();
    }
    QCOMPARE(radius.keys(), QStringList({u"Category"_s, u"Description"_s, u"Keywords"_s, u"NotesByNumber"_s, u"Places"_s, u"Results"_s,
                                         u"Score"_s, u"Slug"_s, u"Tags"_s, u"Title"_s, u"URL"_s}));
    QCOMPARE(radius.value(QLatin1String("Category")).toString(), QStringLiteral("css"));
    QCOMPARE(radius.value(QLatin1String("Title")).toString(), QStringLiteral("border-radius"));
    QCOMPARE(radius.value(QLatin1String("Keywords")).toString(), QStringLiteral("rounded corners"));
    QCOMPARE(radius.value(QLatin1String("URL")).toString(), QStringLiteral("https://www.caniemail.com/features/css-border-radius/"));
    const HtmlCheck::Feature *feature = HtmlCheck::CanIEmail::data().feature(QStringLiteral("css-border-radius"));
    QCOMPARE(radius.value(QLatin1String("Results")).toArray().size(), feature->results.size());
    const QJsonObject score = radius.value(QLatin1String("Score")).toObject();
    QCOMPARE(score, (QJsonObject{{u"Found"_s, 1}, {u"Supported"_s, feature->supported}, {u"Partial"_s, feature->partial},
                                 {u"Unsupported"_s, feature->unsupported}}));
    const QJsonObject place = radius.value(QLatin1String("Places")).toArray().first().toObject();
    const qint64 start = place.value(QLatin1String("Start")).toInteger();
    QCOMPARE(raw.mid(start, place.value(QLatin1String("End")).toInteger() - start), QByteArray("border-radius:2px"));
    // One result exactly: Outlook on Windows 2007 rounds corners only partly (note 1 says how).
    QJsonObject outlook2007;
    for (const QJsonValue &r : radius.value(QLatin1String("Results")).toArray()) {
        const QJsonObject o = r.toObject();
        if (o.value(QLatin1String("Family")).toString() == QLatin1String("outlook")
            && o.value(QLatin1String("Platform")).toString() == QLatin1String("windows")
            && o.value(QLatin1String("Version")).toString() == QLatin1String("2007"))
            outlook2007 = o;
    }
    QCOMPARE(outlook2007, (QJsonObject{{u"Family"_s, u"outlook"_s}, {u"Name"_s, u"Outlook Windows (2007)"_s}, {u"NoteNumber"_s, u"1"_s},
                                       {u"Platform"_s, u"windows"_s}, {u"Support"_s, u"partial"_s}, {u"Version"_s, u"2007"_s}}));
}

void TestApiChecks::linkCheckResponse()
{
    HtmlCheck::LinkStatus ok;
    ok.url = QStringLiteral("https://example.com/");
    ok.statusCode = 200;
    ok.status = QStringLiteral("OK");
    HtmlCheck::LinkStatus gone = ok;
    gone.url = QStringLiteral("https://example.com/gone");
    gone.statusCode = 404;
    gone.status = QStringLiteral("Not Found");
    HtmlCheck::LinkStatus down = ok;
    down.url = QStringLiteral("https://down.example.com/");
    down.statusCode = 0;
    down.status = QStringLiteral("timeout after 10 s");
    QCOMPARE(Api::linkCheckJson({ok, gone, down}),
             (QJsonObject{{u"Errors"_s, 2},
                          {u"Links"_s, QJsonArray{QJsonObject{{u"Status"_s, u"OK"_s}, {u"StatusCode"_s, 200}, {u"URL"_s, u"https://example.com/"_s}},
                                               QJsonObject{{u"Status"_s, u"Not Found"_s}, {u"StatusCode"_s, 404}, {u"URL"_s, u"https://example.com/gone"_s}},
                                               QJsonObject{{u"Status"_s, u"timeout after 10 s"_s}, {u"StatusCode"_s, 0},
                                                           {u"URL"_s, u"https://down.example.com/"_s}}}}}));
    QCOMPARE(Api::linkCheckJson({}), (QJsonObject{{u"Errors"_s, 0}, {u"Links"_s, QJsonArray{}}}));
}

void TestApiChecks::markdown_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QString>("html");
    QTest::newRow("plain") << QStringLiteral("Not supported.") << QStringLiteral("Not supported.");
    QTest::newRow("code") << QStringLiteral("Use `<b>` or `a*b*`") << QStringLiteral("Use <code>&lt;b&gt;</code> or <code>a*b*</code>");
    QTest::newRow("link") << QStringLiteral("See [the test](https://example.com/t).")
                          << QStringLiteral("See <a href=\"https://example.com/t\" target=\"_blank\">the test</a>.");
    QTest::newRow("strong") << QStringLiteral("**Only** in dark mode") << QStringLiteral("<strong>Only</strong> in dark mode");
}

void TestApiChecks::markdown()
{
    QFETCH(QString, markdown);
    QFETCH(QString, html);
    QCOMPARE(Api::markdownToHtml(markdown), html);
}

QTEST_APPLESS_MAIN(TestApiChecks)
#include "tst_apichecks.moc"
