#include "dialogue.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

using Smtp::Protocol;
using Smtp::ProtocolEvent;
using Test::Dialogue;

namespace {

const QByteArray kGreeting = "220 mx.test ESMTP Mailscope ready\r\n";
const QByteArray kEhloReply = "250-mx.test greets c.test\r\n"
                              "250-PIPELINING\r\n"
                              "250-SIZE 1000\r\n"
                              "250-8BITMIME\r\n"
                              "250-SMTPUTF8\r\n"
                              "250-ENHANCEDSTATUSCODES\r\n"
                              "250-CHUNKING\r\n"
                              "250-DSN\r\n"
                              "250-AUTH PLAIN LOGIN CRAM-MD5\r\n"
                              "250 HELP\r\n";
const QByteArray kMailOk = "250 2.1.0 Sender <a@b.test> OK\r\n";
const QByteArray kRcptOk = "250 2.1.5 Recipient <r@d.test> OK\r\n";
const QByteArray kGo = "354 End data with <CR><LF>.<CR><LF>\r\n";
const QByteArray kQueued = "250 2.0.0 OK: queued as 7\r\n";

Smtp::ProtocolConfig config()
{
    Smtp::ProtocolConfig c;
    c.hostname = "mx.test";
    c.limits.maxMessageSize = 1000;
    c.limits.maxRecipients = 3;
    c.limits.maxLineLength = 64;
    return c;
}

const QByteArray kHello = "EHLO c.test\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<r@d.test>\r\n";
const QByteArray kHelloReplies = kGreeting + kEhloReply + kMailOk + kRcptOk;

// Up to maxLength octets drawn from alphabet (repeat an octet to make it likelier).
QByteArray randomOctets(QRandomGenerator &random, QByteArrayView alphabet, int maxLength)
{
    QByteArray out;
    const int length = random.bounded(0, maxLength);
    for (int i = 0; i < length; ++i)
        out += alphabet[random.bounded(int(alphabet.size()))];
    return out;
}

} // namespace

class ProtocolTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dialogue_data();
    void dialogue();
    void splitAnywhere_data() { dialogue_data(); }
    void splitAnywhere();
    void storesExactContent_data();
    void storesExactContent();
    void envelopeParameters();
    void bdatChunks();
    void bdatRefusedChunkIsConsumed();
    void oversizeDataIsDiscarded();
    void oversizeBdatIsDiscarded();
    void endlessLineIsNotBuffered();
    void storeFailureGives451();
    void idleTimeout();
    void repliesWaitForStore();
    void transcriptKeepsExactLines();
    void conformanceDefectsAreRecorded_data();
    void conformanceDefectsAreRecorded();
    void idleTimeoutBeforeEhlo();
    void linesCarryKindsAndCodes();
    void garbageGetsRepliesNeverCrashes();
    void dotStuffingRoundTrips();
    void dataReaderAgreesOnAnySplit();
};

