#include "mime/addresses.h"

#include <QTest>

using Records::Address;

class tst_MimeAddresses final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void reportsWarnings();
};

void tst_MimeAddresses::parses_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QList<Address>>("expected");

    QTest::newRow("bare") << QByteArray("ann@example.org") << QList<Address>{{QString(), QStringLiteral("ann@example.org")}};
    QTest::newRow("named") << QByteArray(" Ann Example <ann@example.org>")
                           << QList<Address>{{QStringLiteral("Ann Example"), QStringLiteral("ann@example.org")}};
    QTest::newRow("quoted with comma") << QByteArray("\"Example, Ann\" <ann@example.org>, bob@example.org")
                                       << QList<Address>{{QStringLiteral("Example, Ann"), QStringLiteral("ann@example.org")},
                                                         {QString(), QStringLiteral("bob@example.org")}};
    QTest::newRow("rfc 2047 name") << QByteArray("=?UTF-8?B?SsO8cmdlbg==?= <j@example.org>")
                                   << QList<Address>{{QStringLiteral("J\u00fcrgen"), QStringLiteral("j@example.org")}};
    QTest::newRow("adjacent padded words") << QByteArray("=?UTF-8?B?YQ==?= =?UTF-8?B?Yg==?= <ab@example.org>")
                                           << QList<Address>{{QStringLiteral("ab"), QStringLiteral("ab@example.org")}};
    QTest::newRow("folded") << QByteArray("Ann <ann@example.org>,\r\n\tBob <bob@example.org>")
                            << QList<Address>{{QStringLiteral("Ann"), QStringLiteral("ann@example.org")},
                                              {QStringLiteral("Bob"), QStringLiteral("bob@example.org")}};
    QTest::newRow("group flattened in place")
        << QByteArray("a@example.org, Team: b@example.org, C <c@example.org>;, d@example.org")
        << QList<Address>{{QString(), QStringLiteral("a@example.org")},
                          {QString(), QStringLiteral("b@example.org")},
                          {QStringLiteral("C"), QStringLiteral("c@example.org")},
                          {QString(), QStringLiteral("d@example.org")}};
    QTest::newRow("empty group") << QByteArray("undisclosed-recipients:;") << QList<Address>{};
    QTest::newRow("no domain") << QByteArray("%TO%") << QList<Address>{{QString(), QStringLiteral("%TO%")}};
    QTest::newRow("empty") << QByteArray() << QList<Address>{};
    QTest::newRow("punycode kept as written") << QByteArray("x@xn--bcher-kva.example")
                                              << QList<Address>{{QString(), QStringLiteral("x@xn--bcher-kva.example")}};
}

void tst_MimeAddresses::parses()
{
    QFETCH(QByteArray, value);
    QFETCH(QList<Address>, expected);
    QCOMPARE(Mime::parseAddresses(value), expected);
}

void tst_MimeAddresses::reportsWarnings()
{
    // Garbage: whatever can be read, never a crash, and the parser's complaints.
    QList<Mime::AddressWarning> warnings;
    const QList<Address> got = Mime::parseAddresses("<<<@@>>>, \"unterminated <a@example.org>, good@example.org\x01\xff", &warnings);
    QVERIFY(!warnings.isEmpty());
    for (const Address &a : got)
        QVERIFY(!a.address.contains(QLatin1Char('\n')));
    QList<Mime::AddressWarning> none;
    QCOMPARE(Mime::parseAddresses("ann@example.org", &none).size(), 1);
    QVERIFY(none.isEmpty());
}

QTEST_APPLESS_MAIN(tst_MimeAddresses)
#include "tst_mimeaddresses.moc"
