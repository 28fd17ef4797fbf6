// Protocol: STARTTLS (RFC 3207) and AUTH (RFC 4954). Kept apart from the core commands.
#include "protocol.h"

namespace Smtp {

namespace {
constexpr int kAuthLineLimit = 12288; // RFC 4954 4: AUTH lines may be this long
}

int Protocol::lineLimit() const
{
    const int normal = m_config.limits.maxLineLength;
    if (m_authStep != AuthStep::None || m_in.left(5).toUpper() == "AUTH ")
        return qMax(normal, kAuthLineLimit);
    return normal;
}

void Protocol::onStartTls(const QByteArray &arg)
{
    if (!m_config.tlsAvailable)
        return reply(502, "5.5.1", "STARTTLS is not offered: no certificate is configured");
    if (m_tls)
        return reply(554, "5.5.1", "TLS already active");
    if (!arg.isEmpty())
        return reply(501, "5.5.4", "Syntax: STARTTLS (no argument)");
    if (m_transaction)
        return reply(503, "5.5.1", "STARTTLS is not allowed inside a mail transaction, send RSET first");
    reply(220, "2.0.0", "Ready to start TLS");
    if (!m_in.isEmpty()) {
        defect("starttls-pipelined",
               QStringLiteral("Client sent %1 octets after STARTTLS before the handshake; discarded as RFC 3207 4.2 "
                              "requires (a STARTTLS command injection would hide here)")
                   .arg(m_in.size()));
        m_in.clear();
    }
    m_awaitingTls = true;
    m_events.append(ProtocolEvent::of(ProtocolEvent::Kind::StartTls));
}

void Protocol::tlsStarted()
{
    // RFC 3207 4.2: forget everything the client said before TLS.
    m_awaitingTls = false;
    m_tls = true;
    m_helo.clear();
    m_esmtp = false;
    m_authUser.clear();
    resetTransaction();
    process();
}

void Protocol::onAuth(const QByteArray &arg)
{
    if (m_addressAuthFailures >= m_config.limits.maxAuthFailures) {
        reply(421, "4.7.0", m_config.hostname + " too many failed authentication attempts, closing connection");
        return close();
    }
    if (!m_esmtp)
        return reply(503, "5.5.1", "Send EHLO first: AUTH is an ESMTP extension");
    if (!m_authUser.isEmpty())
        return reply(503, "5.5.1", "Already authenticated");
    if (m_transaction)
        return reply(503, "5.5.1", "AUTH is not allowed inside a mail transaction");
    const QByteArrayList words = arg.split(' ');
    const QByteArray mechanism = words.value(0).toUpper();
    if (mechanism.isEmpty() || words.size() > 2)
        return reply(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]");
    if (m_config.authRequiresTls && !m_tls)
        return reply(538, "5.7.11", "Encryption required for requested authentication mechanism");
    if (!Sasl::mechanisms().contains(mechanism))
        return reply(504, "5.5.4", "Unrecognized authentication type " + mechanism.left(32));
    m_authMechanism = mechanism;
    const bool hasInitial = words.size() == 2;
    if (mechanism == "CRAM-MD5") {
        if (hasInitial)
            return reply(501, "5.5.4", "CRAM-MD5 takes no initial response (RFC 2195)");
        m_challenge = "<" + m_config.authNonce + "@" + m_config.hostname + ">";
        m_authStep = AuthStep::CramResponse;
        return reply(334, "", m_challenge.toBase64());
    }
    m_authStep = mechanism == "PLAIN" ? AuthStep::PlainResponse : AuthStep::LoginUser;
    if (!hasInitial)
        return reply(334, "", mechanism == "PLAIN" ? QByteArray() : QByteArray("Username:").toBase64());
    onAuthResponse(words[1] == "=" ? QByteArray() : words[1]); // "=" is an empty initial response
}

void Protocol::onAuthResponse(const QByteArray &line)
{
    if (line == "*") {
        m_authStep = AuthStep::None;
        return reply(501, "5.7.0", "Authentication cancelled");
    }
    const auto decoded = Sasl::decodeBase64(line);
    if (!line.isEmpty())
        receivedSecret(secretOf(line));
    if (!decoded) {
        m_authStep = AuthStep::None;
        return reply(501, "5.5.2", "Invalid base64 data");
    }
    authStep(*decoded);
}

Records::AuthSecret Protocol::secretOf(const QByteArray &line) const
{
    using Response = Records::AuthSecret::Response;
    switch (m_authStep) {
    case AuthStep::PlainResponse: return Records::AuthSecret::of(m_authMechanism, Response::Plain, line);
    case AuthStep::LoginUser: return Records::AuthSecret::of(m_authMechanism, Response::LoginUser, line);
    case AuthStep::LoginPassword:
        return Records::AuthSecret::of(m_authMechanism, Response::LoginPassword, line, m_loginUser);
    case AuthStep::CramResponse: return Records::AuthSecret::of(m_authMechanism, Response::CramMd5, line);
    case AuthStep::None: break;
    }
    return Records::AuthSecret::of(m_authMechanism, Response::Plain, {}); // not reached: no exchange
}

void Protocol::receivedSecret(Records::AuthSecret secret)
{
    for (qsizetype i = m_events.size() - 1; i >= 0; --i) {
        ProtocolEvent &e = m_events[i];
        if (e.kind != ProtocolEvent::Kind::Received)
            continue;
        if (e.line == Records::LineKind::Command) // the AUTH command with its initial response
            secret.command = e.bytes.left(e.bytes.trimmed().lastIndexOf(' '));
        if (m_config.recordPasswords)
            secret.wire = e.bytes;
        else
            secret = secret.masked();
        e.line = Records::LineKind::AuthSecret;
        e.bytes = secret.encode();
        return;
    }
}

void Protocol::receivedTooLong(const QByteArray &start)
{
    received(start);
    // The start of an AUTH line may be the start of its secret.
    if (m_authStep == AuthStep::None && start.left(5).toUpper() != "AUTH ")
        return;
    Records::AuthSecret s;
    s.mechanism = m_authStep == AuthStep::None ? QByteArray() : m_authMechanism;
    s.holds = Records::AuthSecret::Holds::Unreadable;
    s.secretLength = start.size();
    s.secret = start;
    receivedSecret(s);
}

void Protocol::authStep(const QByteArray &decoded)
{
    const AuthStep step = std::exchange(m_authStep, AuthStep::None);
    switch (step) {
    case AuthStep::PlainResponse:
        if (const auto c = Sasl::parsePlain(decoded))
            return finishAuth(*c);
        return reply(501, "5.5.2", "PLAIN response must be authzid NUL user NUL password (RFC 4616)");
    case AuthStep::LoginUser:
        m_loginUser = decoded;
        m_authStep = AuthStep::LoginPassword;
        return reply(334, "", QByteArray("Password:").toBase64());
    case AuthStep::LoginPassword:
        return finishAuth({{}, m_loginUser, decoded, {}});
    case AuthStep::CramResponse:
        if (const auto c = Sasl::parseCramMd5(decoded))
            return finishAuth(*c);
        return reply(501, "5.5.2", "CRAM-MD5 response must be user SP 32 hex digits (RFC 2195)");
    case AuthStep::None:
        break;
    }
}

void Protocol::finishAuth(const Sasl::Credentials &credentials)
{
    note(Records::LineKind::AuthStep, Sasl::describe(m_authMechanism, credentials));
    const auto check = [this, credentials] {
        if (!m_config.users.check(credentials, m_challenge)) {
            m_addressAuthFailures = qMax(m_addressAuthFailures, ++m_authFailures);
            if (m_authFailures < m_config.limits.maxAuthFailures)
                return reply(535, "5.7.8", "Authentication credentials invalid");
            reply(421, "4.7.0", m_config.hostname + " too many failed authentication attempts, closing connection");
            return close();
        }
        m_authUser = credentials.user;
        m_events.append(ProtocolEvent::of(ProtocolEvent::Kind::Authenticated, m_authUser));
        reply(235, "2.7.0", "Authentication successful");
    };
    // Fault rules for AUTH decide here, where the user is known.
    if (!m_faults.consult(Faults::Stage::Auth, "AUTH", m_authMechanism, check, credentials.user))
        check();
}

} // namespace Smtp