void ProtocolTest::dialogue_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<bool>("closed");

    QTest::newRow("greeting only") << QByteArray() << kGreeting << false;
    QTest::newRow("ehlo") << QByteArray("EHLO c.test\r\n") << kGreeting + kEhloReply << false;
    QTest::newRow("helo has no extensions and no enhanced codes")
        << QByteArray("HELO c.test\r\nMAIL FROM:<a@b.test>\r\nNOOP\r\n")
        << kGreeting + "250 mx.test greets c.test\r\n250 Sender <a@b.test> OK\r\n250 OK\r\n" << false;
    QTest::newRow("ehlo without name") << QByteArray("EHLO\r\n") << kGreeting + "501 Syntax: EHLO hostname\r\n" << false;
    QTest::newRow("full transaction")
        << kHello + "DATA\r\nSubject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n"
        << kHelloReplies + kGo + kQueued + "221 2.0.0 mx.test closing connection\r\n" << true;
    QTest::newRow("mail before ehlo") << QByteArray("MAIL FROM:<a@b.test>\r\n")
                                      << kGreeting + "503 Send EHLO or HELO first\r\n" << false;
    QTest::newRow("nested mail") << kHello + "MAIL FROM:<a@b.test>\r\n"
                                 << kHelloReplies
                                        + "503 5.5.1 Nested MAIL command: a transaction is already open, send RSET first\r\n"
                                 << false;
    QTest::newRow("rcpt before mail") << QByteArray("EHLO c.test\r\nRCPT TO:<r@d.test>\r\n")
                                      << kGreeting + kEhloReply + "503 5.5.1 Need MAIL command first\r\n" << false;
    QTest::newRow("data without rcpt")
        << QByteArray("EHLO c.test\r\nMAIL FROM:<a@b.test>\r\nDATA\r\n")
        << kGreeting + kEhloReply + kMailOk + "503 5.5.1 Need RCPT command first: no valid recipients\r\n" << false;
    QTest::newRow("data with argument") << kHello + "DATA x\r\n"
                                        << kHelloReplies + "501 5.5.4 Syntax: DATA (no argument)\r\n" << false;
    QTest::newRow("null sender") << QByteArray("EHLO c.test\r\nMAIL FROM:<>\r\n")
                                 << kGreeting + kEhloReply + "250 2.1.0 Sender <> OK\r\n" << false;
    QTest::newRow("mail without brackets")
        << QByteArray("EHLO c.test\r\nMAIL FROM:a@b.test\r\n")
        << kGreeting + kEhloReply + "501 5.5.4 Address must be enclosed in <>\r\n" << false;
    QTest::newRow("mail malformed address")
        << QByteArray("EHLO c.test\r\nMAIL FROM:<a b>\r\n")
        << kGreeting + kEhloReply + "501 5.5.4 Malformed address: a b\r\n" << false;
    QTest::newRow("mail without from")
        << QByteArray("EHLO c.test\r\nMAIL <a@b.test>\r\n")
        << kGreeting + kEhloReply + "501 5.5.4 Syntax: MAIL FROM:<address>\r\n" << false;
    QTest::newRow("mail space after colon tolerated")
        << QByteArray("EHLO c.test\r\nmail from: <a@b.test>\r\n") << kGreeting + kEhloReply + kMailOk << false;
    QTest::newRow("source route dropped")
        << QByteArray("EHLO c.test\r\nMAIL FROM:<@x.test,@y.test:a@b.test>\r\n") << kGreeting + kEhloReply + kMailOk
        << false;
    QTest::newRow("rcpt postmaster") << QByteArray("EHLO c.test\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<Postmaster>\r\n")
                                     << kGreeting + kEhloReply + kMailOk + "250 2.1.5 Recipient <Postmaster> OK\r\n"
                                     << false;
    QTest::newRow("empty rcpt") << QByteArray("EHLO c.test\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<>\r\n")
                                << kGreeting + kEhloReply + kMailOk + "501 5.5.4 Empty recipient address\r\n" << false;
    QTest::newRow("too many recipients")
        << QByteArray("EHLO c.test\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<r@d.test>\r\nRCPT TO:<r@d.test>\r\n"
                      "RCPT TO:<r@d.test>\r\nRCPT TO:<r@d.test>\r\n")
        << kGreeting + kEhloReply + kMailOk + kRcptOk + kRcptOk + kRcptOk
               + "452 4.5.3 Too many recipients, at most 3 per message\r\n"
        << false;
    QTest::newRow("size over limit")
        << QByteArray("EHLO c.test\r\nMAIL FROM:<a@b.test> SIZE=1001\r\n")
        << kGreeting + kEhloReply + "552 5.3.4 Message size 1001 exceeds fixed maximum message size 1000\r\n" << false;
    QTest::newRow("size not a number") << QByteArray("EHLO c.test\r\nMAIL FROM:<a@b.test> SIZE=big\r\n")
                                       << kGreeting + kEhloReply + "501 5.5.4 SIZE needs a number of octets (RFC 1870)\r\n"
                                       << false;
    QTest::newRow("unknown mail parameter")
        << QByteArray("EHLO c.test\r\nMAIL FROM:<a@b.test> FOO=1\r\n")
        << kGreeting + kEhloReply + "555 5.5.4 MAIL parameter FOO not recognized\r\n" << false;
    QTest::newRow("body binarymime not offered")
        << QByteArray("EHLO c.test\r\nMAIL FROM:<a@b.test> BODY=BINARYMIME\r\n")
        << kGreeting + kEhloReply + "501 5.5.4 BODY must be 7BIT or 8BITMIME (RFC 6152)\r\n" << false;
    QTest::newRow("bad ret") << QByteArray("EHLO c.test\r\nMAIL FROM:<a@b.test> RET=ALL\r\n")
                             << kGreeting + kEhloReply + "501 5.5.4 RET must be FULL or HDRS (RFC 3461 4.3)\r\n" << false;
    QTest::newRow("bad notify")
        << QByteArray("EHLO c.test\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<r@d.test> NOTIFY=NEVER,DELAY\r\n")
        << kGreeting + kEhloReply + kMailOk
               + "501 5.5.4 NOTIFY must be NEVER or a list of SUCCESS, FAILURE, DELAY (RFC 3461 4.1)\r\n"
        << false;
    QTest::newRow("bad orcpt") << QByteArray("EHLO c.test\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<r@d.test> ORCPT=x\r\n")
                               << kGreeting + kEhloReply + kMailOk + "501 5.5.4 ORCPT must be addr-type;xtext (RFC 3461 4.2)\r\n"
                               << false;
    QTest::newRow("utf8 sender without smtputf8")
        << QByteArray("EHLO c.test\r\nMAIL FROM:<j\xC3\xB6rg@b.test>\r\n")
        << kGreeting + kEhloReply + "553 5.6.7 Non-ASCII sender address needs the SMTPUTF8 parameter (RFC 6531 3.4)\r\n"
        << false;
    QTest::newRow("utf8 sender with smtputf8")
        << QByteArray("EHLO c.test\r\nMAIL FROM:<j\xC3\xB6rg@b.test> SMTPUTF8\r\n")
        << kGreeting + kEhloReply + "250 2.1.0 Sender <j\xC3\xB6rg@b.test> OK\r\n" << false;
    QTest::newRow("duplicate parameter") << QByteArray("EHLO c.test\r\nMAIL FROM:<a@b.test> SIZE=1 SIZE=2\r\n")
                                         << kGreeting + kEhloReply + "501 5.5.4 Duplicate parameter: SIZE\r\n" << false;
    QTest::newRow("rset") << kHello + "RSET\r\nDATA\r\n"
                          << kHelloReplies + "250 2.0.0 OK\r\n503 5.5.1 Need MAIL command first\r\n" << false;
    QTest::newRow("noop vrfy expn")
        << QByteArray("EHLO c.test\r\nNOOP\r\nVRFY bob\r\nEXPN list\r\nVRFY\r\n")
        << kGreeting + kEhloReply + "250 2.0.0 OK\r\n"
               + "252 2.1.5 Cannot VRFY here, but will accept messages for any address\r\n"
               + "252 2.1.5 Cannot EXPN here, but will accept messages for any address\r\n"
               + "501 5.5.4 Syntax: VRFY <string>\r\n"
        << false;
    QTest::newRow("help") << QByteArray("HELP\r\n")
                          << kGreeting + "214-Mailscope accepts every message and never relays it.\r\n"
                                         "214-Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY EXPN HELP\r\n"
                                         "214 See RFC 5321 and https://www.rfc-editor.org/rfc/rfc5321\r\n"
                          << false;
    QTest::newRow("turn obsolete") << QByteArray("EHLO c.test\r\nTURN\r\n")
                                   << kGreeting + kEhloReply
                                          + "502 5.5.1 TURN is obsolete and not offered (RFC 5321 appendix F.1)\r\n"
                                   << false;
    QTest::newRow("send soml saml")
        << QByteArray("EHLO c.test\r\nSEND FROM:<a@b.test>\r\nSOML FROM:<a@b.test>\r\nSAML FROM:<a@b.test>\r\n")
        << kGreeting + kEhloReply + "502 5.5.1 SEND is obsolete and not offered (RFC 5321 appendix F.6)\r\n"
               + "502 5.5.1 SOML is obsolete and not offered (RFC 5321 appendix F.6)\r\n"
               + "502 5.5.1 SAML is obsolete and not offered (RFC 5321 appendix F.6)\r\n"
        << false;
    QTest::newRow("etrn") << QByteArray("EHLO c.test\r\nETRN x.test\r\n")
                          << kGreeting + kEhloReply
                                 + "502 5.5.1 ETRN is not offered: Mailscope never relays or queues mail for other hosts "
                                   "(RFC 1985)\r\n"
                          << false;
    QTest::newRow("unknown command") << QByteArray("EHLO c.test\r\nXYZZY\r\n")
                                     << kGreeting + kEhloReply + "500 5.5.2 Command unrecognized: XYZZY\r\n" << false;
    QTest::newRow("nul in command") << QByteArray("EHLO c.test\r\nNO\0OP\r\n", 20)
                                    << kGreeting + kEhloReply + "500 5.5.2 NUL octets are not allowed in commands\r\n"
                                    << false;
    QTest::newRow("line too long then continue")
        << QByteArray("EHLO c.test\r\nNOOP " + QByteArray(100, 'x') + "\r\nNOOP\r\n")
        << kGreeting + kEhloReply + "500 5.5.2 Line too long, maximum is 64 octets\r\n250 2.0.0 OK\r\n" << false;
    QTest::newRow("quit with argument") << QByteArray("QUIT now\r\n") << kGreeting + "501 Syntax: QUIT (no argument)\r\n"
                                        << false;
    QTest::newRow("bare lf command accepted") << QByteArray("EHLO c.test\nNOOP\n") << kGreeting + kEhloReply + "250 2.0.0 OK\r\n"
                                              << false;
    QTest::newRow("bare cr command accepted") << QByteArray("EHLO c.test\r\nNOOP\rNOOP\r\n")
                                              << kGreeting + kEhloReply + "250 2.0.0 OK\r\n250 2.0.0 OK\r\n" << false;
    QTest::newRow("helo then mail parameter")
        << QByteArray("HELO c.test\r\nMAIL FROM:<a@b.test> SIZE=10\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<r@d.test> NOTIFY=NEVER\r\n")
        << kGreeting + "250 mx.test greets c.test\r\n"
               + "555 MAIL parameters are not recognized after HELO, send EHLO to use SIZE (RFC 5321 4.1.1.11)\r\n"
               + "250 Sender <a@b.test> OK\r\n"
               + "555 RCPT parameters are not recognized after HELO, send EHLO to use NOTIFY (RFC 5321 4.1.1.11)\r\n"
        << false;
    QTest::newRow("address literals")
        << QByteArray("EHLO c.test\r\nMAIL FROM:<a@[192.0.2.1]>\r\nRCPT TO:<user@[300.1.1.1]>\r\n"
                      "RCPT TO:<user@[1.2.3]>\r\nRCPT TO:<user@[IPv6:2001:db8::1]>\r\nRCPT TO:<user@[IPv6:2001:db8::g]>\r\n"
                      "RCPT TO:<user@[x-tag:ok]>\r\n")
        << kGreeting + kEhloReply + "250 2.1.0 Sender <a@[192.0.2.1]> OK\r\n"
               + "501 5.1.3 Malformed address literal in user@[300.1.1.1] (RFC 5321 4.1.3)\r\n"
               + "501 5.1.3 Malformed address literal in user@[1.2.3] (RFC 5321 4.1.3)\r\n"
               + "250 2.1.5 Recipient <user@[IPv6:2001:db8::1]> OK\r\n"
               + "501 5.1.3 Malformed address literal in user@[IPv6:2001:db8::g] (RFC 5321 4.1.3)\r\n"
               + "250 2.1.5 Recipient <user@[x-tag:ok]> OK\r\n"
        << false;
    QTest::newRow("smtputf8 address not utf8")
        << QByteArray("EHLO c.test\r\nMAIL FROM:<j\xF6rg@b.test> SMTPUTF8\r\nMAIL FROM:<a@b.test> SMTPUTF8\r\n"
                      "RCPT TO:<r\xC3@d.test>\r\n")
        << kGreeting + kEhloReply + "553 5.6.7 Sender address is not valid UTF-8 (RFC 6531 3.3)\r\n" + kMailOk
               + "553 5.6.7 Recipient address is not valid UTF-8 (RFC 6531 3.3)\r\n"
        << false;
    QTest::newRow("pipelined after data")
        << kHello + "DATA\r\nx\r\n.\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<r@d.test>\r\nDATA\r\ny\r\n.\r\nQUIT\r\n"
        << kHelloReplies + kGo + kQueued + kMailOk + kRcptOk + kGo + kQueued + "221 2.0.0 mx.test closing connection\r\n"
        << true;
    QTest::newRow("commands after quit ignored") << QByteArray("QUIT\r\nNOOP\r\n")
                                                 << kGreeting + "221 mx.test closing connection\r\n" << true;
    QTest::newRow("bdat without mail") << QByteArray("EHLO c.test\r\nBDAT 3 LAST\r\nabcNOOP\r\n")
                                       << kGreeting + kEhloReply + "503 5.5.1 Need MAIL command first\r\n250 2.0.0 OK\r\n"
                                       << false;
    QTest::newRow("bdat syntax") << QByteArray("EHLO c.test\r\nBDAT x\r\n")
                                 << kGreeting + kEhloReply + "501 5.5.4 Syntax: BDAT <size> [LAST]\r\n" << false;
    QTest::newRow("bdat then data") << kHello + "BDAT 2\r\nabDATA\r\n"
                                    << kHelloReplies + "250 2.0.0 2 octets received\r\n"
                                           + "503 5.5.1 DATA cannot follow BDAT in the same transaction (RFC 3030 2)\r\n"
                                    << false;
}

