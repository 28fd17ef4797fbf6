#include "faults/injector.h"
#include "dialogue.h"
#include "faultsplans.h"
#include "smtp/protocol.h"

#include <QTest>

using Smtp::Protocol;
using Smtp::ProtocolEvent;

namespace {

// A whole dialogue with a fault plan, seed 1, as session 1 from 192.0.2.1.
Test::Dialogue faultDialogue(const QByteArray &rules, const QList<QByteArray> &chunks,
                             std::optional<Records::Reply> holdAnswer = {}, const Smtp::ProtocolConfig &config = {})
{
    auto injector = std::make_shared<Faults::Injector>(planOf(rules), 1);
    const auto check = [injector](Faults::Context &c) {
        c.session = 1;
        c.client = QHostAddress(QStringLiteral("192.0.2.1"));
        return injector->decide(c);
    };
    return Test::Dialogue(chunks, config, check, std::move(holdAnswer));
}

const QString kGreeting = QStringLiteral("220 mailscope.localhost ESMTP Mailscope ready");
const QString kHelo = QStringLiteral("250 mailscope.localhost greets c");
const QString kQuit = QStringLiteral("221 mailscope.localhost closing connection");
const QString kData = QStringLiteral("354 End data with <CR><LF>.<CR><LF>");

QByteArray rule(const char *stage, const char *action, const char *when = "{}", const char *name = "r")
{
    return QByteArray(R"({"name": ")") + name + R"(", "stage": ")" + stage + R"(", "when": )" + when
         + R"(, "action": )" + action + "}";
}

QStringList lines(std::initializer_list<QString> l)
{
    return QStringList(l);
}

} // namespace

class TestProtocolFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dialogues_data();
    void dialogues();
    void refusedRecipientIsNotAdded();
    void ehloSuccessTextKeepsExtensions();
    void bdatRefusalReadsTheChunk();
    void authRuleSeesTheUser();
    void starttlsRefused();
    void hangAnswersNothingMore();
    void pipelinedCommandsStayInOrderBehindADelay();
    void holdAnswered_data();
    void holdAnswered();
    void heldEhloSendsTheServersReply_data();
    void heldEhloSendsTheServersReply();
    void messageRecordsItsRules();
    void preGreetTrafficIsADefect_data();
    void preGreetTrafficIsADefect();
    void bytesBeforeStartArePreGreet();
};

