#include "protocol.h"

#include "commandparser.h"

#include <algorithm>

namespace Smtp {

namespace {

const QByteArray kCrlf = "\r\n";

QByteArray obsoleteText(const QByteArray &verb)
{
    if (verb == "ETRN")
        return "ETRN is not offered: Mailscope never relays or queues mail for other hosts (RFC 1985)";
    if (verb == "TURN")
        return "TURN is obsolete and not offered (RFC 5321 appendix F.1)";
    return verb + " is obsolete and not offered (RFC 5321 appendix F.6)";
}

// Where the first command line ends: at its LF, or at a CR that no LF follows (a bare CR ends
// a line too, as the README promises; RFC 5321 2.3.8 wants CRLF). -1 until that is known.
qsizetype commandLineEnd(const QByteArray &in)
{
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in[i] == '\n')
            return i;
        if (in[i] == '\r' && i + 1 == in.size())
            return -1; // the LF may come with the next read
        if (in[i] == '\r' && in[i + 1] != '\n')
            return i;
    }
    return -1;
}

// Fault rules read header fields from the start of the content, never the whole of it.
constexpr qint64 kHeaderBlockOctets = 64 * 1024;

// The header section of a message's start: up to its first empty line.
QByteArray headerBlock(const QByteArray &head)
{
    for (qsizetype start = 0; start < head.size();) {
        const qsizetype lf = head.indexOf('\n', start);
        if (lf < 0)
            break;
        if (lf == start || (lf == start + 1 && head[start] == '\r'))
            return head.first(start);
        start = lf + 1;
    }
    return head;
}

} // namespace

Protocol::Protocol(ProtocolConfig config)
    : m_config(std::move(config))
{
}

void Protocol::start()
{
    m_started = true;
    const auto greet = [this] {
        const auto normal = [this] { reply(220, "", m_config.hostname + " ESMTP Mailscope ready"); };
        if (!m_faults.consult(Faults::Stage::Greeting, {}, {}, normal))
            normal();
    };
    if (!m_faults.consult(Faults::Stage::Connect, {}, {}, greet))
        greet();
    process(); // what the client sent before the greeting waited for it
}

// The greeting is out once start() has queued it and no delay, throttle or hold of the
// connect or greeting stage still keeps it (the session resumes us once a paced reply is sent).
bool Protocol::greetingSent()
{
    if (!m_greeted)
        m_greeted = m_started && !m_faults.isPaused();
    return m_greeted;
}

void Protocol::checkPreGreet()
{
    if (m_preGreet || greetingSent())
        return;
    m_preGreet = true;
    defect("pre-greet", QStringLiteral("Client sent data before the server's greeting (RFC 5321 4.3.1)"));
}

void Protocol::inputWaiting()
{
    if (!m_closed)
        checkPreGreet();
}

QList<QByteArray> Protocol::extensions() const
{
    QList<QByteArray> list{"PIPELINING", "SIZE " + QByteArray::number(m_config.limits.maxMessageSize), "8BITMIME",
                           "SMTPUTF8", "ENHANCEDSTATUSCODES", "CHUNKING", "DSN"};
    if (m_config.tlsAvailable && !m_tls)
        list.append("STARTTLS");
    if (m_tls || !m_config.authRequiresTls)
        list.append("AUTH " + Sasl::mechanisms().join(' '));
    list.append("HELP");
    return list;
}

void Protocol::receive(QByteArrayView data)
{
    if (m_closed)
        return;
    if (!data.isEmpty())
        checkPreGreet();
    // Message data is read straight from what came in, so a large message is never copied
    // into m_in and moved along as it is consumed: only what it leaves is kept.
    if (m_in.isEmpty() && m_started)
        data = data.sliced(readContent(data));
    m_in.append(data.data(), data.size());
    if (m_started)
        process();
}

void Protocol::process()
{
    qsizetype before = -1;
    while (canRead() && !m_in.isEmpty() && m_in.size() != before) {
        before = m_in.size();
        switch (m_mode) {
        case Mode::Command:
        case Mode::DiscardLine:
            if (!processCommandLine())
                return;
            break;
        case Mode::Data:
        case Mode::Bdat:
            m_in.remove(0, readContent(m_in));
            break;
        }
    }
}

