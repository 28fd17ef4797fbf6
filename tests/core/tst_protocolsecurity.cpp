#include "dialogue.h"

#include <QTest>

using Test::Dialogue;

namespace {

Smtp::ProtocolConfig config()
{
    Smtp::ProtocolConfig c;
    c.hostname = "mx.test";
    c.tlsAvailable = true;
    c.authNonce = "42.1700000000";
    return c;
}

Smtp::ProtocolConfig checked()
{
    Smtp::ProtocolConfig c = config();
    c.users.add("bob", "secret");
    return c;
}

QByteArray b64(const QByteArray &s)
{
    return s.toBase64();
}

// The replies after the greeting and the EHLO reply.
QByteArray afterEhlo(const Dialogue &d)
{
    const qsizetype end = d.output.indexOf("250 HELP\r\n");
    return end < 0 ? d.output : d.output.mid(end + 10);
}

const QByteArray kCramChallenge = "<42.1700000000@mx.test>";

} // namespace

class ProtocolSecurityTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ehloAdvertises_data();
    void ehloAdvertises();
    void replies_data();
    void replies();
    void startTlsDiscardsPipelinedInput();
    void authFailuresCloseTheSession();
    void authFailuresOfTheAddressRefuseAuth();
    void startTlsResetsState();
    void authenticatedUserIsReported();
    void cramMd5Checked();
    void authExchangeLinesHaveKinds();
    void passwordsNeverLeave_data();
    void passwordsNeverLeave();
    void recordedPasswordsReveal();
};

void ProtocolSecurityTest::ehloAdvertises_data()
{
    QTest::addColumn<bool>("tls");
    QTest::addColumn<bool>("authRequiresTls");
    QTest::addColumn<bool>("starttls");
    QTest::addColumn<bool>("auth");
    QTest::newRow("tls available") << true << false << true << true;
    QTest::newRow("no certificate") << false << false << false << true;
    QTest::newRow("auth only under tls, before tls") << true << true << true << false;
}

void ProtocolSecurityTest::ehloAdvertises()
{
    QFETCH(bool, tls);
    QFETCH(bool, authRequiresTls);
    QFETCH(bool, starttls);
    QFETCH(bool, auth);
    Smtp::ProtocolConfig c = config();
    c.tlsAvailable = tls;
    c.authRequiresTls = authRequiresTls;
    const Dialogue d({"EHLO c.test\r\n"}, c);
    QCOMPARE(d.output.contains("250-STARTTLS\r\n"), starttls);
    QCOMPARE(d.output.contains("250-AUTH PLAIN LOGIN CRAM-MD5\r\n"), auth);
}