void TestProtocolFaults::dialogues_data()
{
    QTest::addColumn<QByteArray>("rules");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<int>("stored");
    QTest::addColumn<bool>("closed");

    const QByteArray mail = "HELO c\r\nMAIL FROM:<a@x>\r\nRCPT TO:<b@x>\r\nDATA\r\nhi\r\n.\r\nQUIT\r\n";
    const QString sender = QStringLiteral("250 Sender <a@x> OK");
    const QString recipient = QStringLiteral("250 Recipient <b@x> OK");
    QTest::newRow("no-rule-fires") << rule("rcpt", R"({"type": "reply", "code": 550})", R"({"argument": "^z@"})") << mail
                                   << lines({kGreeting, kHelo, sender, recipient, kData,
                                             QStringLiteral("250 OK: queued as 7"), kQuit})
                                   << 1 << true;
    QTest::newRow("connect-421-closes") << rule("connect", R"({"type": "disconnect", "text": "Not now"})") << mail
                                        << lines({QStringLiteral("421 Not now")}) << 0 << true;
    QTest::newRow("greeting-554-then-503")
        << rule("greeting", R"({"type": "reply", "code": 554, "text": "No SMTP service here"})")
        << QByteArray("EHLO c\r\nQUIT\r\n")
        << lines({QStringLiteral("554 No SMTP service here"),
                  QStringLiteral("503 Bad sequence of commands: the greeting refused this session, send QUIT (RFC "
                                 "5321 3.1)"),
                  kQuit})
        << 0 << true;
    QTest::newRow("helo-550") << rule("helo", R"({"type": "reply", "code": 550, "text": "Go away"})")
                              << QByteArray("HELO c\r\nMAIL FROM:<a@x>\r\n")
                              << lines({kGreeting, QStringLiteral("550 Go away"),
                                        QStringLiteral("503 Send EHLO or HELO first")})
                              << 0 << false;
    QTest::newRow("mail-451-no-transaction")
        << rule("mail", R"({"type": "reply", "code": 451, "text": "Try later"})") << mail
        << lines({kGreeting, kHelo, QStringLiteral("451 Try later"), QStringLiteral("503 Need MAIL command first"),
                  QStringLiteral("503 Need MAIL command first"), QStringLiteral("500 Command unrecognized: HI"),
                  QStringLiteral("500 Command unrecognized: ."), kQuit})
        << 0 << true;
    QTest::newRow("mail-success-text") << rule("mail", R"({"type": "reply", "code": 250, "text": "Nice sender"})")
                                       << mail
                                       << lines({kGreeting, kHelo, QStringLiteral("250 Nice sender"), recipient, kData,
                                                 QStringLiteral("250 OK: queued as 7"), kQuit})
                                       << 1 << true;
    QTest::newRow("success-text-not-on-failure")
        << rule("mail", R"({"type": "reply", "code": 250, "text": "Nice sender"})")
        << QByteArray("HELO c\r\nMAIL FROM:nobrackets\r\n")
        << lines({kGreeting, kHelo, QStringLiteral("501 Address must be enclosed in <>")}) << 0 << false;
    QTest::newRow("data-554") << rule("data", R"({"type": "reply", "code": 554, "text": "No data today"})")
                              << QByteArray("HELO c\r\nMAIL FROM:<a@x>\r\nRCPT TO:<b@x>\r\nDATA\r\nRSET\r\n")
                              << lines({kGreeting, kHelo, sender, recipient, QStringLiteral("554 No data today"),
                                        QStringLiteral("250 OK")})
                              << 0 << false;
    QTest::newRow("end-of-data-554-resets")
        << rule("end-of-data", R"({"type": "reply", "code": 554, "enhanced": "5.6.0", "text": "Content rejected"})")
        << QByteArray("HELO c\r\nMAIL FROM:<a@x>\r\nRCPT TO:<b@x>\r\nDATA\r\nhi\r\n.\r\nRCPT TO:<b@x>\r\n")
        << lines({kGreeting, kHelo, sender, recipient, kData, QStringLiteral("554 Content rejected"),
                  QStringLiteral("503 Need MAIL command first")})
        << 0 << false;
    QTest::newRow("drop-says-250") << rule("end-of-data", R"({"type": "drop"})") << mail
                                   << lines({kGreeting, kHelo, sender, recipient, kData, QStringLiteral("250 OK: queued"),
                                             kQuit})
                                   << 0 << true;
    QTest::newRow("rcpt-421-closes") << rule("rcpt", R"({"type": "reply", "code": 421, "text": "Bye"})") << mail
                                     << lines({kGreeting, kHelo, sender, QStringLiteral("421 Bye")}) << 0 << true;
    QTest::newRow("quit-close-without-reply") << rule("quit", R"({"type": "close"})") << mail
                                              << lines({kGreeting, kHelo, sender, recipient, kData,
                                                        QStringLiteral("250 OK: queued as 7")})
                                              << 1 << true;
    QTest::newRow("noop-delay-same-reply") << rule("noop", R"({"type": "delay", "delayMs": 10})")
                                           << QByteArray("HELO c\r\nNOOP\r\n")
                                           << lines({kGreeting, kHelo, QStringLiteral("250 OK")}) << 0 << false;
    QTest::newRow("vrfy-550") << rule("vrfy", R"({"type": "reply", "code": 550, "text": "No"})")
                              << QByteArray("HELO c\r\nVRFY x\r\n") << lines({kGreeting, kHelo, QStringLiteral("550 No")})
                              << 0 << false;
    QTest::newRow("any-covers-unknown-verbs") << rule("any", R"({"type": "reply", "code": 500, "text": "Nope"})")
                                              << QByteArray("XYZZY\r\nQUIT\r\n")
                                              << lines({kGreeting, QStringLiteral("500 Nope"), QStringLiteral("500 Nope")})
                                              << 0 << false;
    QTest::newRow("rate-limit-421")
        << rule("mail", R"({"type": "rate-limit", "limit": 1, "code": 421, "enhanced": "4.7.0", "text": "Slow down"})")
        << QByteArray("HELO c\r\nMAIL FROM:<a@x>\r\nRSET\r\nMAIL FROM:<a@x>\r\nNOOP\r\n")
        << lines({kGreeting, kHelo, sender, QStringLiteral("250 OK"), QStringLiteral("421 Slow down")}) << 0 << true;
}

