#include "smtp/clienthello.h"
#include "smtp/listenaddress.h"
#include "store/mbox.h"

#include <QTest>

class FormatsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listenAddress_data();
    void listenAddress();
    void mboxSplit_data();
    void mboxSplit();
    void clientHello();
};

void FormatsTest::listenAddress_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("ipv4") << QStringLiteral("127.0.0.1:1025") << true << QStringLiteral("127.0.0.1:1025");
    QTest::newRow("ipv6") << QStringLiteral("[::1]:2525") << true << QStringLiteral("[::1]:2525");
    QTest::newRow("any") << QStringLiteral(":25") << true << QStringLiteral("*:25");
    QTest::newRow("port only") << QStringLiteral("1025") << true << QStringLiteral("*:1025");
    QTest::newRow("localhost") << QStringLiteral("localhost:1") << true << QStringLiteral("127.0.0.1:1");
    QTest::newRow("bare ipv6") << QStringLiteral("::1:25") << false << QString();
    QTest::newRow("port too big") << QStringLiteral("127.0.0.1:70000") << false << QString();
    QTest::newRow("not an address") << QStringLiteral("example.com:25") << false << QString();
}

void FormatsTest::listenAddress()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, canonical);
    const auto parsed = Smtp::ListenAddress::parse(text);
    QCOMPARE(parsed.has_value(), valid);
    if (valid)
        QCOMPARE(parsed->toString(), canonical);
}

void FormatsTest::mboxSplit_data()
{
    QTest::addColumn<QByteArray>("mbox");
    QTest::addColumn<QByteArrayList>("messages");
    QTest::newRow("two messages, LF") << QByteArray("From a@b Mon Jan  1 00:00:00 2024\nSubject: 1\n\nx\n\n"
                                                    "From c@d Mon Jan  1 00:00:01 2024\nSubject: 2\n\ny\n")
                                      << QByteArrayList{"Subject: 1\n\nx\n", "Subject: 2\n\ny\n"};
    QTest::newRow("quoted from lines") << QByteArray("From a@b x\nSubject: q\n\n>From here\n>>From there\nFrom mid-line\n")
                                       << QByteArrayList{"Subject: q\n\nFrom here\n>From there\nFrom mid-line\n"};
    QTest::newRow("crlf kept") << QByteArray("From a@b x\r\nSubject: c\r\n\r\nz\r\n\r\nFrom c@d y\r\nSubject: d\r\n")
                               << QByteArrayList{"Subject: c\r\n\r\nz\r\n", "Subject: d\r\n"};
}

void FormatsTest::mboxSplit()
{
    QFETCH(QByteArray, mbox);
    QFETCH(QByteArrayList, messages);
    QVERIFY(Store::Mbox::looksLikeMbox(mbox));
    QCOMPARE(Store::Mbox::split(mbox), messages);
}

void FormatsTest::clientHello()
{
    using Smtp::ClientHello;
    QCOMPARE(ClientHello::inspect("EHLO x\r\n").status, ClientHello::Status::NotTls);
    QCOMPARE(ClientHello::inspect("EHLO x\r\n").plainTextStart, QStringLiteral("EHLO x"));
    QCOMPARE(ClientHello::inspect(QByteArray("\x16\x03\x01", 3)).status, ClientHello::Status::NeedMore);

    // A minimal ClientHello with a server_name extension for "mx.example".
    const auto u8 = [](int v) -> QByteArray { return QByteArray(1, char(v)); };
    const auto u16 = [](int v) -> QByteArray { return QByteArray(1, char(v >> 8)) + QByteArray(1, char(v & 0xff)); };
    const QByteArray name = "mx.example";
    const QByteArray serverNameList = u8(0) + u16(name.size()) + name;
    const QByteArray sni = u16(0) + u16(serverNameList.size() + 2) + u16(serverNameList.size()) + serverNameList;
    const QByteArray body = u16(0x0303) + QByteArray(32, 'r') + u8(0) + u16(2) + u16(0x1301) + u8(1) + u8(0)
                          + u16(sni.size()) + sni;
    const QByteArray handshake = u8(1) + u8(0) + u16(body.size()) + body;
    const QByteArray record = u8(0x16) + u16(0x0301) + u16(handshake.size()) + handshake;
    const ClientHello hello = ClientHello::inspect(record);
    QCOMPARE(hello.status, ClientHello::Status::Tls);
    QCOMPARE(hello.serverName, QStringLiteral("mx.example"));
    QCOMPARE(ClientHello::inspect(record.left(record.size() - 1)).status, ClientHello::Status::NeedMore);
}

QTEST_APPLESS_MAIN(FormatsTest)
#include "tst_formats.moc"