// Reads DATA or BDAT content from the start of input while the state lets it; returns the
// octets used (the rest is commands, or waits).
qsizetype Protocol::readContent(QByteArrayView input)
{
    qsizetype used = 0;
    while (canRead() && used < input.size() && (m_mode == Mode::Data || m_mode == Mode::Bdat))
        used += m_mode == Mode::Data ? processData(input.sliced(used)) : processBdat(input.sliced(used));
    return used;
}

void Protocol::newSink()
{
    m_sink = m_config.contentSink ? m_config.contentSink() : std::make_unique<MemorySink>();
}

// Takes one line from the input, if a whole one is there. Returns false when it needs more.
bool Protocol::processCommandLine()
{
    const qsizetype newline = commandLineEnd(m_in);
    const int maxLine = lineLimit();
    if (newline < 0) {
        if (m_in.size() > maxLine) {
            // Never buffer an endless line: keep its start for the transcript, drop the rest.
            if (m_mode == Mode::Command) {
                receivedTooLong(m_in.left(maxLine));
                m_mode = Mode::DiscardLine;
                m_discarded = m_in.size() - maxLine;
            } else {
                m_discarded += m_in.size();
            }
            m_in.clear();
        }
        return false;
    }
    QByteArray line = m_in.left(newline + 1);
    m_in.remove(0, newline + 1);
    if (m_mode == Mode::DiscardLine) {
        m_discarded += line.size();
        m_mode = Mode::Command;
        note(QStringLiteral("%1 more octets of this line were not read").arg(m_discarded));
        defect("line-too-long", QStringLiteral("Command line longer than %1 octets (RFC 5321 4.5.3.1.4)").arg(maxLine));
        reply(500, "5.5.2", "Line too long, maximum is " + QByteArray::number(maxLine) + " octets");
        return true;
    }
    if (line.size() > maxLine) {
        receivedTooLong(line.left(maxLine));
        note(QStringLiteral("%1 more octets of this line were not read").arg(line.size() - maxLine));
        defect("line-too-long", QStringLiteral("Command line longer than %1 octets (RFC 5321 4.5.3.1.4)").arg(maxLine));
        reply(500, "5.5.2", "Line too long, maximum is " + QByteArray::number(maxLine) + " octets");
        return true;
    }
    received(line);
    if (line.endsWith(kCrlf)) {
        line.chop(2);
    } else if (line.endsWith('\r')) {
        line.chop(1);
        defect("command-bare-cr", QStringLiteral("Command line ended with a bare CR instead of CRLF (RFC 5321 2.3.8)"));
    } else {
        line.chop(1);
        defect("command-bare-lf", QStringLiteral("Command line ended with a bare LF instead of CRLF (RFC 5321 2.3.8)"));
    }
    if (m_authStep != AuthStep::None)
        onAuthResponse(line);
    else
        handleCommand(line);
    return true;
}

void Protocol::handleCommand(const QByteArray &line)
{
    if (line.contains('\0')) {
        defect("command-nul", QStringLiteral("Command line contains NUL octets"));
        reply(500, "5.5.2", "NUL octets are not allowed in commands");
        return;
    }
    const Command cmd = CommandParser::parseCommand(line);
    const QByteArray v = cmd.verb;
    const QByteArray arg = cmd.argument;
    if (m_faults.refusedAtGreeting() && v != "QUIT")
        return reply(503, "5.5.1", "Bad sequence of commands: the greeting refused this session, send QUIT (RFC 5321 3.1)");
    // AUTH is asked about once the credentials are known (finishAuth).
    if (v == "AUTH" || !m_faults.isActive())
        return dispatch(v, arg);
    QByteArray faultArgument = arg;
    if (v == "MAIL" || v == "RCPT") { // rules see the address alone
        const PathArgument path = CommandParser::parsePath(arg, v == "MAIL" ? "FROM" : "TO", v == "MAIL");
        if (path.ok)
            faultArgument = path.address;
    }
    if (!m_faults.consult(Faults::stageOfVerb(v), v, faultArgument, [this, v, arg] { dispatch(v, arg); }))
        dispatch(v, arg);
}

