// Protocol: the envelope, MAIL and RCPT with their parameters (RFC 5321 4.1.1.2-3, SIZE,
// 8BITMIME, SMTPUTF8, DSN and AUTH=). Kept apart from the core commands.
#include "protocol.h"

#include "commandparser.h"

namespace Smtp {

void Protocol::onMail(const QByteArray &arg)
{
    if (m_helo.isEmpty())
        return reply(503, "5.5.1", "Send EHLO or HELO first");
    if (m_transaction)
        return reply(503, "5.5.1", "Nested MAIL command: a transaction is already open, send RSET first");
    if (m_config.requireTls && !m_tls)
        return reply(530, "5.7.0", "Must issue a STARTTLS command first");
    if (m_config.requireAuth && m_authUser.isEmpty())
        return reply(530, "5.7.0", "Authentication required");
    if (m_storageLow)
        return reply(452, "4.3.1", "Insufficient system storage");
    const PathArgument path = CommandParser::parsePath(arg, "FROM", true);
    if (!path.ok)
        return reply(501, path.enhanced.constData(), path.error);
    if (auto refusal = refuseParametersAfterHelo("MAIL", path.parameters))
        return reply(*refusal);
    Records::Envelope envelope;
    envelope.mailFrom = path.address;
    envelope.mailParameters = path.parameters;
    if (auto refusal = applyMailParameters(envelope))
        return reply(*refusal);
    if (CommandParser::hasNonAscii(envelope.mailFrom) && !envelope.smtpUtf8)
        return reply(553, "5.6.7", "Non-ASCII sender address needs the SMTPUTF8 parameter (RFC 6531 3.4)");
    if (auto refusal = refuseNonUtf8("Sender", envelope.mailFrom, envelope.smtpUtf8))
        return reply(*refusal);
    m_transaction = envelope;
    reply(250, "2.1.0", "Sender <" + envelope.mailFrom + "> OK");
}

// After HELO no service extension is in effect, so every MAIL or RCPT parameter is one the
// server does not recognize (RFC 5321 4.1.1.11, 4.1.2).
std::optional<Records::Reply> Protocol::refuseParametersAfterHelo(const QByteArray &verb, const Records::Parameters &parameters)
{
    if (m_esmtp || parameters.isEmpty())
        return std::nullopt;
    defect("parameters-after-helo", QStringLiteral("%1 parameter %2 in a session opened with HELO, where no service "
                                                   "extension is in effect (RFC 5321 4.1.1.11)")
                                        .arg(QString::fromLatin1(verb), QString::fromLatin1(parameters.first().first)));
    return Records::Reply::make(555, "5.5.4", verb + " parameters are not recognized after HELO, send EHLO to use "
                                              + parameters.first().first + " (RFC 5321 4.1.1.11)");
}

// Under SMTPUTF8 an address is UTF-8 (RFC 6531 3.3); other 8-bit octets are refused.
std::optional<Records::Reply> Protocol::refuseNonUtf8(const char *role, const QByteArray &address, bool smtpUtf8)
{
    if (!smtpUtf8 || CommandParser::isValidUtf8(address))
        return std::nullopt;
    defect("address-not-utf8", QStringLiteral("%1 address is not valid UTF-8 under SMTPUTF8 (RFC 6531 3.3)")
                                   .arg(QString::fromLatin1(role)));
    return Records::Reply::make(553, "5.6.7", QByteArray(role) + " address is not valid UTF-8 (RFC 6531 3.3)");
}

std::optional<Records::Reply> Protocol::applyMailParameters(Records::Envelope &envelope)
{
    for (const auto &[key, value] : std::as_const(envelope.mailParameters)) {
        if (key == "SIZE") {
            bool ok = false;
            const qint64 size = value.toLongLong(&ok);
            if (!ok || size < 0)
                return Records::Reply::make(501, "5.5.4", "SIZE needs a number of octets (RFC 1870)");
            if (size > m_config.limits.maxMessageSize)
                return Records::Reply::make(552, "5.3.4", "Message size " + value + " exceeds fixed maximum message size "
                                                     + QByteArray::number(m_config.limits.maxMessageSize));
            envelope.declaredSize = size;
        } else if (key == "BODY") {
            const QByteArray body = value.toUpper();
            if (body != "7BIT" && body != "8BITMIME")
                return Records::Reply::make(501, "5.5.4", "BODY must be 7BIT or 8BITMIME (RFC 6152)");
            envelope.body = body;
        } else if (key == "SMTPUTF8") {
            if (!value.isEmpty())
                return Records::Reply::make(501, "5.5.4", "SMTPUTF8 takes no value (RFC 6531)");
            envelope.smtpUtf8 = true;
        } else if (key == "RET") {
            const QByteArray ret = value.toUpper();
            if (ret != "FULL" && ret != "HDRS")
                return Records::Reply::make(501, "5.5.4", "RET must be FULL or HDRS (RFC 3461 4.3)");
            envelope.ret = ret;
        } else if (key == "ENVID") {
            if (!CommandParser::isValidXtext(value) || value.size() > 100)
                return Records::Reply::make(501, "5.5.4", "ENVID must be xtext of at most 100 octets (RFC 3461 4.4)");
            envelope.envid = value;
        } else if (key == "AUTH") {
            if (value != "<>" && !CommandParser::isValidXtext(value))
                return Records::Reply::make(501, "5.5.4", "AUTH= must be xtext or <> (RFC 4954 5)");
            envelope.auth = value;
        } else {
            return Records::Reply::make(555, "5.5.4", "MAIL parameter " + key + " not recognized");
        }
    }
    return std::nullopt;
}

void Protocol::onRcpt(const QByteArray &arg)
{
    if (!m_transaction)
        return reply(503, "5.5.1", "Need MAIL command first");
    const PathArgument path = CommandParser::parsePath(arg, "TO", false);
    if (!path.ok)
        return reply(501, path.enhanced.constData(), path.error);
    if (auto refusal = refuseParametersAfterHelo("RCPT", path.parameters))
        return reply(*refusal);
    if (m_transaction->recipients.size() >= m_config.limits.maxRecipients)
        return reply(452, "4.5.3", "Too many recipients, at most "
                                       + QByteArray::number(m_config.limits.maxRecipients) + " per message");
    Records::Recipient recipient{path.address, path.parameters, {}, {}};
    if (auto refusal = applyRcptParameters(recipient))
        return reply(*refusal);
    if (CommandParser::hasNonAscii(recipient.address) && !m_transaction->smtpUtf8)
        return reply(553, "5.6.7", "Non-ASCII recipient address needs SMTPUTF8 on MAIL (RFC 6531 3.4)");
    if (auto refusal = refuseNonUtf8("Recipient", recipient.address, m_transaction->smtpUtf8))
        return reply(*refusal);
    m_transaction->recipients.append(recipient);
    reply(250, "2.1.5", "Recipient <" + recipient.address + "> OK");
}

std::optional<Records::Reply> Protocol::applyRcptParameters(Records::Recipient &recipient)
{
    for (const auto &[key, value] : std::as_const(recipient.parameters)) {
        if (key == "NOTIFY") {
            const QList<QByteArray> items = value.toUpper().split(',');
            bool ok = true;
            for (const QByteArray &item : items)
                ok = ok && (item == "SUCCESS" || item == "FAILURE" || item == "DELAY" || item == "NEVER");
            if (!ok || (items.contains("NEVER") && items.size() > 1))
                return Records::Reply::make(501, "5.5.4", "NOTIFY must be NEVER or a list of SUCCESS, FAILURE, DELAY (RFC 3461 4.1)");
            recipient.notify = value.toUpper();
        } else if (key == "ORCPT") {
            const qsizetype semicolon = value.indexOf(';');
            if (semicolon <= 0 || !CommandParser::isValidXtext(value.mid(semicolon + 1)))
                return Records::Reply::make(501, "5.5.4", "ORCPT must be addr-type;xtext (RFC 3461 4.2)");
            recipient.orcpt = value;
        } else {
            return Records::Reply::make(555, "5.5.4", "RCPT parameter " + key + " not recognized");
        }
    }
    return std::nullopt;
}

} // namespace Smtp