void ProtocolTest::dialogue()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QFETCH(bool, closed);
    const Dialogue d({input}, config());
    QCOMPARE(d.output, expected);
    QCOMPARE(d.closed, closed);
}

// However the client's bytes are cut into TCP reads, the replies are the same.
void ProtocolTest::splitAnywhere()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QList<QByteArray> bytes;
    for (char c : input)
        bytes.append(QByteArray(1, c));
    QCOMPARE(Dialogue(bytes, config()).output, expected);
    for (qsizetype cut = 1; cut < input.size(); cut += 7)
        QCOMPARE(Dialogue({input.left(cut), input.mid(cut)}, config()).output, expected);
}

void ProtocolTest::storesExactContent_data()
{
    QTest::addColumn<QByteArray>("data");        // as sent after DATA, terminator included
    QTest::addColumn<QByteArray>("stored");
    QTest::addColumn<QByteArrayList>("defects");

    QTest::newRow("plain") << QByteArray("a\r\nb\r\n.\r\n") << QByteArray("a\r\nb\r\n") << QByteArrayList{};
    QTest::newRow("empty message") << QByteArray(".\r\n") << QByteArray() << QByteArrayList{};
    QTest::newRow("dot unstuffing") << QByteArray("..a\r\n...\r\n.\r\n") << QByteArray(".a\r\n..\r\n")
                                    << QByteArrayList{};
    QTest::newRow("dot inside line kept") << QByteArray("a.b\r\n.\r\n") << QByteArray("a.b\r\n") << QByteArrayList{};
    QTest::newRow("bare lf kept") << QByteArray("a\nb\r\n.\r\n") << QByteArray("a\nb\r\n")
                                  << QByteArrayList{"data-bare-lf"};
    QTest::newRow("bare cr kept") << QByteArray("a\rb\r\n.\r\n") << QByteArray("a\rb\r\n")
                                  << QByteArrayList{"data-bare-cr"};
    QTest::newRow("lf.lf is not the end")
        << QByteArray("a\n.\nb\r\n.\r\n") << QByteArray("a\n.\nb\r\n") << QByteArrayList{"data-bare-lf", "smtp-smuggling"};
    QTest::newRow("lf.crlf is not the end") << QByteArray("a\n.\r\nb\r\n.\r\n") << QByteArray("a\n.\r\nb\r\n")
                                            << QByteArrayList{"data-bare-lf", "smtp-smuggling"};
    QTest::newRow("cr.cr is not the end") << QByteArray("a\r.\rb\r\n.\r\n") << QByteArray("a\r.\rb\r\n")
                                          << QByteArrayList{"data-bare-cr", "smtp-smuggling"};
    QTest::newRow("crlf.lf is not the end") << QByteArray("a\r\n.\nb\r\n.\r\n") << QByteArray("a\r\n\nb\r\n")
                                            << QByteArrayList{"data-bare-lf", "smtp-smuggling"};
    QTest::newRow("binary octets kept") << QByteArray("\x00\xff\x80z\r\n.\r\n", 9) << QByteArray("\x00\xff\x80z\r\n", 6)
                                        << QByteArrayList{};
}

