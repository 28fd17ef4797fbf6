// Protocol: what a session hung by a fault rule goes on reading. Nothing is answered, but the
// transcript keeps the lines, and an AUTH exchange in them is masked as an answered one is.
#include "protocol.h"

namespace Smtp {

ProtocolEvents Protocol::readUnanswered(QByteArrayView data, bool atEnd)
{
    ProtocolEvents pending = std::exchange(m_events, {});
    m_in.append(data.data(), data.size());
    qsizetype from = 0;
    for (qsizetype lf; (lf = m_in.indexOf('\n', from)) >= 0; from = lf + 1) {
        if (!std::exchange(m_unansweredTooLong, false))
            unansweredLine(m_in.sliced(from, lf + 1 - from));
    }
    m_in.remove(0, from);
    if (m_unansweredTooLong) {
        m_in.clear();
    } else if (m_in.size() > lineLimit()) {
        receivedTooLong(m_in.left(lineLimit()));
        m_in.clear();
        m_unansweredTooLong = true;
    } else if (atEnd && !m_in.isEmpty()) {
        unansweredLine(std::exchange(m_in, {}));
    }
    return std::exchange(m_events, std::move(pending));
}

// One line, read as the exchange so far would read it: a response while an AUTH exchange
// waits for one (a line with a space ends it: the client has gone on to commands), the AUTH
// command and its initial response, or a command.
void Protocol::unansweredLine(const QByteArray &line)
{
    const QByteArray text = line.endsWith("\r\n") ? line.chopped(2) : line.endsWith('\n') ? line.chopped(1) : line;
    if (m_authStep != AuthStep::None && (text.contains(' ') || text == "*"))
        m_authStep = AuthStep::None;
    // A response, masked; after LOGIN's user name its password is still to come.
    const auto respond = [this](const QByteArray &response) {
        receivedSecret(secretOf(response));
        const auto decoded = Sasl::decodeBase64(response);
        m_authStep = m_authStep == AuthStep::LoginUser && decoded ? AuthStep::LoginPassword : AuthStep::None;
        if (m_authStep == AuthStep::LoginPassword)
            m_loginUser = *decoded;
    };
    if (m_authStep != AuthStep::None) {
        received(line);
        return respond(text);
    }
    received(line);
    const QByteArrayList words = text.split(' ');
    if (words.size() < 2 || words[0].toUpper() != "AUTH")
        return;
    m_authMechanism = words[1].toUpper();
    m_authStep = m_authMechanism == "PLAIN"      ? AuthStep::PlainResponse
                 : m_authMechanism == "LOGIN"    ? AuthStep::LoginUser
                 : m_authMechanism == "CRAM-MD5" ? AuthStep::CramResponse
                                                 : AuthStep::PlainResponse; // unknown: its response counts as secret
    if (words.size() < 3)
        return;
    // The initial response rides on the command line (RFC 4954 4).
    respond(words[2] == "=" ? QByteArray() : words[2]);
}

} // namespace Smtp