void ProtocolSecurityTest::replies_data()
{
    QTest::addColumn<QByteArray>("input");      // after "EHLO c.test"
    QTest::addColumn<QByteArray>("expected");   // after the EHLO reply
    QTest::addColumn<bool>("checkUsers");

    QTest::newRow("starttls") << QByteArray("STARTTLS\r\n") << QByteArray("220 2.0.0 Ready to start TLS\r\n") << false;
    QTest::newRow("starttls with argument") << QByteArray("STARTTLS now\r\n")
                                            << QByteArray("501 5.5.4 Syntax: STARTTLS (no argument)\r\n") << false;
    QTest::newRow("starttls inside transaction")
        << QByteArray("MAIL FROM:<a@b.test>\r\nSTARTTLS\r\n")
        << QByteArray("250 2.1.0 Sender <a@b.test> OK\r\n"
                      "503 5.5.1 STARTTLS is not allowed inside a mail transaction, send RSET first\r\n")
        << false;
    QTest::newRow("plain with initial response")
        << QByteArray("AUTH PLAIN " + b64(QByteArray("\0bob\0secret", 11)) + "\r\n")
        << QByteArray("235 2.7.0 Authentication successful\r\n") << true;
    QTest::newRow("plain after empty challenge")
        << QByteArray("AUTH PLAIN\r\n" + b64(QByteArray("\0bob\0secret", 11)) + "\r\n")
        << QByteArray("334 \r\n235 2.7.0 Authentication successful\r\n") << true;
    QTest::newRow("plain wrong password") << QByteArray("AUTH PLAIN " + b64(QByteArray("\0bob\0nope", 9)) + "\r\n")
                                          << QByteArray("535 5.7.8 Authentication credentials invalid\r\n") << true;
    QTest::newRow("plain any credentials when unchecked")
        << QByteArray("AUTH PLAIN " + b64(QByteArray("\0who\0ever", 9)) + "\r\n")
        << QByteArray("235 2.7.0 Authentication successful\r\n") << false;
    QTest::newRow("plain malformed") << QByteArray("AUTH PLAIN " + b64("bob") + "\r\n")
                                     << QByteArray("501 5.5.2 PLAIN response must be authzid NUL user NUL password "
                                                   "(RFC 4616)\r\n")
                                     << false;
    QTest::newRow("login") << QByteArray("AUTH LOGIN\r\n" + b64("bob") + "\r\n" + b64("secret") + "\r\n")
                           << QByteArray("334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n235 2.7.0 Authentication successful\r\n")
                           << true;
    QTest::newRow("login with initial user") << QByteArray("AUTH LOGIN " + b64("bob") + "\r\n" + b64("secret") + "\r\n")
                                             << QByteArray("334 UGFzc3dvcmQ6\r\n235 2.7.0 Authentication successful\r\n")
                                             << true;
    QTest::newRow("cancelled") << QByteArray("AUTH LOGIN\r\n*\r\nNOOP\r\n")
                               << QByteArray("334 VXNlcm5hbWU6\r\n501 5.7.0 Authentication cancelled\r\n250 2.0.0 OK\r\n")
                               << false;
    QTest::newRow("bad base64") << QByteArray("AUTH LOGIN\r\n%%%\r\n")
                                << QByteArray("334 VXNlcm5hbWU6\r\n501 5.5.2 Invalid base64 data\r\n") << false;
    QTest::newRow("unknown mechanism") << QByteArray("AUTH GSSAPI\r\n")
                                       << QByteArray("504 5.5.4 Unrecognized authentication type GSSAPI\r\n") << false;
    QTest::newRow("twice") << QByteArray("AUTH PLAIN " + b64(QByteArray("\0a\0b", 4)) + "\r\nAUTH PLAIN "
                                         + b64(QByteArray("\0a\0b", 4)) + "\r\n")
                           << QByteArray("235 2.7.0 Authentication successful\r\n503 5.5.1 Already authenticated\r\n")
                           << false;
    QTest::newRow("inside transaction") << QByteArray("MAIL FROM:<a@b.test>\r\nAUTH LOGIN\r\n")
                                        << QByteArray("250 2.1.0 Sender <a@b.test> OK\r\n"
                                                      "503 5.5.1 AUTH is not allowed inside a mail transaction\r\n")
                                        << false;
    QTest::newRow("cram-md5 initial response refused")
        << QByteArray("AUTH CRAM-MD5 abcd\r\n") << QByteArray("501 5.5.4 CRAM-MD5 takes no initial response (RFC 2195)\r\n")
        << false;
}

void ProtocolSecurityTest::replies()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QFETCH(bool, checkUsers);
    const Dialogue d({"EHLO c.test\r\n" + input}, checkUsers ? checked() : config());
    QCOMPARE(afterEhlo(d), expected);
}

void ProtocolSecurityTest::startTlsDiscardsPipelinedInput()
{
    const Dialogue d({"EHLO c.test\r\nSTARTTLS\r\nMAIL FROM:<evil@x.test>\r\n"}, config());
    QCOMPARE(afterEhlo(d), QByteArray("220 2.0.0 Ready to start TLS\r\n"));
    QVERIFY(d.startTls);
    QCOMPARE(d.defectCodes(), QByteArrayList{"starttls-pipelined"});
}

