#include "scriptedpeer.h"

#include "capture/captureservice.h"
#include "smtp/submitter.h"
#include "store/reader.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using Smtp::SubmitFailure;
using Smtp::SubmitOutcome;
using Smtp::SubmitStage;

namespace {

// A server that offers SIZE and takes everything.
QByteArray plainServer(const QByteArray &command)
{
    if (command.startsWith("EHLO"))
        return "250-peer.example\r\n250-SIZE 1000000\r\n250 HELP\r\n";
    if (command == "DATA")
        return "354 go ahead\r\n";
    if (command == "QUIT")
        return "221 bye\r\n";
    return "250 OK\r\n";
}

Smtp::SubmitTarget targetAt(quint16 port)
{
    Smtp::SubmitTarget target;
    target.server = {QStringLiteral("127.0.0.1"), port};
    target.heloName = "client.example";
    return target;
}

} // namespace

class SubmitterTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void exactBytesOnTheWire_data();
    void exactBytesOnTheWire();
    void storedExactly();
    void startTls();
    void startTlsRequiredButNotOffered();
    void implicitTls();
    void authPlain();
    void authLogin();
    void authRefused();
    void authAgainstServer();
    void ehloRefusedFallsBackToHelo();
    void eightBitAndSmtpUtf8WhenOffered();
    void temporaryRefusalAtRcpt();
    void everyRecipientRefused();
    void permanentRefusalAtData();
    void refusedAtEndOfData();
    void serverDown();
    void noGreetingTimesOut();
    void serverClosesMidDialogue();
    void hostPortParse_data();
    void hostPortParse();

private:
    SubmitOutcome run(const Smtp::SubmitTarget &target, const Smtp::Submission &submission, QByteArrayList *sent = nullptr);
    Store::Reader reader() const { return Store::Reader(m_dir.filePath(QStringLiteral("s.sqlite"))); }
    // The newest stored message's bytes, once there are count messages.
    QByteArray newestStored(int count);

    QTemporaryDir m_dir;
    std::unique_ptr<Capture::CaptureService> m_service;
    quint16 m_port = 0;
    quint16 m_smtpsPort = 0;
    int m_stored = 0;
};

void SubmitterTest::initTestCase()
{
    Capture::Config config;
    config.databasePath = m_dir.filePath(QStringLiteral("s.sqlite"));
    config.server.listen = {{QHostAddress::LocalHost, 0}};
    config.server.implicitTls = {{QHostAddress::LocalHost, 0, true}};
    QString error;
    config.server.tls = Smtp::TlsIdentity::loadOrCreate(m_dir.path(), QStringLiteral("localhost"), &error);
    QVERIFY2(config.server.tls, qPrintable(error));
    m_service = std::make_unique<Capture::CaptureService>(config);
    QVERIFY2(m_service->start(&error), qPrintable(error));
    for (const auto &a : m_service->addresses())
        (a.implicitTls ? m_smtpsPort : m_port) = a.port;
    QVERIFY(m_port && m_smtpsPort);
}

SubmitOutcome SubmitterTest::run(const Smtp::SubmitTarget &target, const Smtp::Submission &submission, QByteArrayList *sent)
{
    Smtp::Submitter submitter;
    QSignalSpy finished(&submitter, &Smtp::Submitter::finished);
    if (sent)
        connect(&submitter, &Smtp::Submitter::lineSent, this, [sent](const QByteArray &line) { sent->append(line); });
    submitter.submit(target, submission);
    if (!finished.wait(20000) && finished.isEmpty())
        return {SubmitFailure::TimedOut, SubmitStage::Connect, 0, "the test waited in vain", {}};
    [&] { QCOMPARE(finished.size(), 1); }();
    return finished.first().first().value<SubmitOutcome>();
}

QByteArray SubmitterTest::newestStored(int count)
{
    Store::Reader r = reader();
    if (!QTest::qWaitFor([&] { return r.messageCount() >= count; }, 10000))
        return "(not stored)";
    return r.raw(r.messages(0, 1).first().id).value_or("(no raw bytes)");
}