void ProtocolTest::storesExactContent()
{
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, stored);
    QFETCH(QByteArrayList, defects);
    const QByteArray input = kHello + "DATA\r\n" + data + "QUIT\r\n";
    QList<QByteArray> bytes;
    for (char c : input)
        bytes.append(QByteArray(1, c));
    for (const QList<QByteArray> &chunks : {QList<QByteArray>{input}, bytes}) {
        const Dialogue d(chunks, config());
        QCOMPARE(d.messages.size(), 1);
        QCOMPARE(d.messages.first().content, stored);
        QByteArrayList codes;
        for (const auto &defect : d.messages.first().messageDefects)
            codes.append(defect.code);
        QCOMPARE(codes, defects);
        QVERIFY(d.output.endsWith(QByteArray(kQueued + "221 2.0.0 mx.test closing connection\r\n")));
    }
}

void ProtocolTest::envelopeParameters()
{
    Smtp::ProtocolConfig c = config();
    c.limits.maxLineLength = 512;
    const Dialogue d({"EHLO c.test\r\nMAIL FROM:<a@b.test> SIZE=10 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=x+2Dy "
                      "AUTH=<>\r\nRCPT TO:<r@d.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;r@d.test\r\n"
                      "RCPT TO:<s@d.test>\r\nDATA\r\nx\r\n.\r\n"},
                     c);
    QCOMPARE(d.messages.size(), 1);
    const Records::Envelope &e = d.messages.first().envelope;
    QCOMPARE(e.mailFrom, QByteArray("a@b.test"));
    QCOMPARE(e.declaredSize, 10);
    QCOMPARE(e.body, QByteArray("8BITMIME"));
    QVERIFY(e.smtpUtf8);
    QCOMPARE(e.ret, QByteArray("HDRS"));
    QCOMPARE(e.envid, QByteArray("x+2Dy"));
    QCOMPARE(e.auth, QByteArray("<>"));
    QCOMPARE(e.recipients.size(), 2);
    QCOMPARE(e.recipients[0].address, QByteArray("r@d.test"));
    QCOMPARE(e.recipients[0].notify, QByteArray("SUCCESS,FAILURE"));
    QCOMPARE(e.recipients[0].orcpt, QByteArray("rfc822;r@d.test"));
    QCOMPARE(e.recipients[0].parameters.size(), 2);
    QCOMPARE(e.recipients[1].address, QByteArray("s@d.test"));
    QVERIFY(!e.chunked);
}