void Protocol::dispatch(const QByteArray &v, const QByteArray &arg)
{
    if (v == "EHLO" || v == "HELO")
        return onHelo(v, arg);
    if (v == "MAIL")
        return onMail(arg);
    if (v == "RCPT")
        return onRcpt(arg);
    if (v == "DATA")
        return onData(arg);
    if (v == "BDAT")
        return onBdat(arg);
    if (v == "RSET")
        return onRset(arg);
    if (v == "QUIT")
        return onQuit(arg);
    if (v == "NOOP")
        return reply(250, "2.0.0", "OK");
    if (v == "VRFY" || v == "EXPN") {
        if (arg.trimmed().isEmpty())
            return reply(501, "5.5.4", "Syntax: " + v + " <string>");
        return reply(252, "2.1.5", "Cannot " + v + " here, but will accept messages for any address");
    }
    if (v == "HELP") {
        return reply(Records::Reply{214, "2.0.0",
                           {"Mailscope accepts every message and never relays it.",
                            "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY EXPN HELP",
                            "See RFC 5321 and https://www.rfc-editor.org/rfc/rfc5321"}});
    }
    if (v == "TURN" || v == "SEND" || v == "SOML" || v == "SAML" || v == "ETRN")
        return reply(502, "5.5.1", obsoleteText(v));
    if (v == "STARTTLS")
        return onStartTls(arg);
    if (v == "AUTH")
        return onAuth(arg);
    reply(500, "5.5.2", "Command unrecognized: " + v.left(32));
}

void Protocol::onHelo(const QByteArray &verb, const QByteArray &arg)
{
    const QByteArray name = arg.trimmed();
    if (name.isEmpty() || name.contains(' '))
        return reply(501, "5.5.4", "Syntax: " + verb + " hostname");
    if (!CommandParser::isValidDomain(name))
        defect("helo-syntax", QStringLiteral("%1 name is neither a domain nor an address literal (RFC 5321 4.1.1.1)")
                                  .arg(QString::fromLatin1(verb)));
    resetTransaction();
    m_helo = name;
    if (verb == "HELO") {
        m_esmtp = false;
        return reply(250, "", m_config.hostname + " greets " + name);
    }
    m_esmtp = true;
    Records::Reply r{250, "", {m_config.hostname + " greets " + name}};
    r.lines += extensions();
    reply(r);
}

void Protocol::onData(const QByteArray &arg)
{
    if (!m_transaction)
        return reply(503, "5.5.1", "Need MAIL command first");
    if (m_transaction->recipients.isEmpty())
        return reply(503, "5.5.1", "Need RCPT command first: no valid recipients");
    if (m_transaction->chunked)
        return reply(503, "5.5.1", "DATA cannot follow BDAT in the same transaction (RFC 3030 2)");
    if (!arg.isEmpty())
        return reply(501, "5.5.4", "Syntax: DATA (no argument)");
    if (!m_in.isEmpty())
        defect("data-pipelined", QStringLiteral("Client sent message data before the 354 reply (RFC 2920 3.1)"));
    newSink();
    m_data.emplace(m_config.limits.maxMessageSize, m_sink.get());
    m_mode = Mode::Data;
    // RFC 2034 gives 354 no enhanced status code.
    reply(354, "", "End data with <CR><LF>.<CR><LF>");
}

qsizetype Protocol::processData(QByteArrayView input)
{
    const qsizetype used = m_data->feed(input.data(), input.size());
    if (!m_data->finished())
        return used;
    m_mode = Mode::Command;
    DataReader reader = std::move(*m_data);
    m_data.reset();
    const Records::Defects defects = reader.defects();
    for (const Records::Defect &d : defects) {
        ProtocolEvent e = ProtocolEvent::of(ProtocolEvent::Kind::Defect);
        e.defect = d;
        m_events.append(e);
    }
    if (reader.overflowed()) {
        note(Records::LineKind::DataSummary,
             QStringLiteral("Message data: %1 octets, %2 lines, discarded (over the %3-octet limit)")
                 .arg(reader.contentSize())
                 .arg(reader.lineCount())
                 .arg(m_config.limits.maxMessageSize));
        resetTransaction();
        reply(552, "5.3.4", "Message size exceeds fixed maximum message size "
                                + QByteArray::number(m_config.limits.maxMessageSize));
        return used;
    }
    completeMessage(m_sink->take(), reader.lineCount(), defects);
    return used;
}