void SubmitterTest::exactBytesOnTheWire_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("data"); // what must follow DATA on the wire
    QTest::newRow("ends with CRLF") << QByteArray("Subject: a\r\n\r\nbody\r\n")
                                    << QByteArray("Subject: a\r\n\r\nbody\r\n.\r\n");
    QTest::newRow("no final CRLF") << QByteArray("Subject: a\r\n\r\nbody")
                                   << QByteArray("Subject: a\r\n\r\nbody\r\n.\r\n");
    QTest::newRow("dots at line starts") << QByteArray(".first\r\n\r\n.\r\n..two\r\nmid.dle\r\n.")
                                         << QByteArray("..first\r\n\r\n..\r\n...two\r\nmid.dle\r\n..\r\n.\r\n");
    QTest::newRow("dot after a bare LF stays") << QByteArray("a\n.b\r\n") << QByteArray("a\n.b\r\n.\r\n");
    QTest::newRow("empty") << QByteArray() << QByteArray(".\r\n");
}

void SubmitterTest::exactBytesOnTheWire()
{
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, data);
    ScriptedPeer peer(plainServer);
    const SubmitOutcome outcome = run(targetAt(peer.port()), {"a@example.com", {"b@example.com", "c@example.com"}, message});
    QVERIFY2(outcome.delivered(), qPrintable(outcome.description()));
    QCOMPARE(outcome.code, 250);
    QTRY_VERIFY(peer.closed());
    QCOMPARE(peer.received(), "EHLO client.example\r\n"
                              "MAIL FROM:<a@example.com> SIZE=" + QByteArray::number(message.size()) + "\r\n"
                              "RCPT TO:<b@example.com>\r\n"
                              "RCPT TO:<c@example.com>\r\n"
                              "DATA\r\n" + data + "QUIT\r\n");
    QCOMPARE(outcome.recipients, (QList<Smtp::RecipientResult>{{"b@example.com", 250, "OK"}, {"c@example.com", 250, "OK"}}));
}

void SubmitterTest::storedExactly()
{
    const QByteArray message = "From: a@example.com\r\nSubject: kept\r\n\r\n.leading dot\r\nbare\nLF\r\n";
    const SubmitOutcome outcome = run(targetAt(m_port), {"a@example.com", {"b@example.com"}, message});
    QVERIFY2(outcome.delivered(), qPrintable(outcome.description()));
    QCOMPARE(newestStored(++m_stored), message);
    const Records::MessageSummary summary = reader().messages(0, 1).first();
    QCOMPARE(summary.mailFrom, QByteArray("a@example.com"));
    QCOMPARE(summary.recipients, QList<QByteArray>{"b@example.com"});
}

void SubmitterTest::startTls()
{
    Smtp::SubmitTarget target = targetAt(m_port);
    target.security = Smtp::TransportSecurity::StartTls;
    target.verifyCertificate = false; // the server's certificate is self-signed
    QByteArrayList sent;
    const QByteArray message = "Subject: over STARTTLS\r\n\r\nhi\r\n";
    const SubmitOutcome outcome = run(target, {"a@example.com", {"b@example.com"}, message}, &sent);
    QVERIFY2(outcome.delivered(), qPrintable(outcome.description()));
    QCOMPARE(sent.mid(0, 3), (QByteArrayList{"EHLO client.example\r\n", "STARTTLS\r\n", "EHLO client.example\r\n"}));
    QCOMPARE(newestStored(++m_stored), message);
    Store::Reader r = reader();
    const auto session = r.session(r.messages(0, 1).first().sessionId);
    QVERIFY(session);
    QVERIFY(!session->tls.value(QStringLiteral("version")).toString().isEmpty());
}

void SubmitterTest::startTlsRequiredButNotOffered()
{
    ScriptedPeer peer(plainServer);
    Smtp::SubmitTarget target = targetAt(peer.port());
    target.security = Smtp::TransportSecurity::StartTls;
    const SubmitOutcome outcome = run(target, {"a@example.com", {"b@example.com"}, "x\r\n"});
    QCOMPARE(outcome.failure, SubmitFailure::TlsFailed);
    QCOMPARE(outcome.stage, SubmitStage::StartTls);
    QTRY_COMPARE(peer.received(), QByteArray("EHLO client.example\r\nQUIT\r\n")); // no MAIL in the clear
}