void ProtocolSecurityTest::startTlsResetsState()
{
    Smtp::Protocol p(config());
    p.start();
    p.receive("EHLO c.test\r\nSTARTTLS\r\n");
    p.takeEvents();
    p.tlsStarted();
    p.receive("MAIL FROM:<a@b.test>\r\nSTARTTLS\r\nEHLO c.test\r\nSTARTTLS\r\n");
    QByteArray out;
    for (const auto &e : p.takeEvents()) {
        if (e.kind == Smtp::ProtocolEvent::Kind::Sent)
            out += e.bytes;
    }
    QVERIFY(p.isTls());
    QVERIFY(out.startsWith("503 Send EHLO or HELO first\r\n554 TLS already active\r\n250-mx.test greets c.test\r\n"));
    QVERIFY(!out.contains("STARTTLS"));                      // not offered again under TLS
    QVERIFY(out.endsWith("554 5.5.1 TLS already active\r\n")); // enhanced codes again after the new EHLO
}

void ProtocolSecurityTest::authenticatedUserIsReported()
{
    Smtp::ProtocolConfig c = checked();
    c.requireAuth = true;
    const Dialogue d({"EHLO c.test\r\nMAIL FROM:<a@b.test>\r\nAUTH PLAIN " + b64(QByteArray("\0bob\0secret", 11))
                      + "\r\nMAIL FROM:<a@b.test>\r\n"},
                     c);
    QCOMPARE(afterEhlo(d), QByteArray("530 5.7.0 Authentication required\r\n235 2.7.0 Authentication successful\r\n"
                                      "250 2.1.0 Sender <a@b.test> OK\r\n"));
    QCOMPARE(d.authenticated, QByteArray("bob"));
    QCOMPARE(d.notes, QStringList{QStringLiteral("AUTH PLAIN decoded: user \"bob\", password of 6 octets, masked")});
}

void ProtocolSecurityTest::cramMd5Checked()
{
    const QByteArray good = "bob " + Smtp::Sasl::cramMd5Digest(kCramChallenge, "secret");
    const QByteArray bad = "bob " + Smtp::Sasl::cramMd5Digest(kCramChallenge, "wrong");
    const Dialogue ok({"EHLO c.test\r\nAUTH CRAM-MD5\r\n" + b64(good) + "\r\n"}, checked());
    QCOMPARE(afterEhlo(ok), "334 " + b64(kCramChallenge) + "\r\n235 2.7.0 Authentication successful\r\n");
    const Dialogue refused({"EHLO c.test\r\nAUTH CRAM-MD5\r\n" + b64(bad) + "\r\n"}, checked());
    QCOMPARE(afterEhlo(refused), "334 " + b64(kCramChallenge) + "\r\n535 5.7.8 Authentication credentials invalid\r\n");
    // RFC 2195's own example.
    QCOMPARE(Smtp::Sasl::cramMd5Digest("<1896.697170952@postoffice.reston.mci.net>", "tanstaaftanstaaf"),
             QByteArray("b913a602c7eda7a495b4e6e7334d3890"));
}

