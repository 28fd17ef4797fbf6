// Header fields: decoding (RFC 2047, RFC 6532, charsets), address lists, Date, Message-ID.
#include "mimefixtures.h"

#include "mime/parsedmessage.h"

#include <QTest>

Q_DECLARE_METATYPE(QList<Mime::Address>)

class TestMimeHeaders final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodesSubject_data();
    void decodesSubject();
    void parsesAddresses_data();
    void parsesAddresses();
    void parsesDate_data();
    void parsesDate();
    void keepsEveryFieldInOrder();
    void decodesFixtureHeaders_data();
    void decodesFixtureHeaders();
};

void TestMimeHeaders::decodesSubject_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QString>("subject");
    QTest::newRow("plain") << QByteArray("Subject: Hello there") << QStringLiteral("Hello there");
    QTest::newRow("q latin-1") << QByteArray("Subject: =?ISO-8859-1?Q?Caf=E9?=") << QStringLiteral("Café");
    QTest::newRow("b utf-8") << QByteArray("Subject: =?UTF-8?B?w6nDqA==?=") << QStringLiteral("éè");
    QTest::newRow("adjacent words join") << QByteArray("Subject: =?UTF-8?Q?a?= =?UTF-8?Q?b?=") << QStringLiteral("ab");
    QTest::newRow("word and text keep the space") << QByteArray("Subject: =?UTF-8?Q?a?= b") << QStringLiteral("a b");
    QTest::newRow("folded") << QByteArray("Subject: one\r\n two") << QStringLiteral("one two");
    QTest::newRow("raw utf-8 (RFC 6532)") << QByteArray("Subject: Grüße") << QStringLiteral("Grüße");
    QTest::newRow("koi8-r") << QByteArray("Subject: =?koi8-r?B?8NLJ18XU?=") << QStringLiteral("Привет");
    QTest::newRow("windows-1252") << QByteArray("Subject: =?windows-1252?Q?=80?=") << QStringLiteral("€");
    QTest::newRow("iso-2022-jp") << QByteArray("Subject: =?iso-2022-jp?B?GyRCRnxLXDhsGyhC?=") << QStringLiteral("日本語");
    QTest::newRow("rfc 2231 language tag") << QByteArray("Subject: =?UTF-8*en?Q?hi?=") << QStringLiteral("hi");
    QTest::newRow("trailing blanks kept") << QByteArray("Subject: x  ") << QStringLiteral("x  ");
    QTest::newRow("empty") << QByteArray("Subject:") << QStringLiteral("");
}

void TestMimeHeaders::decodesSubject()
{
    QFETCH(QByteArray, field);
    const Mime::ParsedMessage m = Mime::parse("From: a@example.org\r\n" + field + "\r\n\r\nbody\r\n");
    QTEST(m.subject, "subject");
    QVERIFY(!m.subject.isNull());
}

void TestMimeHeaders::parsesAddresses_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QList<Mime::Address>>("addresses");
    using L = QList<Mime::Address>;
    QTest::newRow("bare") << QByteArray("ann@example.com") << L{{QString(), QStringLiteral("ann@example.com")}};
    QTest::newRow("name and angle") << QByteArray("Ann Lee <ann@example.com>")
                                    << L{{QStringLiteral("Ann Lee"), QStringLiteral("ann@example.com")}};
    QTest::newRow("quoted name with comma") << QByteArray("\"Lee, Ann\" <ann@example.com>, bob@example.net")
                                            << L{{QStringLiteral("Lee, Ann"), QStringLiteral("ann@example.com")},
                                                 {QString(), QStringLiteral("bob@example.net")}};
    QTest::newRow("encoded name") << QByteArray("=?UTF-8?Q?Zo=C3=AB?= <zoe@example.org>")
                                  << L{{QStringLiteral("Zoë"), QStringLiteral("zoe@example.org")}};
    QTest::newRow("group flattened") << QByteArray("Team: a@example.com, b@example.com;, c@example.com")
                                     << L{{QString(), QStringLiteral("c@example.com")},
                                          {QString(), QStringLiteral("a@example.com")},
                                          {QString(), QStringLiteral("b@example.com")}};
    QTest::newRow("empty group") << QByteArray("undisclosed-recipients:;") << L{};
    QTest::newRow("comment") << QByteArray("ann@example.com (Ann)") << L{{QStringLiteral("Ann"), QStringLiteral("ann@example.com")}};
    QTest::newRow("raw utf-8") << QByteArray("Zoë <zoë@example.org>") << L{{QStringLiteral("Zoë"), QStringLiteral("zoë@example.org")}};
    QTest::newRow("punycode kept as written") << QByteArray("info@xn--dmi-0na.fo") << L{{QString(), QStringLiteral("info@xn--dmi-0na.fo")}};
}