void SubmitterTest::implicitTls()
{
    Smtp::SubmitTarget target = targetAt(m_smtpsPort);
    target.security = Smtp::TransportSecurity::ImplicitTls;
    target.verifyCertificate = false;
    const QByteArray message = "Subject: over SMTPS\r\n\r\nhi\r\n";
    const SubmitOutcome outcome = run(target, {"a@example.com", {"b@example.com"}, message});
    QVERIFY2(outcome.delivered(), qPrintable(outcome.description()));
    QCOMPARE(newestStored(++m_stored), message);

    // The same certificate, verified: it is self-signed, so the handshake fails.
    target.verifyCertificate = true;
    const SubmitOutcome verified = run(target, {"a@example.com", {"b@example.com"}, message});
    QCOMPARE(verified.failure, SubmitFailure::TlsFailed);
    QVERIFY(verified.temporary());
}

void SubmitterTest::authPlain()
{
    ScriptedPeer peer([](const QByteArray &command) -> QByteArray {
        if (command.startsWith("EHLO"))
            return "250-peer.example\r\n250 AUTH LOGIN PLAIN\r\n";
        if (command.startsWith("AUTH"))
            return "235 2.7.0 ok\r\n";
        return plainServer(command);
    });
    Smtp::SubmitTarget target = targetAt(peer.port());
    target.user = "alice";
    target.password = "secret";
    QByteArrayList sent;
    const SubmitOutcome outcome = run(target, {"a@example.com", {"b@example.com"}, "x\r\n"}, &sent);
    QVERIFY2(outcome.delivered(), qPrintable(outcome.description()));
    QTRY_VERIFY(peer.closed());
    QVERIFY(peer.received().startsWith("EHLO client.example\r\nAUTH PLAIN AGFsaWNlAHNlY3JldA==\r\nMAIL FROM:<a@example.com>\r\n"));
    QCOMPARE(sent.at(1), QByteArray("AUTH PLAIN (credentials)\r\n")); // what -v shows
}

void SubmitterTest::authLogin()
{
    ScriptedPeer peer([](const QByteArray &command) -> QByteArray {
        if (command.startsWith("EHLO"))
            return "250-peer.example\r\n250 AUTH LOGIN CRAM-MD5\r\n";
        if (command == "AUTH LOGIN")
            return "334 VXNlcm5hbWU6\r\n";
        if (command == "YWxpY2U=")
            return "334 UGFzc3dvcmQ6\r\n";
        if (command == "c2VjcmV0")
            return "235 2.7.0 ok\r\n";
        return plainServer(command);
    });
    Smtp::SubmitTarget target = targetAt(peer.port());
    target.user = "alice";
    target.password = "secret";
    const SubmitOutcome outcome = run(target, {"a@example.com", {"b@example.com"}, "x\r\n"});
    QVERIFY2(outcome.delivered(), qPrintable(outcome.description()));
    QTRY_VERIFY(peer.closed());
    QVERIFY(peer.received().startsWith("EHLO client.example\r\nAUTH LOGIN\r\nYWxpY2U=\r\nc2VjcmV0\r\nMAIL FROM:<a@example.com>\r\n"));
}

void SubmitterTest::authRefused()
{
    ScriptedPeer peer([](const QByteArray &command) -> QByteArray {
        if (command.startsWith("EHLO"))
            return "250-peer.example\r\n250 AUTH PLAIN\r\n";
        if (command.startsWith("AUTH"))
            return "535 5.7.8 bad credentials\r\n";
        return plainServer(command);
    });
    Smtp::SubmitTarget target = targetAt(peer.port());
    target.user = "alice";
    target.password = "wrong";
    const SubmitOutcome outcome = run(target, {"a@example.com", {"b@example.com"}, "x\r\n"});
    QCOMPARE(outcome.failure, SubmitFailure::AuthRefused);
    QCOMPARE(outcome.stage, SubmitStage::Auth);
    QCOMPARE(outcome.code, 535);
    QCOMPARE(outcome.text, QByteArray("5.7.8 bad credentials"));
    QVERIFY(!outcome.temporary());
    QTRY_VERIFY(peer.received().endsWith("QUIT\r\n"));
    QVERIFY(!peer.received().contains("MAIL"));
}

void SubmitterTest::authAgainstServer()
{
    // Mailscope accepts any credentials when it has no users file, and stores the user.
    Smtp::SubmitTarget target = targetAt(m_port);
    target.user = "carol";
    target.password = "pw";
    const SubmitOutcome outcome = run(target, {"a@example.com", {"b@example.com"}, "Subject: auth\r\n\r\n"});
    QVERIFY2(outcome.delivered(), qPrintable(outcome.description()));
    newestStored(++m_stored);
    Store::Reader r = reader();
    QCOMPARE(r.session(r.messages(0, 1).first().sessionId)->authUser, QByteArray("carol"));
}

