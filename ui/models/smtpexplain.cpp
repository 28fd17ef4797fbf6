#include "smtpexplain.h"

#include "smtp/commandparser.h"
#include "smtp/replyreader.h"

#include <QObject>

#include <optional>
#include <utility>

namespace Ui::SmtpExplain {

namespace {

struct Entry
{
    const char *key;
    const char *brief;
    const char *detail;
    const char *rfc;
};

// Commands (RFC 5321 section 4.1.1 and the extensions Mailscope speaks).
const Entry kCommands[] = {
    {"EHLO", "Client introduces itself and asks for extensions",
     "Extended HELLO: the client names itself and the server answers with the ESMTP extensions it supports "
     "(SIZE, PIPELINING, 8BITMIME, STARTTLS, AUTH, ...). Also resets any transaction in progress.",
     "RFC 5321 §4.1.1.1"},
    {"HELO", "Client introduces itself (no extensions)",
     "Plain HELLO from RFC 821 days: the client names itself; the server offers no extensions.", "RFC 5321 §4.1.1.1"},
    {"MAIL", "Starts a mail transaction with the envelope sender",
     "MAIL FROM names the return path (where bounces go). An empty <> is the null sender used by bounces. "
     "Parameters such as SIZE=, BODY=, SMTPUTF8 and RET= follow the address.",
     "RFC 5321 §4.1.1.2"},
    {"RCPT", "Adds one envelope recipient",
     "RCPT TO names one recipient of this transaction. Recipients here but in no header are Bcc recipients. "
     "NOTIFY= and ORCPT= are DSN parameters (RFC 3461).",
     "RFC 5321 §4.1.1.3"},
    {"DATA", "Asks to send the message content",
     "After a 354 reply the client sends the message, ending with a line holding a single dot. Lines "
     "starting with a dot are doubled (dot-stuffing).",
     "RFC 5321 §4.1.1.4"},
    {"BDAT", "Sends a chunk of the message content (CHUNKING)",
     "BDAT size [LAST] sends exactly size octets with no dot-stuffing; LAST marks the final chunk.", "RFC 3030 §2"},
    {"RSET", "Aborts the current transaction",
     "Discards the envelope and any message data so far; the connection stays open.", "RFC 5321 §4.1.1.5"},
    {"VRFY", "Asks whether an address exists",
     "Servers usually answer 252 (cannot verify, but will accept) so as not to reveal their users.",
     "RFC 5321 §4.1.1.6"},
    {"EXPN", "Asks for the members of a mailing list", "Rarely allowed by real servers.", "RFC 5321 §4.1.1.7"},
    {"HELP", "Asks for help text", "The server lists the commands it knows (214).", "RFC 5321 §4.1.1.8"},
    {"NOOP", "Does nothing; keeps the connection alive", "The server answers 250 and nothing changes.",
     "RFC 5321 §4.1.1.9"},
    {"QUIT", "Ends the session", "The server answers 221 and closes the connection.", "RFC 5321 §4.1.1.10"},
    {"STARTTLS", "Upgrades the connection to TLS",
     "After 220 the TLS handshake starts; afterwards the client must send EHLO again, since everything "
     "learned before TLS is forgotten.",
     "RFC 3207 §4"},
    {"AUTH", "Starts authentication with a SASL mechanism",
     "AUTH PLAIN, LOGIN or CRAM-MD5; the exchange continues with 334 challenges until 235 (success) or 535.",
     "RFC 4954 §4"},
};

// Reply codes (RFC 5321 section 4.2.2 unless noted).
const Entry kReplies[] = {
    {"211", "System status", "A status or help reply.", "RFC 5321 §4.2.2"},
    {"214", "Help message", "Information on how to use the server, meant for a human.", "RFC 5321 §4.2.2"},
    {"220", "Service ready", "The greeting: the server is ready for EHLO. Also the reply to STARTTLS.",
     "RFC 5321 §4.2.2"},
    {"221", "Closing the connection", "The answer to QUIT.", "RFC 5321 §4.2.2"},
    {"235", "Authentication succeeded", "The client is now authenticated.", "RFC 4954 §6"},
    {"250", "Requested action okay, completed", "The command succeeded. After the data, it means the server "
     "has taken responsibility for the message.", "RFC 5321 §4.2.2"},
    {"251", "User not local; will forward", "", "RFC 5321 §4.2.2"},
    {"252", "Cannot verify the user, but will accept", "The usual answer to VRFY.", "RFC 5321 §4.2.2"},
    {"334", "Authentication challenge", "A base64 challenge; the client answers with base64, or * to cancel.",
     "RFC 4954 §4"},
    {"354", "Start mail input", "Send the message, then a line with a single dot.", "RFC 5321 §4.2.2"},
    {"421", "Service not available, closing", "A temporary failure for the whole connection (shutdown, too "
     "many connections, timeout). The client should try again later.", "RFC 5321 §4.2.2"},
    {"432", "A password transition is needed", "", "RFC 4954 §6"},
    {"450", "Mailbox unavailable (temporary)", "For example greylisting or a busy mailbox; retry later.",
     "RFC 5321 §4.2.2"},
    {"451", "Local error in processing (temporary)", "The server failed; the client should retry later.",
     "RFC 5321 §4.2.2"},
    {"452", "Insufficient storage (temporary)", "Also used for too many recipients.", "RFC 5321 §4.2.2"},
    {"454", "Temporary authentication or TLS failure", "", "RFC 4954 §6, RFC 3207 §4"},
    {"455", "Server unable to accommodate parameters", "", "RFC 5321 §4.2.2"},
    {"500", "Syntax error, command unrecognised", "The line was not a command the server knows, or too long.",
     "RFC 5321 §4.2.2"},
    {"501", "Syntax error in parameters or arguments", "", "RFC 5321 §4.2.2"},
    {"502", "Command not implemented", "", "RFC 5321 §4.2.2"},
    {"503", "Bad sequence of commands", "The command is valid but not now, e.g. RCPT before MAIL.",
     "RFC 5321 §4.2.2"},
    {"504", "Command parameter not implemented", "For example an unknown AUTH mechanism.", "RFC 5321 §4.2.2"},
    {"521", "Server does not accept mail", "", "RFC 7504"},
    {"530", "Authentication or TLS required", "The server needs AUTH or STARTTLS before this command.",
     "RFC 4954 §6, RFC 3207 §4"},
    {"534", "Authentication mechanism is too weak", "", "RFC 4954 §6"},
    {"535", "Authentication credentials invalid", "The user name or password was refused.", "RFC 4954 §6"},
    {"538", "Encryption required for this mechanism", "", "RFC 4954 §6"},
    {"550", "Mailbox unavailable (permanent)", "No such user, or refused by policy. Do not retry.",
     "RFC 5321 §4.2.2"},
    {"551", "User not local", "", "RFC 5321 §4.2.2"},
    {"552", "Exceeded storage allocation", "Usually: the message is larger than the server accepts.",
     "RFC 5321 §4.2.2"},
    {"553", "Mailbox name not allowed", "The address is syntactically invalid.", "RFC 5321 §4.2.2"},
    {"554", "Transaction failed", "A permanent failure, or (as the greeting) no service here.", "RFC 5321 §4.2.2"},
    {"555", "MAIL or RCPT parameters not recognised", "", "RFC 5321 §4.2.2"},
    {"556", "Domain does not accept mail", "", "RFC 7504"},
};

// Enhanced status code subjects and details (RFC 3463 §3, with the IANA registry's common ones).
const Entry kEnhanced[] = {
    {"X.0.0", "Other or undefined status", "", "RFC 3463 §3.1"},
    {"X.1.0", "Other address status", "", "RFC 3463 §3.2"},
    {"X.1.1", "Bad destination mailbox address", "", "RFC 3463 §3.2"},
    {"X.1.3", "Bad destination mailbox address syntax", "", "RFC 3463 §3.2"},
    {"X.1.5", "Destination address valid", "", "RFC 3463 §3.2"},
    {"X.1.7", "Bad sender's mailbox address syntax", "", "RFC 3463 §3.2"},
    {"X.1.8", "Bad sender's system address", "", "RFC 3463 §3.2"},
    {"X.2.2", "Mailbox full", "", "RFC 3463 §3.3"},
    {"X.3.0", "Other or undefined mail system status", "", "RFC 3463 §3.4"},
    {"X.3.2", "System not accepting network messages", "", "RFC 3463 §3.4"},
    {"X.3.4", "Message too big for system", "", "RFC 3463 §3.4"},
    {"X.4.2", "Bad connection", "", "RFC 3463 §3.5"},
    {"X.4.5", "System congestion", "", "RFC 3463 §3.5"},
    {"X.5.0", "Other or undefined protocol status", "", "RFC 3463 §3.6"},
    {"X.5.1", "Invalid command", "", "RFC 3463 §3.6"},
    {"X.5.2", "Syntax error", "", "RFC 3463 §3.6"},
    {"X.5.3", "Too many recipients", "", "RFC 3463 §3.6"},
    {"X.5.4", "Invalid command arguments", "", "RFC 3463 §3.6"},
    {"X.5.6", "Authentication exchange line is too long", "", "RFC 4954 §6"},
    {"X.6.0", "Other or undefined media error", "", "RFC 3463 §3.7"},
    {"X.6.7", "Non-ASCII addresses not permitted", "", "RFC 6531 §3.7"},
    {"X.7.0", "Other or undefined security status", "", "RFC 3463 §3.8"},
    {"X.7.1", "Delivery not authorized, message refused", "", "RFC 3463 §3.8"},
    {"X.7.8", "Authentication credentials invalid", "", "RFC 4954 §6"},
    {"X.7.9", "Authentication mechanism is too weak", "", "RFC 4954 §6"},
    {"X.7.11", "Encryption required for requested authentication mechanism", "", "RFC 4954 §6"},
};

// EHLO keywords: the service extension each names, with the RFC that defines it.
const Entry kKeywords[] = {
    {"PIPELINING", "Offers command pipelining",
     "The client may send several commands without waiting for each reply (MAIL, RCPT and DATA in one go); "
     "the server answers them in order.",
     "RFC 2920"},
    {"SIZE", "Offers SIZE: declares the largest message it accepts",
     "The number is the maximum message size in octets (0: no limit). The client may announce a message's size "
     "with MAIL FROM:<...> SIZE=n, and the server may refuse it at once instead of after the data.",
     "RFC 1870"},
    {"8BITMIME", "Offers 8BITMIME: message bodies may carry 8-bit text",
     "The client may send MAIL FROM:<...> BODY=8BITMIME and octets above 127 in the body without encoding them.",
     "RFC 6152"},
    {"SMTPUTF8", "Offers SMTPUTF8: UTF-8 addresses and headers",
     "With MAIL FROM:<...> SMTPUTF8 the client may use UTF-8 in mailbox names and header fields.", "RFC 6531"},
    {"CHUNKING", "Offers CHUNKING: the BDAT command",
     "The client may send the message in chunks of a declared size with BDAT instead of DATA, with no "
     "dot-stuffing.",
     "RFC 3030"},
    {"BINARYMIME", "Offers BINARYMIME: binary bodies with BDAT", "BODY=BINARYMIME content may only be sent with BDAT.",
     "RFC 3030"},
    {"DSN", "Offers delivery status notifications",
     "The client may ask which reports it wants (RCPT ... NOTIFY=, ORCPT=) and how much of the message comes back "
     "(MAIL ... RET=, ENVID=).",
     "RFC 3461"},
    {"STARTTLS", "Offers STARTTLS: the connection can be encrypted",
     "The client may send STARTTLS and start a TLS handshake; afterwards it sends EHLO again.", "RFC 3207"},
    {"AUTH", "Offers authentication; the mechanisms follow",
     "The words after AUTH are the SASL mechanisms the client may use with the AUTH command (PLAIN, LOGIN, "
     "CRAM-MD5, ...).",
     "RFC 4954"},
    {"ENHANCEDSTATUSCODES", "Offers enhanced status codes",
     "Replies carry a class.subject.detail code such as 5.1.1 after the reply code, which says more precisely "
     "what happened (RFC 3463).",
     "RFC 2034"},
    {"HELP", "Offers the HELP command", "", "RFC 5321 §4.1.1.8"},
    {"VRFY", "Offers the VRFY command", "", "RFC 5321 §4.1.1.6"},
    {"EXPN", "Offers the EXPN command", "", "RFC 5321 §4.1.1.7"},
    {"ETRN", "Offers remote queue starting (ETRN)", "", "RFC 1985"},
    {"REQUIRETLS", "Offers REQUIRETLS", "The client may demand TLS for every further hop of the message.", "RFC 8689"},
    {"DELIVERBY", "Offers DELIVERBY: a deadline for delivery", "", "RFC 2852"},
};

template<size_t N>
const Entry *find(const Entry (&table)[N], const QByteArray &key)
{
    for (const Entry &e : table) {
        if (key == e.key)
            return &e;
    }
    return nullptr;
}

Explanation make(const Entry &e, const QString &extra = {})
{
    const QString rfc = QString::fromUtf8(e.rfc);
    Explanation out;
    out.brief = QObject::tr(e.brief) + QStringLiteral(" (") + rfc + QLatin1Char(')');
    out.detail = QStringLiteral("<b>") + QObject::tr(e.brief).toHtmlEscaped() + QStringLiteral("</b>");
    if (e.detail[0])
        out.detail += QStringLiteral("<br>") + QObject::tr(e.detail).toHtmlEscaped();
    if (!extra.isEmpty())
        out.detail += QStringLiteral("<br>") + extra;
    out.detail += QStringLiteral("<br><i>") + rfc + QStringLiteral("</i>");
    return out;
}

} // namespace

Explanation command(const QByteArray &line)
{
    QByteArray verb = line.trimmed();
    const qsizetype space = verb.indexOf(' ');
    if (space > 0)
        verb.truncate(space);
    const qsizetype colon = verb.indexOf(':'); // "MAIL FROM:<x>" has a space; "RCPT TO:" too
    if (colon > 0)
        verb.truncate(colon);
    const Entry *e = find(kCommands, verb.toUpper());
    return e ? make(*e) : Explanation{};
}

Explanation authResponse()
{
    static const Entry kResponse{"", "Authentication response",
                                 "The client's base64 answer to a 334 challenge, or * to cancel.", "RFC 4954 §4"};
    return make(kResponse);
}

Explanation defect()
{
    static const Entry kDefect{"", "Protocol defect of the client",
                               "The client broke a rule of the protocol here. Mailscope went on, so you can see the "
                               "rest of the conversation; a stricter server may have refused or closed. The session "
                               "list counts the defects of each session.",
                               "RFC 5321"};
    return make(kDefect);
}

Explanation ehloKeyword(const QByteArray &keyword)
{
    if (const Entry *e = find(kKeywords, keyword.toUpper()))
        return make(*e);
    static const Entry kOther{"", "Offers a service extension",
                              "A keyword the server supports beyond RFC 5321; the words after it are its parameters.",
                              "RFC 5321 §2.2"};
    return make(kOther);
}

QByteArray EhloKeywords::next(const Records::TranscriptLine &line)
{
    if (line.kind == Records::LineKind::Command) {
        QByteArray command = line.data;
        while (command.endsWith('\n') || command.endsWith('\r'))
            command.chop(1);
        m_afterEhlo = Smtp::CommandParser::parseCommand(command).verb == "EHLO";
        m_firstLineSeen = false;
        return {};
    }
    if (line.kind != Records::LineKind::Reply || !m_afterEhlo)
        return {};
    Smtp::ReplyReader reader;
    reader.append(line.data.endsWith('\n') ? line.data : line.data + "\r\n");
    const std::optional<Smtp::ReplyLine> reply = reader.takeLine();
    if (!reply || reply->code != 250) {
        m_afterEhlo = false;
        return {};
    }
    if (reply->last)
        m_afterEhlo = false;
    if (!std::exchange(m_firstLineSeen, true))
        return {}; // the server's name and greeting
    const QByteArray text = reply->text();
    const qsizetype space = text.indexOf(' ');
    return space < 0 ? text : text.left(space);
}

Explanation reply(const QByteArray &line)
{
    if (line.size() < 3)
        return {};
    const QByteArray code = line.left(3);
    const Entry *e = find(kReplies, code);
    if (!e)
        return {};
    // "250-2.1.0 Ok" or "250 2.1.0 Ok": the enhanced code follows the separator.
    QString extra;
    const QByteArray rest = line.mid(4);
    const qsizetype end = rest.indexOf(' ');
    const QByteArray enhanced = end > 0 ? rest.left(end) : rest.trimmed();
    const QList<QByteArray> parts = enhanced.split('.');
    if (parts.size() == 3 && enhanced.at(0) >= '2' && enhanced.at(0) <= '5') {
        const QByteArray key = "X." + parts.at(1) + '.' + parts.at(2);
        if (const Entry *x = find(kEnhanced, key)) {
            extra = QStringLiteral("%1: %2 (%3)")
                        .arg(QString::fromLatin1(enhanced), QObject::tr(x->brief), QString::fromUtf8(x->rfc))
                        .toHtmlEscaped();
        }
    }
    return make(*e, extra);
}

} // namespace Ui::SmtpExplain