void ProtocolTest::bdatChunks()
{
    const Dialogue d({kHello + "BDAT 5\r\nab\r\nc", "BDAT 0\r\nBDAT 3 LAST\r\n.\r\nNOOP\r\n"}, config());
    QCOMPARE(d.output, kHelloReplies + "250 2.0.0 5 octets received\r\n250 2.0.0 5 octets received\r\n" + kQueued
                           + "250 2.0.0 OK\r\n");
    QCOMPARE(d.messages.size(), 1);
    QCOMPARE(d.messages.first().content, QByteArray("ab\r\nc.\r\n")); // no dot-unstuffing in BDAT
    QVERIFY(d.messages.first().envelope.chunked);
}

void ProtocolTest::bdatRefusedChunkIsConsumed()
{
    // The chunk's octets look like commands; they must be read as data and dropped.
    const Dialogue d({"EHLO c.test\r\nBDAT 6\r\nQUIT\r\nNOOP\r\n"}, config());
    QCOMPARE(d.output, kGreeting + kEhloReply + "503 5.5.1 Need MAIL command first\r\n250 2.0.0 OK\r\n");
    QVERIFY(!d.closed);
}

void ProtocolTest::oversizeDataIsDiscarded()
{
    QByteArray big;
    for (int i = 0; i < 100; ++i)
        big += QByteArray(30, 'x') + "\r\n";
    const Dialogue d({kHello + "DATA\r\n" + big, ".\r\nMAIL FROM:<a@b.test>\r\n"}, config());
    QCOMPARE(d.output, kHelloReplies + kGo + "552 5.3.4 Message size exceeds fixed maximum message size 1000\r\n" + kMailOk);
    QVERIFY(d.messages.isEmpty());
}