void SubmitterTest::ehloRefusedFallsBackToHelo()
{
    ScriptedPeer peer([](const QByteArray &command) -> QByteArray {
        if (command.startsWith("EHLO"))
            return "502 5.5.1 what?\r\n";
        return plainServer(command);
    });
    const SubmitOutcome outcome = run(targetAt(peer.port()), {"a@example.com", {"b@example.com"}, "x\r\n"});
    QVERIFY2(outcome.delivered(), qPrintable(outcome.description()));
    QTRY_VERIFY(peer.closed());
    QVERIFY(peer.received().startsWith("EHLO client.example\r\nHELO client.example\r\nMAIL FROM:<a@example.com>\r\n"));
}

void SubmitterTest::eightBitAndSmtpUtf8WhenOffered()
{
    ScriptedPeer peer([](const QByteArray &command) -> QByteArray {
        if (command.startsWith("EHLO"))
            return "250-peer.example\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n";
        return plainServer(command);
    });
    const QByteArray message = "Subject: caf\xc3\xa9\r\n\r\n";
    run(targetAt(peer.port()), {"j\xc3\xb6rg@example.com", {"b@example.com"}, message});
    QTRY_VERIFY(peer.closed());
    QVERIFY(peer.received().contains("MAIL FROM:<j\xc3\xb6rg@example.com> BODY=8BITMIME SMTPUTF8\r\n"));

    ScriptedPeer ascii(plainServer); // not offered: not sent
    run(targetAt(ascii.port()), {"a@example.com", {"b@example.com"}, message});
    QTRY_VERIFY(ascii.closed());
    QVERIFY(ascii.received().contains(QByteArray("MAIL FROM:<a@example.com> SIZE=" + QByteArray::number(message.size()) + "\r\n")));
}

void SubmitterTest::temporaryRefusalAtRcpt()
{
    ScriptedPeer peer([](const QByteArray &command) -> QByteArray {
        if (command == "RCPT TO:<busy@example.com>")
            return "450 4.2.1 mailbox busy\r\n";
        return plainServer(command);
    });
    const SubmitOutcome outcome
        = run(targetAt(peer.port()), {"a@example.com", {"busy@example.com", "ok@example.com"}, "x\r\n"});
    QVERIFY(outcome.delivered());
    QVERIFY(outcome.partial());
    QCOMPARE(outcome.recipients, (QList<Smtp::RecipientResult>{{"busy@example.com", 450, "4.2.1 mailbox busy"},
                                                               {"ok@example.com", 250, "OK"}}));
    QTRY_VERIFY(peer.closed());
    QVERIFY(peer.received().contains("DATA\r\nx\r\n.\r\n"));
}

void SubmitterTest::everyRecipientRefused()
{
    ScriptedPeer peer([](const QByteArray &command) -> QByteArray {
        if (command.startsWith("RCPT"))
            return "451 4.3.0 try later\r\n";
        return plainServer(command);
    });
    const SubmitOutcome outcome = run(targetAt(peer.port()), {"a@example.com", {"b@example.com"}, "x\r\n"});
    QCOMPARE(outcome.failure, SubmitFailure::NoRecipientAccepted);
    QCOMPARE(outcome.recipients.first().code, 451);
    QVERIFY(outcome.temporary());
    QTRY_VERIFY(peer.closed());
    QVERIFY(!peer.received().contains("DATA"));
}

void SubmitterTest::permanentRefusalAtData()
{
    ScriptedPeer peer([](const QByteArray &command) -> QByteArray {
        if (command == "DATA")
            return "554 5.5.1 no valid recipients\r\n";
        return plainServer(command);
    });
    const SubmitOutcome outcome = run(targetAt(peer.port()), {"a@example.com", {"b@example.com"}, "x\r\n"});
    QCOMPARE(outcome.failure, SubmitFailure::Refused);
    QCOMPARE(outcome.stage, SubmitStage::Data);
    QCOMPARE(outcome.code, 554);
    QVERIFY(!outcome.temporary());
    QCOMPARE(outcome.description(), QStringLiteral("the server refused DATA with 554 5.5.1 no valid recipients"));
    QTRY_VERIFY(peer.closed());
    QVERIFY(peer.received().endsWith("DATA\r\nQUIT\r\n"));
}