void Protocol::onBdat(const QByteArray &arg)
{
    const QList<QByteArray> words = arg.simplified().split(' ');
    bool ok = false;
    const qint64 size = words.value(0).toLongLong(&ok);
    const bool last = words.size() == 2 && words[1].toUpper() == "LAST";
    if (!ok || size < 0 || words.size() > 2 || (words.size() == 2 && !last))
        return reply(501, "5.5.4", "Syntax: BDAT <size> [LAST]");

    // The chunk's octets always follow and must be read, accepted or not (RFC 3030 2).
    m_chunkRemaining = size;
    m_chunkLast = last;
    m_chunkRefusal.reset();
    if (!m_transaction)
        m_chunkRefusal = Records::Reply::make(503, "5.5.1", "Need MAIL command first");
    else if (m_transaction->recipients.isEmpty())
        m_chunkRefusal = Records::Reply::make(503, "5.5.1", "Need RCPT command first: no valid recipients");
    else if (auto refusal = m_faults.takeBdatRefusal()) { // RFC 3030 2: a refused chunk fails the whole message
        m_chunkRefusal = std::move(refusal);
        resetTransaction();
    } else
        m_transaction->chunked = true;
    if (!m_chunkRefusal && !m_sink)
        newSink();
    m_mode = Mode::Bdat;
    if (size == 0)
        finishBdat(last);
}

qsizetype Protocol::processBdat(QByteArrayView input)
{
    const qsizetype take = qMin<qint64>(m_chunkRemaining, input.size());
    const QByteArrayView chunk = input.first(take);
    if (!m_chunkRefusal) {
        m_chunkedSize += take;
        if (m_chunkedSize > m_config.limits.maxMessageSize)
            m_sink->clear();
        else
            m_sink->append(chunk);
    }
    m_chunkLines += std::count(chunk.begin(), chunk.end(), '\n');
    m_chunkRemaining -= take;
    if (m_chunkRemaining == 0)
        finishBdat(m_chunkLast);
    return take;
}

void Protocol::finishBdat(bool last)
{
    m_mode = Mode::Command;
    if (m_chunkRefusal)
        return reply(*m_chunkRefusal);
    if (m_chunkedSize > m_config.limits.maxMessageSize) {
        note(Records::LineKind::DataSummary,
             QStringLiteral("BDAT data: %1 octets so far, discarded (over the %2-octet limit)")
                 .arg(m_chunkedSize)
                 .arg(m_config.limits.maxMessageSize));
        resetTransaction();
        return reply(552, "5.3.4", "Message size exceeds fixed maximum message size "
                                       + QByteArray::number(m_config.limits.maxMessageSize));
    }
    if (!last)
        return reply(250, "2.0.0", QByteArray::number(m_chunkedSize) + " octets received");
    completeMessage(m_sink->take(), m_chunkLines, {});
}

// The content of the message being received is complete. A spooled one that is refused here
// (by a rule, or because the spool failed) is removed with its last copy.
void Protocol::completeMessage(const Content &content, qint64 lines, Records::Defects defects)
{
    const QString error = std::exchange(m_sink, {})->error();
    if (!error.isEmpty()) {
        note(QStringLiteral("Message data could not be kept: %1").arg(error));
        resetTransaction();
        return reply(452, "4.3.1", "Insufficient system storage: message not stored");
    }
    const auto normal = [this, content, lines, defects] { readyMessage(content, lines, defects); };
    const QByteArray headers = m_faults.isActive() ? headerBlock(content.head(kHeaderBlockOctets)) : QByteArray();
    if (!m_faults.consult(Faults::Stage::EndOfData, {}, {}, normal, {}, headers, content.size()))
        normal();
}

void Protocol::readyMessage(const Content &content, qint64 lines, const Records::Defects &defects)
{
    ProtocolEvent ready = ProtocolEvent::of(ProtocolEvent::Kind::MessageReady);
    ready.envelope = *m_transaction;
    ready.content = content.bytes;
    ready.spool = content.spool;
    ready.dataLines = lines;
    ready.messageDefects = defects;
    ready.faultRules = m_faults.takeMessageRules();
    m_events.append(ready);
    m_awaitingStore = true;
}

void Protocol::messageStored(const QByteArray &queueId)
{
    if (!m_awaitingStore)
        return;
    m_awaitingStore = false;
    ++m_accepted;
    resetTransaction();
    reply(250, "2.0.0", "OK: queued as " + queueId);
    process();
}

void Protocol::messageFailed(const QByteArray &reason)
{
    if (!m_awaitingStore)
        return;
    m_awaitingStore = false;
    resetTransaction();
    reply(451, "4.3.0", "Message not stored: " + reason);
    process();
}