void ProtocolTest::oversizeBdatIsDiscarded()
{
    const QByteArray chunk(800, 'x');
    const Dialogue d({kHello + "BDAT 800\r\n" + chunk + "BDAT 800 LAST\r\n" + chunk + "NOOP\r\n"}, config());
    QCOMPARE(d.output, kHelloReplies + "250 2.0.0 800 octets received\r\n"
                           + "552 5.3.4 Message size exceeds fixed maximum message size 1000\r\n250 2.0.0 OK\r\n");
    QVERIFY(d.messages.isEmpty());
}

void ProtocolTest::endlessLineIsNotBuffered()
{
    Protocol p(config());
    p.start();
    p.receive("EHLO c.test\r\n");
    p.takeEvents();
    for (int i = 0; i < 1000; ++i)
        p.receive(QByteArray(1000, 'z'));
    p.receive("\r\nNOOP\r\n");
    QByteArray out;
    QList<QByteArray> received;
    for (const auto &e : p.takeEvents()) {
        if (e.kind == ProtocolEvent::Kind::Sent)
            out += e.bytes;
        if (e.kind == ProtocolEvent::Kind::Received)
            received.append(e.bytes);
    }
    QCOMPARE(out, QByteArray("500 5.5.2 Line too long, maximum is 64 octets\r\n250 2.0.0 OK\r\n"));
    QCOMPARE(received.first(), QByteArray(64, 'z')); // the transcript keeps the line's start only
}

void ProtocolTest::storeFailureGives451()
{
    Protocol p(config());
    p.start();
    p.receive(QByteArray(kHello + "DATA\r\nx\r\n.\r\nNOOP\r\n"));
    p.takeEvents();
    QVERIFY(p.isAwaitingStore());
    p.messageFailed("disk full");
    QByteArray out;
    for (const auto &e : p.takeEvents()) {
        if (e.kind == ProtocolEvent::Kind::Sent)
            out += e.bytes;
    }
    QCOMPARE(out, QByteArray("451 4.3.0 Message not stored: disk full\r\n250 2.0.0 OK\r\n"));
}

void ProtocolTest::idleTimeout()
{
    Protocol p(config());
    p.start();
    p.receive("EHLO c.test\r\n");
    p.takeEvents();
    p.idleTimeout();
    QByteArray out;
    bool closed = false;
    for (const auto &e : p.takeEvents()) {
        if (e.kind == ProtocolEvent::Kind::Sent)
            out += e.bytes;
        closed = closed || e.kind == ProtocolEvent::Kind::Closed;
    }
    QCOMPARE(out, QByteArray("421 4.4.2 mx.test idle timeout, closing connection\r\n"));
    QVERIFY(closed);
    QVERIFY(p.isClosed());
}