// The lines of an AUTH exchange are told apart from commands and replies by their kinds; the
// client's lines that carry credentials leave the protocol as their mask (AuthSecret), and the
// decoded credentials are a note of their own, without the password.
void ProtocolSecurityTest::authExchangeLinesHaveKinds()
{
    const Dialogue d({"EHLO c.test\r\nAUTH LOGIN\r\n" + b64("bob") + "\r\n" + b64("secret") + "\r\nNOOP\r\n"}, checked());
    using K = Records::LineKind;
    const qsizetype auth = d.received.indexOf("AUTH LOGIN\r\n");
    QCOMPARE(auth, 1);
    const qsizetype first = d.kinds.size() - 9; // the lines from AUTH LOGIN on
    QCOMPARE(d.kinds.mid(first), (QList<K>{K::Command, K::AuthChallenge, K::AuthSecret, K::AuthChallenge, K::AuthSecret,
                                          K::AuthStep, K::Reply, K::Command, K::Reply}));
    using Holds = Records::AuthSecret::Holds;
    QCOMPARE(Records::AuthSecret::decode(d.received.at(2)),
             (Records::AuthSecret{{}, "LOGIN", Holds::UserName, "bob", 0, {}, {}}));
    QCOMPARE(Records::AuthSecret::decode(d.received.at(3)),
             (Records::AuthSecret{{}, "LOGIN", Holds::Password, "bob", 6, {}, {}}));
    QCOMPARE(d.received.last(), QByteArray("NOOP\r\n"));
    QCOMPARE(d.replyCodes.mid(d.replyCodes.size() - 4), (QList<int>{334, 334, 235, 250}));
    QCOMPARE(d.notes, QStringList{QStringLiteral("AUTH LOGIN decoded: user \"bob\", password of 6 octets, masked")});
    QCOMPARE(d.authenticated, QByteArray("bob"));
}

// Nothing the protocol hands out holds the password or its base64, in any mechanism, unless
// passwords are recorded.
void ProtocolSecurityTest::passwordsNeverLeave_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QByteArray>("token"); // what the client sent that holds the secret
    QTest::addColumn<QString>("shown");
    const QByteArray plain = b64(QByteArray("\0bob\0secret", 11));
    QTest::newRow("plain initial response")
        << "auth plain " + plain + "\r\n" << QByteArray("secret") << plain
        << QStringLiteral("auth plain [PLAIN: user \"bob\", password of 6 octets, masked]");
    QTest::newRow("plain after 334") << "AUTH PLAIN\r\n" + plain + "\r\n" << QByteArray("secret") << plain
                                     << QStringLiteral("[PLAIN: user \"bob\", password of 6 octets, masked]");
    QTest::newRow("login password") << "AUTH LOGIN " + b64("bob") + "\r\n" + b64("secret") + "\r\n" << QByteArray("secret")
                                    << b64("secret")
                                    << QStringLiteral("[LOGIN: user \"bob\", password of 6 octets, masked]");
    const QByteArray cram = "bob " + Smtp::Sasl::cramMd5Digest(kCramChallenge, "secret");
    QTest::newRow("cram-md5 digest") << "AUTH CRAM-MD5\r\n" + b64(cram) + "\r\n" << cram.mid(4) << b64(cram)
                                     << QStringLiteral("[CRAM-MD5: user \"bob\", digest of 32 octets, masked]");
    QTest::newRow("not base64") << QByteArray("AUTH PLAIN\r\nbob:secret!\r\n") << QByteArray("secret")
                                << QByteArray("bob:secret!")
                                << QStringLiteral("[PLAIN: 11 octets that do not decode, masked]");
    QTest::newRow("too long") << "AUTH PLAIN " + QByteArray(20000, 'A') + "secret\r\n" << QByteArray(100, 'A')
                              << QByteArray(100, 'A')
                              << QStringLiteral("AUTH PLAIN [AUTH: 12288 octets that do not decode, masked]");
}

void ProtocolSecurityTest::passwordsNeverLeave()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, secret);
    QFETCH(QByteArray, token);
    QFETCH(QString, shown);
    for (const bool record : {false, true}) {
        Smtp::ProtocolConfig c = config();
        c.recordPasswords = record;
        Smtp::Protocol p(c);
        p.start();
        p.receive(QByteArray("EHLO c.test\r\n" + input + "NOOP\r\n"));
        QByteArray everything;
        QList<Records::AuthSecret> secrets;
        for (const Smtp::ProtocolEvent &e : p.takeEvents()) {
            everything += e.bytes + e.text.toUtf8() + e.defect.detail.toUtf8();
            if (e.kind == Smtp::ProtocolEvent::Kind::Received && e.line == Records::LineKind::AuthSecret)
                secrets.append(*Records::AuthSecret::decode(e.bytes));
        }
        QVERIFY(!secrets.isEmpty());
        QCOMPARE(secrets.last().text(), shown);
        QCOMPARE(secrets.last().text(true) == shown, !record);
        QCOMPARE(everything.contains(secret), record);
        QCOMPARE(everything.contains(token), record);
        if (record)
            QVERIFY(input.contains(secrets.last().wire.trimmed()));
    }
}