void SubmitterTest::refusedAtEndOfData()
{
    ScriptedPeer peer(plainServer, "452-4.3.1 out of\r\n452 4.3.1 storage\r\n");
    const SubmitOutcome outcome = run(targetAt(peer.port()), {"a@example.com", {"b@example.com"}, "x\r\n"});
    QCOMPARE(outcome.failure, SubmitFailure::Refused);
    QCOMPARE(outcome.stage, SubmitStage::EndOfData);
    QCOMPARE(outcome.code, 452);
    QCOMPARE(outcome.text, QByteArray("4.3.1 out of 4.3.1 storage"));
    QVERIFY(outcome.temporary());
}

void SubmitterTest::serverDown()
{
    quint16 port = 0;
    {
        QTcpServer probe; // a port nothing listens on once it is closed
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    const SubmitOutcome outcome = run(targetAt(port), {"a@example.com", {"b@example.com"}, "x\r\n"});
    QCOMPARE(outcome.failure, SubmitFailure::ConnectFailed);
    QCOMPARE(outcome.stage, SubmitStage::Connect);
    QVERIFY(outcome.temporary());
    QVERIFY(!outcome.text.isEmpty());

    Smtp::SubmitTarget smtps = targetAt(port); // with implicit TLS it is still no connection, not a TLS failure
    smtps.security = Smtp::TransportSecurity::ImplicitTls;
    const SubmitOutcome encrypted = run(smtps, {"a@example.com", {"b@example.com"}, "x\r\n"});
    QCOMPARE(encrypted.failure, SubmitFailure::ConnectFailed);
    QCOMPARE(encrypted.stage, SubmitStage::Connect);
}

void SubmitterTest::noGreetingTimesOut()
{
    ScriptedPeer peer(plainServer);
    peer.setGreeting({});
    Smtp::SubmitTarget target = targetAt(peer.port());
    target.replyTimeoutMs = 100;
    const SubmitOutcome outcome = run(target, {"a@example.com", {"b@example.com"}, "x\r\n"});
    QCOMPARE(outcome.failure, SubmitFailure::TimedOut);
    QCOMPARE(outcome.stage, SubmitStage::Greeting);
    QVERIFY(outcome.temporary());
}

void SubmitterTest::serverClosesMidDialogue()
{
    ScriptedPeer peer([](const QByteArray &command) -> QByteArray {
        if (command.startsWith("MAIL"))
            return "421 4.3.2 shutting down\r\n"; // the peer then closes
        return plainServer(command);
    });
    const SubmitOutcome outcome = run(targetAt(peer.port()), {"a@example.com", {"b@example.com"}, "x\r\n"});
    QCOMPARE(outcome.failure, SubmitFailure::Refused);
    QCOMPARE(outcome.stage, SubmitStage::Mail);
    QCOMPARE(outcome.code, 421);
    QVERIFY(outcome.temporary());
}

void SubmitterTest::hostPortParse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::newRow("name and port") << QStringLiteral("mail.example:587") << QStringLiteral("mail.example") << 587;
    QTest::newRow("name, default port") << QStringLiteral("localhost") << QStringLiteral("localhost") << 1025;
    QTest::newRow("IPv6") << QStringLiteral("[::1]:2525") << QStringLiteral("::1") << 2525;
    QTest::newRow("IPv6 without brackets") << QStringLiteral("::1:25") << QString() << 0;
    QTest::newRow("port zero") << QStringLiteral("h:0") << QString() << 0;
    QTest::newRow("port too big") << QStringLiteral("h:65536") << QString() << 0;
    QTest::newRow("no host") << QStringLiteral(":25") << QString() << 0;
}

void SubmitterTest::hostPortParse()
{
    QFETCH(QString, text);
    QFETCH(QString, host);
    QFETCH(int, port);
    const auto parsed = Smtp::HostPort::parse(text, 1025);
    QCOMPARE(parsed.has_value(), port != 0);
    if (parsed) {
        QCOMPARE(parsed->host, host);
        QCOMPARE(parsed->port, port);
    }
}

QTEST_GUILESS_MAIN(SubmitterTest)
#include "tst_submitter.moc"
