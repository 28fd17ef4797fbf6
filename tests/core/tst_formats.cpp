#include "smtp/clienthello.h"
#include "smtp/listenaddress.h"
#include "store/jsoncodec.h"
#include "store/mbox.h"

#include <QJsonDocument>
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
    void storedEnvelopeRoundTrip();
    void storedEnvelopeLeavesOutDefaultsAndTheSessionsFacts();
    void defectsAndFaultHitsJson();
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
    QCOMPARE(Store::Mbox::messagesIn(mbox), messages);
    // A file that is not an mbox is one message, as it is (an .eml).
    const QByteArray eml = "Subject: From here\r\n\r\nFrom the top\r\n";
    QCOMPARE(Store::Mbox::messagesIn(eml), QByteArrayList{eml});
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

// The JSON written beside every message parses back to the same envelope, with wire bytes
// escaped and invalid UTF-8 replaced, and the extra fields the store adds.
void FormatsTest::storedEnvelopeRoundTrip()
{
    Records::MessageRecord m;
    m.envelope.mailFrom = QByteArray("quote\"back\\slash\x01\tend");
    m.envelope.mailParameters = {{"BODY", "8BITMIME"}, {"X-ODD", QByteArray("caf\xc3\xa9 \xff")}};
    m.envelope.body = "8BITMIME";
    m.envelope.smtpUtf8 = true;
    m.envelope.declaredSize = 1234;
    m.envelope.ret = "HDRS";
    m.envelope.envid = "env-1";
    m.envelope.recipients = {{"a@example.com", {}, "SUCCESS,DELAY", "rfc822;a@example.com"},
                             {QByteArray("\xe7\x94\xa8@example.com"), {{"X", ""}}, {}, {}}};
    m.envelope.chunked = true;
    m.helo = "client.example";
    m.clientAddress = QStringLiteral("::1");
    m.clientPort = 50000;
    m.serverAddress = QStringLiteral("127.0.0.1");
    m.serverPort = 1025;
    m.dataLines = 42;
    m.summary.authUser = "alice";
    m.summary.tls = true;

    const QByteArray json = Store::Json::storedEnvelope(m, false);
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(json, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(o.value(QStringLiteral("mail_from")).toString(), QStringLiteral("quote\"back\\slash\x01\tend"));
    QVERIFY(json.contains("\"mail_from\":\"quote\\\"back\\\\slash\\u0001\\tend\""));
    QCOMPARE(o.value(QStringLiteral("mail_parameters")).toArray().at(1).toArray().at(1).toString(),
             QStringLiteral("caf\u00e9 \ufffd"));
    QCOMPARE(o.value(QStringLiteral("helo")).toString(), QStringLiteral("client.example"));
    QCOMPARE(o.value(QStringLiteral("client_addr")).toString(), QStringLiteral("::1"));
    QCOMPARE(o.value(QStringLiteral("client_port")).toInt(), 50000);
    QCOMPARE(o.value(QStringLiteral("server_port")).toInt(), 1025);
    QCOMPARE(o.value(QStringLiteral("data_lines")).toInt(), 42);
    QCOMPARE(o.value(QStringLiteral("auth_user")).toString(), QStringLiteral("alice"));
    QCOMPARE(o.value(QStringLiteral("tls")).toBool(), true);

    const Records::Envelope back = Store::Json::toEnvelope(o);
    QCOMPARE(back.mailFrom, m.envelope.mailFrom);
    QCOMPARE(back.body, m.envelope.body);
    QCOMPARE(back.smtpUtf8, true);
    QCOMPARE(back.declaredSize, 1234);
    QCOMPARE(back.ret, m.envelope.ret);
    QCOMPARE(back.envid, m.envelope.envid);
    QCOMPARE(back.chunked, true);
    QCOMPARE(back.recipients.size(), 2);
    QCOMPARE(back.recipients.at(0).notify, QByteArray("SUCCESS,DELAY"));
    QCOMPARE(back.recipients.at(0).orcpt, QByteArray("rfc822;a@example.com"));
    QCOMPARE(back.recipients.at(1).address, QByteArray("\xe7\x94\xa8@example.com"));
    QCOMPARE(back.recipients.at(1).parameters.size(), 1);
}

// The common case stores only what is not the default and not in the session row; the
// reader's envelope object is whole again, as if everything had been stored.
void FormatsTest::storedEnvelopeLeavesOutDefaultsAndTheSessionsFacts()
{
    Records::MessageRecord m;
    m.envelope.mailFrom = "from@example.com";
    m.envelope.recipients = {{"to@example.com", {}, {}, {}}};
    m.helo = "bench.example";
    m.clientAddress = QStringLiteral("127.0.0.1");
    m.clientPort = 41234;
    m.serverAddress = QStringLiteral("127.0.0.1");
    m.serverPort = 1025;
    m.dataLines = 75;

    const QByteArray stored = Store::Json::storedEnvelope(m, true);
    QCOMPARE(stored, QByteArray("{\"mail_from\":\"from@example.com\",\"recipients\":[{\"address\":\"to@example.com\"}],"
                                "\"helo\":\"bench.example\",\"data_lines\":75}"));
    Records::SessionRecord session;
    session.clientAddress = m.clientAddress;
    session.clientPort = m.clientPort;
    session.serverAddress = m.serverAddress;
    session.serverPort = m.serverPort;
    const QJsonObject whole = QJsonDocument::fromJson(Store::Json::storedEnvelope(m, false)).object();
    QVERIFY(whole.contains(QStringLiteral("client_port")));
    const QJsonObject expected{{QStringLiteral("mail_from"), QStringLiteral("from@example.com")},
                               {QStringLiteral("mail_parameters"), QJsonArray()},
                               {QStringLiteral("recipients"),
                                QJsonArray{QJsonObject{{QStringLiteral("address"), QStringLiteral("to@example.com")},
                                                       {QStringLiteral("parameters"), QJsonArray()}}}},
                               {QStringLiteral("smtputf8"), false},
                               {QStringLiteral("chunked"), false},
                               {QStringLiteral("helo"), QStringLiteral("bench.example")},
                               {QStringLiteral("client_addr"), QStringLiteral("127.0.0.1")},
                               {QStringLiteral("client_port"), 41234},
                               {QStringLiteral("server_addr"), QStringLiteral("127.0.0.1")},
                               {QStringLiteral("server_port"), 1025},
                               {QStringLiteral("data_lines"), 75},
                               {QStringLiteral("tls"), false}};
    QCOMPARE(Store::Json::envelopeObject(stored, &session), expected);
    QCOMPARE(Store::Json::envelopeObject(Store::Json::storedEnvelope(m, false), nullptr), expected);
    // What an earlier build stored whole reads the same.
    QCOMPARE(Store::Json::envelopeObject(Store::Json::compact(expected), &session), expected);
}

void FormatsTest::defectsAndFaultHitsJson()
{
    QCOMPARE(Store::Json::defectsJson({}), QByteArray("[]"));
    const Records::Defects defects{{"data-bare-lf", QStringLiteral("A bare \"LF\"."), 3, 17}, {"x", QString(), 1, -1}};
    QCOMPARE(Store::Json::defectsJson(defects),
             QByteArray("[{\"code\":\"data-bare-lf\",\"detail\":\"A bare \\\"LF\\\".\",\"count\":3,\"offset\":17},"
                        "{\"code\":\"x\",\"detail\":\"\",\"count\":1}]"));
    const Records::Defects back = Store::Json::toDefects(Store::Json::fromDefects(defects));
    QCOMPARE(back.size(), 2);
    QCOMPARE(back.at(0).offset, 17);
    QCOMPARE(back.at(1).offset, -1);
    QCOMPARE(Store::Json::faultHitsJson({{QStringLiteral("slow-data"), 2}}),
             QByteArray("[{\"rule\":\"slow-data\",\"count\":2}]"));
    QCOMPARE(Store::Json::stringsJson({QStringLiteral("a"), QStringLiteral("b\\")}), QByteArray("[\"a\",\"b\\\\\"]"));
}

QTEST_APPLESS_MAIN(FormatsTest)
#include "tst_formats.moc"