// With passwords recorded, the line reveals its bytes and its secret on request only.
void ProtocolSecurityTest::recordedPasswordsReveal()
{
    Smtp::ProtocolConfig c = checked();
    c.recordPasswords = true;
    const QByteArray plain = b64(QByteArray("\0bob\0secret", 11));
    const Dialogue d({"EHLO c.test\r\nAUTH PLAIN " + plain + "\r\n"}, c);
    const auto secret = Records::AuthSecret::decode(d.received.last());
    QVERIFY(secret);
    QCOMPARE(secret->wire, "AUTH PLAIN " + plain + "\r\n");
    QCOMPARE(secret->secret, QByteArray("secret"));
    QCOMPARE(secret->text(), QStringLiteral("AUTH PLAIN [PLAIN: user \"bob\", password of 6 octets, masked]"));
    QCOMPARE(secret->text(true),
             QString(QStringLiteral("AUTH PLAIN ") + QString::fromLatin1(plain)
                     + QStringLiteral(" [PLAIN: user \"bob\", password \"secret\"]")));
    QCOMPARE(d.notes, QStringList{QStringLiteral("AUTH PLAIN decoded: user \"bob\", password of 6 octets, masked")});
    QCOMPARE(afterEhlo(d), QByteArray("235 2.7.0 Authentication successful\r\n"));
}

// The fifth failed attempt in a session is answered 421 4.7.0, and the connection closes.
void ProtocolSecurityTest::authFailuresCloseTheSession()
{
    const QByteArray wrong = "AUTH PLAIN " + b64(QByteArray("\0bob\0guess", 10)) + "\r\n";
    QList<QByteArray> chunks{"EHLO c.test\r\n"};
    for (int i = 0; i < 6; ++i)
        chunks.append(wrong);
    const Dialogue d(chunks, checked());
    const QByteArray refused = "535 5.7.8 Authentication credentials invalid\r\n";
    QCOMPARE(afterEhlo(d), refused + refused + refused + refused
                               + "421 4.7.0 mx.test too many failed authentication attempts, closing connection\r\n");
    QVERIFY(d.closed);

    // Four failures and a success: the session goes on.
    chunks = {"EHLO c.test\r\n", wrong, wrong, wrong, wrong,
              "AUTH PLAIN " + b64(QByteArray("\0bob\0secret", 11)) + "\r\n"};
    const Dialogue ok(chunks, checked());
    QCOMPARE(afterEhlo(ok), refused + refused + refused + refused + "235 2.7.0 Authentication successful\r\n");
    QVERIFY(!ok.closed);
}

// The server counts failures per client address across sessions: at the limit, even right
// credentials are not checked.
void ProtocolSecurityTest::authFailuresOfTheAddressRefuseAuth()
{
    Smtp::Protocol p(checked());
    p.setAddressAuthFailures(5);
    p.start();
    p.receive(QByteArray("EHLO c.test\r\nAUTH PLAIN " + b64(QByteArray("\0bob\0secret", 11)) + "\r\n"));
    QByteArray output;
    bool closed = false;
    for (const Smtp::ProtocolEvent &e : p.takeEvents()) {
        if (e.kind == Smtp::ProtocolEvent::Kind::Sent)
            output += e.bytes;
        closed = closed || e.kind == Smtp::ProtocolEvent::Kind::Closed;
    }
    QVERIFY(output.endsWith("250 HELP\r\n421 4.7.0 mx.test too many failed authentication attempts, closing connection\r\n"));
    QVERIFY(closed);
    QCOMPARE(p.authFailures(), 0);
}

QTEST_APPLESS_MAIN(ProtocolSecurityTest)
#include "tst_protocolsecurity.moc"