void TestProtocolFaults::dialogues()
{
    QFETCH(QByteArray, rules);
    QFETCH(QByteArray, input);
    QFETCH(QStringList, expected);
    QFETCH(int, stored);
    QFETCH(bool, closed);
    const Test::Dialogue d = faultDialogue(rules, {input});
    QCOMPARE(d.replies, expected);
    QCOMPARE(d.messages.size(), stored);
    QCOMPARE(d.closed, closed);
}

void TestProtocolFaults::refusedRecipientIsNotAdded()
{
    const Test::Dialogue d = faultDialogue(rule("rcpt", R"({"type": "reply", "code": 550, "enhanced": "5.1.1", "text": "No such user"})",
                               R"({"argument": "^b@"})"),
                          {"HELO c\r\nMAIL FROM:<a@x>\r\nRCPT TO:<b@x>\r\nRCPT TO:<c@x>\r\nDATA\r\nhi\r\n.\r\n"});
    QVERIFY(d.replies.contains(QStringLiteral("550 No such user")));
    QCOMPARE(d.messages.size(), 1);
    QCOMPARE(d.messages[0].envelope.recipients.size(), 1);
    QCOMPARE(d.messages[0].envelope.recipients[0].address, QByteArray("c@x"));
    QCOMPARE(d.notes.first(), QStringLiteral("Fault rule \"r\": reply 550 5.1.1 No such user"));
}

void TestProtocolFaults::ehloSuccessTextKeepsExtensions()
{
    const Test::Dialogue d = faultDialogue(rule("helo", R"({"type": "reply", "code": 250, "text": "Hello, student"})"), {"EHLO c\r\n"});
    QCOMPARE(d.replies.value(1), QStringLiteral("250-Hello, student"));
    QCOMPARE(d.replies.value(2), QStringLiteral("250-PIPELINING"));
    QCOMPARE(d.replies.last(), QStringLiteral("250 HELP"));
}

void TestProtocolFaults::bdatRefusalReadsTheChunk()
{
    const Test::Dialogue d = faultDialogue(rule("bdat", R"({"type": "reply", "code": 552, "enhanced": "5.3.4", "text": "No room"})"),
                          {"EHLO c\r\nMAIL FROM:<a@x>\r\nRCPT TO:<b@x>\r\nBDAT 6 LAST\r\nNOOP\r\nNOOP\r\nRCPT TO:<b@x>\r\n"});
    // The six octets "NOOP\r\n" are the chunk, not a command; the message failed as a whole.
    QCOMPARE(d.replies.mid(d.replies.size() - 3),
             lines({QStringLiteral("552 5.3.4 No room"), QStringLiteral("250 2.0.0 OK"),
                    QStringLiteral("503 5.5.1 Need MAIL command first")}));
    QVERIFY(d.messages.isEmpty());
}

void TestProtocolFaults::authRuleSeesTheUser()
{
    const QByteArray plan = rule("auth", R"({"type": "reply", "code": 535, "enhanced": "5.7.8", "text": "Not you"})",
                                 R"({"authUser": "^alice$"})");
    const QByteArray alice = "AUTH PLAIN " + QByteArray("\0alice\0pw", 9).toBase64() + "\r\n";
    const QByteArray bob = "AUTH PLAIN " + QByteArray("\0bob\0pw", 7).toBase64() + "\r\n";
    const Test::Dialogue d = faultDialogue(plan, {"EHLO c\r\n" + alice + bob});
    QCOMPARE(d.replies.mid(d.replies.size() - 2),
             lines({QStringLiteral("535 5.7.8 Not you"), QStringLiteral("235 2.7.0 Authentication successful")}));
}

void TestProtocolFaults::starttlsRefused()
{
    Smtp::ProtocolConfig config;
    config.tlsAvailable = true;
    const Test::Dialogue d = faultDialogue(rule("starttls", R"({"type": "reply", "code": 454, "enhanced": "4.7.0", "text": "TLS not available"})"),
                          {"EHLO c\r\nSTARTTLS\r\nNOOP\r\n"}, std::nullopt, config);
    QCOMPARE(d.replies.mid(d.replies.size() - 2),
             lines({QStringLiteral("454 4.7.0 TLS not available"), QStringLiteral("250 2.0.0 OK")}));
    QVERIFY(!d.startTls);
}