// Nothing after end-of-data is answered before the message is stored (ack after commit).
void ProtocolTest::repliesWaitForStore()
{
    Protocol p(config());
    p.start();
    p.receive(QByteArray(kHello + "DATA\r\nx\r\n.\r\nNOOP\r\nQUIT\r\n"));
    QByteArray out;
    for (const auto &e : p.takeEvents()) {
        if (e.kind == ProtocolEvent::Kind::Sent)
            out += e.bytes;
    }
    QCOMPARE(out, kHelloReplies + kGo);
    p.receive("NOOP\r\n");
    QVERIFY(p.takeEvents().isEmpty());
    p.messageStored("9");
    out.clear();
    for (const auto &e : p.takeEvents()) {
        if (e.kind == ProtocolEvent::Kind::Sent)
            out += e.bytes;
    }
    QCOMPARE(out, QByteArray("250 2.0.0 OK: queued as 9\r\n250 2.0.0 OK\r\n221 2.0.0 mx.test closing connection\r\n"));
}

void ProtocolTest::transcriptKeepsExactLines()
{
    const Dialogue d({"EHLO c.test\r\nnoop  x\nQUIT\r\n"}, config());
    QCOMPARE(d.received, (QList<QByteArray>{"EHLO c.test\r\n", "noop  x\n", "QUIT\r\n"}));
    QCOMPARE(d.defectCodes(), QByteArrayList{"command-bare-lf"});
}

// Each refusal that is about the client's mistake is recorded as a defect of the session.
void ProtocolTest::conformanceDefectsAreRecorded_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArrayList>("received");
    QTest::addColumn<QByteArrayList>("defects");
    QTest::newRow("bare cr") << QByteArray("EHLO c.test\r\nNOOP\rNOOP\r\n")
                             << QByteArrayList{"EHLO c.test\r\n", "NOOP\r", "NOOP\r\n"}
                             << QByteArrayList{"command-bare-cr"};
    QTest::newRow("parameters after helo") << QByteArray("HELO c.test\r\nMAIL FROM:<a@b.test> BODY=8BITMIME\r\n")
                                           << QByteArrayList{"HELO c.test\r\n", "MAIL FROM:<a@b.test> BODY=8BITMIME\r\n"}
                                           << QByteArrayList{"parameters-after-helo"};
    QTest::newRow("address not utf8") << QByteArray("EHLO c.test\r\nMAIL FROM:<\xFF@b.test> SMTPUTF8\r\n")
                                      << QByteArrayList{"EHLO c.test\r\n", "MAIL FROM:<\xFF@b.test> SMTPUTF8\r\n"}
                                      << QByteArrayList{"address-not-utf8"};
}

void ProtocolTest::conformanceDefectsAreRecorded()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArrayList, received);
    QFETCH(QByteArrayList, defects);
    const Dialogue d({input}, config());
    QCOMPARE(d.received, received);
    QCOMPARE(d.defectCodes(), defects);
}

// Before EHLO no reply carries an enhanced code, whoever sends it (RFC 2034 3).
void ProtocolTest::idleTimeoutBeforeEhlo()
{
    Protocol p(config());
    p.start();
    p.takeEvents();
    p.idleTimeout();
    QByteArray out;
    for (const auto &e : p.takeEvents()) {
        if (e.kind == ProtocolEvent::Kind::Sent)
            out += e.bytes;
    }
    QCOMPARE(out, QByteArray("421 mx.test idle timeout, closing connection\r\n"));
}

// Every line says what it is where the protocol makes it, and every reply line its code.
void ProtocolTest::linesCarryKindsAndCodes()
{
    const Dialogue d({"EHLO c.test\r\n" + QByteArray(100, 'x') + "\r\nRCPT TO:<r@d.test>\r\nQUIT\r\n"}, config());
    using K = Records::LineKind;
    QList<K> expected{K::Reply, K::Command};
    expected += QList<K>(10, K::Reply); // the EHLO reply
    // The octets left unread are a note; the defect itself is an event of its own, which the
    // session turns into a defect row of the transcript.
    expected += {K::Command, K::Note, K::Reply, K::Command, K::Reply, K::Command, K::Reply};
    QCOMPARE(d.kinds, expected);
    QCOMPARE(d.defectCodes(), QByteArrayList{"line-too-long"});
    QList<int> codes{220};
    codes += QList<int>(10, 250);
    codes += {500, 503, 221};
    QCOMPARE(d.replyCodes, codes);
    QCOMPARE(d.notes, QStringList{QStringLiteral("38 more octets of this line were not read")});
}