void Protocol::onRset(const QByteArray &arg)
{
    if (!arg.isEmpty())
        return reply(501, "5.5.4", "Syntax: RSET (no argument)");
    resetTransaction();
    reply(250, "2.0.0", "OK");
}

void Protocol::onQuit(const QByteArray &arg)
{
    if (!arg.isEmpty())
        return reply(501, "5.5.4", "Syntax: QUIT (no argument)");
    reply(221, "2.0.0", m_config.hostname + " closing connection");
    close();
}

void Protocol::idleTimeout()
{
    if (m_closed)
        return;
    m_faults.forgetRuleEffects(); // the server's own reply, not the one a rule was waiting for
    note(QStringLiteral("Idle timeout: the client sent nothing for %1 s").arg(m_config.limits.idleTimeoutMs / 1000.0));
    reply(421, "4.4.2", m_config.hostname + " idle timeout, closing connection");
    close();
}

void Protocol::shutdown()
{
    if (m_closed)
        return;
    m_faults.forgetRuleEffects();
    reply(421, "4.3.0", m_config.hostname + " shutting down, closing connection");
    close();
}

void Protocol::resetTransaction()
{
    m_transaction.reset();
    m_sink.reset();
    m_chunkedSize = 0;
    m_chunkLines = 0;
    m_faults.forgetMessageRules();
}

void Protocol::reply(int code, const char *enhanced, const QByteArray &text)
{
    reply(Records::Reply::make(code, enhanced, text));
}

void Protocol::reply(const Records::Reply &r)
{
    // Reply texts may quote the client; its control octets must not break the reply's lines.
    Records::Reply safe = m_faults.shape(r);
    const auto isControl = [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; };
    for (qsizetype i = 0; i < safe.lines.size(); ++i) {
        if (std::none_of(safe.lines[i].cbegin(), safe.lines[i].cend(), isControl))
            continue; // most replies: nothing to change, nothing copied
        for (char &c : safe.lines[i]) {
            if (isControl(c))
                c = '?';
        }
    }
    const QByteArray wire = safe.format(m_esmtp);
    qsizetype start = 0;
    while (start < wire.size()) {
        const qsizetype end = wire.indexOf('\n', start) + 1;
        ProtocolEvent sent = ProtocolEvent::of(ProtocolEvent::Kind::Sent, wire.mid(start, end - start));
        // While an AUTH exchange is open, a reply is its challenge (RFC 4954 4: 334).
        sent.line = m_authStep != AuthStep::None ? Records::LineKind::AuthChallenge : Records::LineKind::Reply;
        sent.replyCode = safe.code;
        m_events.append(std::move(sent));
        start = end;
    }
}

void Protocol::note(Records::LineKind kind, const QString &text)
{
    ProtocolEvent e = ProtocolEvent::of(ProtocolEvent::Kind::Note);
    e.text = text;
    e.line = kind;
    m_events.append(e);
}

void Protocol::received(const QByteArray &line)
{
    ProtocolEvent e = ProtocolEvent::of(ProtocolEvent::Kind::Received, line);
    e.line = m_authStep != AuthStep::None ? Records::LineKind::AuthResponse : Records::LineKind::Command;
    m_events.append(std::move(e));
}

void Protocol::defect(const QByteArray &code, const QString &detail)
{
    ProtocolEvent e = ProtocolEvent::of(ProtocolEvent::Kind::Defect);
    e.defect = Records::Defect{code, detail};
    m_events.append(e);
}

void Protocol::close()
{
    m_closed = true;
    m_in.clear();
    m_data.reset();
    m_sink.reset(); // a message cut off here is not kept
    m_events.append(ProtocolEvent::of(ProtocolEvent::Kind::Closed));
}

void Protocol::resume()
{
    if (m_faults.resume())
        process();
}

void Protocol::answerHold(const Records::Reply &reply)
{
    if (m_faults.answerHold(reply))
        process();
}

void Protocol::addConversation(Faults::Context &context) const
{
    context.helo = m_helo;
    context.authUser = m_authUser;
    if (m_transaction) {
        context.mailFrom = m_transaction->mailFrom;
        for (const Records::Recipient &r : std::as_const(m_transaction->recipients))
            context.recipients.append(r.address);
    }
}

} // namespace Smtp