void TestProtocolFaults::hangAnswersNothingMore()
{
    const Test::Dialogue d = faultDialogue(rule("rcpt", R"({"type": "hang"})"), {"HELO c\r\nMAIL FROM:<a@x>\r\nRCPT TO:<b@x>\r\nNOOP\r\n", "QUIT\r\n"});
    QCOMPARE(d.replies, lines({kGreeting, kHelo, QStringLiteral("250 Sender <a@x> OK")}));
    QVERIFY(!d.closed);
    QCOMPARE(d.fired, QStringList{QStringLiteral("r")});
}

void TestProtocolFaults::pipelinedCommandsStayInOrderBehindADelay()
{
    const Test::Dialogue d = faultDialogue(rule("mail", R"({"type": "delay", "delayMs": 250})"),
                          {"HELO c\r\nMAIL FROM:<a@x>\r\nRCPT TO:<b@x>\r\nNOOP\r\n"});
    QCOMPARE(d.replies, lines({kGreeting, kHelo, QStringLiteral("250 Sender <a@x> OK"),
                               QStringLiteral("250 Recipient <b@x> OK"), QStringLiteral("250 OK")}));
    QCOMPARE(d.paces, QList<qint64>{250});
    QCOMPARE(d.paceLines, 1); // only the MAIL reply waited; the rest came after resume()
}

void TestProtocolFaults::holdAnswered_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("reply");
    QTest::addColumn<QString>("dataReply");
    QTest::newRow("refused") << 550 << "550 Not this one" << "503 Need RCPT command first: no valid recipients";
    QTest::newRow("accepted-with-text") << 251 << "251 Not this one" << kData;
}

void TestProtocolFaults::holdAnswered()
{
    QFETCH(int, code);
    QFETCH(QString, reply);
    QFETCH(QString, dataReply);
    const Test::Dialogue d = faultDialogue(rule("rcpt", R"({"type": "hold", "timeoutMs": 1000})"),
                          {"HELO c\r\nMAIL FROM:<a@x>\r\nRCPT TO:<b@x>\r\nRCPT TO:<c@x>\r\nDATA\r\n"},
                          Records::Reply::make(code, "", "Not this one"));
    QCOMPARE(d.replies.mid(3), (QStringList{reply, reply, dataReply}));
    QCOMPARE(d.fired.size(), 2); // both RCPTs were held in turn
}

void TestProtocolFaults::heldEhloSendsTheServersReply_data()
{
    const QByteArray keywords = "250-PIPELINING\r\n250-SIZE 52428800\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n"
                                "250-ENHANCEDSTATUSCODES\r\n250-CHUNKING\r\n250-DSN\r\n"
                                "250-AUTH PLAIN LOGIN CRAM-MD5\r\n250 HELP\r\n";
    QTest::addColumn<QByteArray>("action");
    QTest::addColumn<Records::Reply>("answer");
    QTest::addColumn<QByteArray>("sent");
    const QByteArray hold = R"({"type": "hold", "timeoutMs": 1000})";
    QTest::newRow("250-without-text") << hold << Records::Reply::make(250, "", "")
                                      << "250-mailscope.localhost greets c\r\n" + keywords;
    QTest::newRow("250-with-enhanced-and-text") << hold << Records::Reply::make(250, "2.0.0", "Hello, class")
                                                << "250-Hello, class\r\n" + keywords;
    QTest::newRow("rule-with-enhanced-code") << QByteArray(R"({"type": "reply", "code": 250, "enhanced": "2.0.0", "text": "OK"})")
                                             << Records::Reply{} << "250-OK\r\n" + keywords;
}

// The EHLO reply's keyword lines are what clients read to use PIPELINING, AUTH or STARTTLS:
// an answer to a held EHLO changes at most the greeting line's text.
void TestProtocolFaults::heldEhloSendsTheServersReply()
{
    QFETCH(QByteArray, action);
    QFETCH(Records::Reply, answer);
    QFETCH(QByteArray, sent);
    const Test::Dialogue d = faultDialogue(rule("helo", action.constData()), {"EHLO c\r\n"},
                                           answer.code ? std::optional(answer) : std::nullopt);
    QCOMPARE(d.output, "220 mailscope.localhost ESMTP Mailscope ready\r\n" + sent);
}