void TestMimeHeaders::parsesAddresses()
{
    QFETCH(QByteArray, value);
    QFETCH(QList<Mime::Address>, addresses);
    const Mime::ParsedMessage m = Mime::parse("From: x@example.org\r\nTo: " + value + "\r\n\r\n");
    QList<Mime::Address> got = m.to;
    auto byAddr = [](const Mime::Address &a, const Mime::Address &b) { return a.addr < b.addr; };
    std::sort(got.begin(), got.end(), byAddr); // group members may come after or before the rest
    std::sort(addresses.begin(), addresses.end(), byAddr);
    QCOMPARE(got, addresses);
}

void TestMimeHeaders::parsesDate_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QDateTime>("utc");
    QTest::addColumn<int>("offset");
    QTest::newRow("rfc 5322") << QByteArray("Tue, 7 Apr 2026 10:00:00 +0200")
                              << QDateTime(QDate(2026, 4, 7), QTime(8, 0), Qt::UTC) << 7200;
    QTest::newRow("no weekday, comment") << QByteArray("7 Apr 2026 10:00:00 -0130 (somewhere)")
                                         << QDateTime(QDate(2026, 4, 7), QTime(11, 30), Qt::UTC) << -5400;
    QTest::newRow("obsolete zone") << QByteArray("Tue, 7 Apr 2026 10:00:00 GMT")
                                   << QDateTime(QDate(2026, 4, 7), QTime(10, 0), Qt::UTC) << 0;
    QTest::newRow("garbage") << QByteArray("sometime soon") << QDateTime() << 0;
}

void TestMimeHeaders::parsesDate()
{
    QFETCH(QByteArray, value);
    QFETCH(QDateTime, utc);
    const Mime::ParsedMessage m = Mime::parse("From: x@example.org\r\nDate: " + value + "\r\n\r\n");
    QCOMPARE(m.date, QString::fromLatin1(value));
    QCOMPARE(m.dateTime.isValid(), utc.isValid());
    if (utc.isValid()) {
        QCOMPARE(m.dateTime.toUTC(), utc);
        QTEST(m.dateTime.offsetFromUtc(), "offset");
    }
}

void TestMimeHeaders::keepsEveryFieldInOrder()
{
    const QByteArray raw = crlf({"Received: one", "X-Dup: 1", "Received: two", "X-Dup: 2", "Subject : obsolete colon",
                                 "Long: a", "\tfolded", "", "body"});
    const Mime::ParsedMessage m = Mime::parse(raw);
    QStringList names;
    for (const Mime::HeaderField &h : m.headers())
        names.append(QString::fromLatin1(h.name) + QLatin1Char('=') + h.value);
    QCOMPARE(names, QStringList({QStringLiteral("Received=one"), QStringLiteral("X-Dup=1"), QStringLiteral("Received=two"),
                                 QStringLiteral("X-Dup=2"), QStringLiteral("Subject=obsolete colon"),
                                 QStringLiteral("Long=a\tfolded")}));
    QCOMPARE(m.headers().at(5).raw, QByteArray("Long: a\r\n\tfolded\r\n"));
    QCOMPARE(m.headers().at(5).range.begin, raw.indexOf("Long:"));
    QCOMPARE(m.subject, QStringLiteral("obsolete colon"));
}

void TestMimeHeaders::decodesFixtureHeaders_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("subject");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("messageId");
    QTest::newRow("rfc 2047 mixed charsets") << "nested.eml" << QStringLiteral("Grüße aus Köln")
                                             << QStringLiteral("Jürgen Müller <jm@example.org>")
                                             << QStringLiteral("Ann <ann@example.com>, <bob@example.net>")
                                             << QStringLiteral("<nested-1@example.org>");
    QTest::newRow("qt and iconv charsets") << "charsets.eml" << QStringLiteral("€ price and “quotes”")
                                           << QStringLiteral("Привет <privet@example.ru>")
                                           << QStringLiteral("日本語 <nihongo@example.jp>") << QStringLiteral("<charsets@example.org>");
    QTest::newRow("rfc 6532 utf-8") << "utf8-headers.eml" << QStringLiteral("Grüße from Zoë")
                                    << QStringLiteral("Zoë <zoë@example.org>") << QStringLiteral("日本 <info@例え.jp>")
                                    << QStringLiteral("<utf8@example.org>");
}

void TestMimeHeaders::decodesFixtureHeaders()
{
    QFETCH(QString, fixture);
    const Mime::ParsedMessage m = Mime::parse(mimeFixture(fixture));
    auto text = [](const QList<Mime::Address> &list) {
        QStringList out;
        for (const Mime::Address &a : list)
            out.append(a.name.isEmpty() ? QStringLiteral("<%1>").arg(a.addr) : QStringLiteral("%1 <%2>").arg(a.name, a.addr));
        return out.join(QStringLiteral(", "));
    };
    QTEST(m.subject, "subject");
    QTEST(text(m.from), "from");
    QTEST(text(m.to), "to");
    QTEST(m.messageId, "messageId");
}

QTEST_APPLESS_MAIN(TestMimeHeaders)
#include "tst_mimeheaders.moc"