// Seeded random input, mixing binary junk with command fragments: every reply is a well-formed
// line and the machine keeps answering.
void ProtocolTest::garbageGetsRepliesNeverCrashes()
{
    QRandomGenerator random(20261122);
    const QByteArrayList pieces{"EHLO x\r\n", "MAIL FROM:<a@b.c>\r\n", "RCPT TO:<d@e.f>\r\n", "DATA\r\n",
                                "BDAT 5\r\n", ".\r\n", "\r\n.\r\n", "\n", "\r", "\0", "AUTH LOGIN\r\n", "*\r\n",
                                "RSET\r\n", QByteArray(600, 'A')};
    for (int round = 0; round < 200; ++round) {
        QByteArray input;
        while (input.size() < 4096) {
            if (random.bounded(2)) {
                input += pieces[random.bounded(int(pieces.size()))];
            } else {
                QByteArray junk(random.bounded(1, 64), '\0');
                for (char &c : junk)
                    c = char(random.bounded(256));
                input += junk;
            }
        }
        input += "\r\n.\r\nQUIT\r\n";
        Smtp::ProtocolConfig c = config();
        c.limits.maxMessageSize = 2000;
        QList<QByteArray> chunks;
        for (qsizetype pos = 0; pos < input.size();) {
            const qsizetype n = random.bounded(1, 300);
            chunks.append(input.mid(pos, n));
            pos += n;
        }
        const Dialogue d(chunks, c);
        QVERIFY(d.output.startsWith(kGreeting));
        static const QRegularExpression line(QStringLiteral("^[2-5][0-9][0-9][ -][^\\r\\n]*$"));
        for (const QByteArray &reply : d.output.split('\n')) {
            if (reply.isEmpty())
                continue;
            QVERIFY2(reply.endsWith('\r'), reply.constData());
            QVERIFY2(line.match(QString::fromLatin1(reply.chopped(1))).hasMatch(), reply.constData());
        }
    }
}

// Whatever the content, dot-stuffed by a client (RFC 5321 4.5.2) and cut anywhere, it is
// stored exactly, bare CRs and LFs included.
void ProtocolTest::dotStuffingRoundTrips()
{
    QRandomGenerator random(5321);
    for (int round = 0; round < 2000; ++round) {
        QByteArray content = randomOctets(random, "a..\r\n\r\n", 120);
        content += "\r\n";
        QByteArray stuffed;
        qsizetype start = 0;
        while (start < content.size()) {
            qsizetype end = content.indexOf("\r\n", start);
            end = end < 0 ? content.size() : end + 2;
            if (content[start] == '.')
                stuffed += '.';
            stuffed += content.mid(start, end - start);
            start = end;
        }
        Smtp::DataReader reader(1 << 20);
        const QByteArray wire = stuffed + ".\r\nNEXT";
        qsizetype used = 0;
        while (used < wire.size() && !reader.finished()) {
            const qsizetype n = qMin<qsizetype>(random.bounded(1, 8), wire.size() - used);
            used += reader.feed(wire.constData() + used, n);
        }
        QVERIFY(reader.finished());
        QCOMPARE(wire.mid(used), QByteArray("NEXT"));
        QCOMPARE(reader.takeContent(), content);
    }
}

// Whole buffers take the reader's fast path for ordinary lines; single octets never do. Both
// must give the same content, line count and defects, for clean and broken data alike.
void ProtocolTest::dataReaderAgreesOnAnySplit()
{
    QRandomGenerator random(2920);
    for (int round = 0; round < 3000; ++round) {
        QByteArray wire = randomOctets(random, "ab.\r\n\r\ncde", 200);
        wire += "\r\n.\r\nNEXT";
        const auto read = [&](qsizetype step) {
            Smtp::DataReader reader(round % 7 == 0 ? 40 : 1 << 20); // now and then over the size limit
            qsizetype used = 0;
            while (used < wire.size() && !reader.finished())
                used += reader.feed(wire.constData() + used, qMin(step, wire.size() - used));
            QStringList defects;
            for (const Records::Defect &d : reader.defects())
                defects.append(QStringLiteral("%1 %2 %3 %4").arg(QString::fromLatin1(d.code), d.detail).arg(d.count).arg(d.offset));
            return std::tuple(used, reader.finished(), reader.overflowed(), reader.contentSize(), reader.lineCount(),
                              reader.takeContent(), defects);
        };
        const auto whole = read(wire.size());
        QCOMPARE(whole, read(1));
        QCOMPARE(whole, read(random.bounded(2, 40)));
        QVERIFY(std::get<1>(whole));
    }
}

QTEST_APPLESS_MAIN(ProtocolTest)
#include "tst_protocol.moc"