void TestProtocolFaults::messageRecordsItsRules()
{
    const QByteArray plan = rule("rcpt", R"({"type": "reply", "code": 450})", R"({"nth": 1})", "first-rcpt") + ","
                          + rule("end-of-data", R"({"type": "delay", "delayMs": 5})", "{}", "slow-end") + ","
                          + rule("quit", R"({"type": "delay", "delayMs": 5})", "{}", "slow-quit");
    const Test::Dialogue d = faultDialogue(plan, {"HELO c\r\nMAIL FROM:<a@x>\r\nRCPT TO:<b@x>\r\nRCPT TO:<b@x>\r\nDATA\r\nhi\r\n.\r\nQUIT\r\n"});
    QCOMPARE(d.messages.size(), 1);
    QCOMPARE(d.messages[0].faultRules, (QStringList{QStringLiteral("first-rcpt"), QStringLiteral("slow-end")}));
    QCOMPARE(d.fired, (QStringList{QStringLiteral("first-rcpt"), QStringLiteral("slow-end"), QStringLiteral("slow-quit")}));
    QCOMPARE(d.paces.size(), 2);
}

void TestProtocolFaults::preGreetTrafficIsADefect_data()
{
    QTest::addColumn<QByteArray>("stage");
    QTest::addColumn<bool>("early");
    QTest::newRow("during a greeting delay") << QByteArray("greeting") << true;
    QTest::newRow("during a connect delay") << QByteArray("connect") << true;
    QTest::newRow("after the delayed greeting") << QByteArray("greeting") << false;
}

// A client that talks while the greeting is held back breaks RFC 5321 4.3.1 (Postfix's
// "pre-greet traffic"): one typed defect, and the conversation goes on in order.
void TestProtocolFaults::preGreetTrafficIsADefect()
{
    QFETCH(QByteArray, stage);
    QFETCH(bool, early);
    auto injector = std::make_shared<Faults::Injector>(planOf(rule(stage.constData(), R"({"type": "delay", "delayMs": 3000})")), 1);
    Protocol p(Smtp::ProtocolConfig{});
    p.setFaultCheck([injector](Faults::Context &c) {
        c.session = 1;
        return injector->decide(c);
    });
    p.start();
    Smtp::ProtocolEvents events = p.takeEvents();
    QVERIFY(p.isPausedByFault());
    if (!early) {
        p.resume();
        events += p.takeEvents();
    }
    p.inputWaiting(); // the session holds the bytes back while paused
    p.receive("EHLO early.example\r\n");
    p.inputWaiting();
    events += p.takeEvents();
    if (early) {
        p.resume();
        events += p.takeEvents();
    }
    p.receive("NOOP\r\n");
    events += p.takeEvents();

    QList<QByteArray> defects, replies;
    for (const ProtocolEvent &e : std::as_const(events)) {
        if (e.kind == ProtocolEvent::Kind::Defect)
            defects.append(e.defect.code);
        if (e.kind == ProtocolEvent::Kind::Sent && !e.bytes.startsWith("250-"))
            replies.append(e.bytes.left(3));
    }
    QCOMPARE(defects, early ? QList<QByteArray>{"pre-greet"} : QList<QByteArray>{});
    QCOMPARE(replies, (QList<QByteArray>{"220", "250", "250"}));
}

// Without any rule the greeting is out at once from start(); bytes the session had before
// it are pre-greet, and are answered after the greeting.
void TestProtocolFaults::bytesBeforeStartArePreGreet()
{
    Protocol p(Smtp::ProtocolConfig{});
    p.receive("EHLO early.example\r\n");
    Smtp::ProtocolEvents events = p.takeEvents();
    p.start();
    events += p.takeEvents();
    QCOMPARE(events.first().kind, ProtocolEvent::Kind::Defect);
    QCOMPARE(events.first().defect.code, QByteArray("pre-greet"));
    QByteArray output;
    for (const ProtocolEvent &e : std::as_const(events)) {
        if (e.kind == ProtocolEvent::Kind::Sent)
            output += e.bytes;
    }
    QVERIFY2(output.startsWith("220 mailscope.localhost ESMTP Mailscope ready\r\n250-mailscope.localhost"), output.constData());

    Protocol late(Smtp::ProtocolConfig{}); // the usual order: no defect
    late.start();
    late.receive("EHLO on.time\r\n");
    for (const ProtocolEvent &e : late.takeEvents())
        QVERIFY(e.kind != ProtocolEvent::Kind::Defect);
}

QTEST_APPLESS_MAIN(TestProtocolFaults)
#include "tst_protocolfaults.moc"
