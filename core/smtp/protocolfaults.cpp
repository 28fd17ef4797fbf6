// Protocol: fault injection. The injector is asked at each stage; what it decides becomes a
// reply, a paused input (for the session's timers and holds) or a close. Kept apart from
// the core commands.
#include "protocol.h"

#include "faults/explain.h"

namespace Smtp {

bool Protocol::consultFaults(Faults::Stage stage, const QByteArray &verb, const QByteArray &argument,
                             const std::function<void()> &normal, const QByteArray &authUser,
                             const QByteArray &content)
{
    if (!m_faultCheck)
        return false;
    Faults::Context context;
    context.stage = stage;
    context.verb = verb;
    context.argument = argument;
    context.helo = m_helo;
    context.authUser = authUser.isEmpty() ? m_authUser : authUser;
    if (m_transaction) {
        context.mailFrom = m_transaction->mailFrom;
        for (const Records::Recipient &r : std::as_const(m_transaction->recipients))
            context.recipients.append(r.address);
    }
    context.content = content;
    const Faults::Decision d = m_faultCheck(context);
    if (!d.fired())
        return false;

    note(Records::LineKind::FaultAction, Faults::describe(d));
    m_messageFaults.append(d.rule);
    ProtocolEvent fired = ProtocolEvent::of(ProtocolEvent::Kind::Fault);
    fired.fault = d;
    m_events.append(fired);
    using Kind = Faults::Decision::Kind;
    switch (d.kind) {
    case Kind::None:
        return false;
    case Kind::Delay:
    case Kind::Throttle:
        if (m_pace) { // connect and greeting rules both pace the greeting
            m_pace->delayMs += d.delayMs;
            m_pace->bytesPerSecond = qMax(m_pace->bytesPerSecond, d.bytesPerSecond);
        } else {
            m_pace = d;
        }
        if (!d.reply)
            return false;
        applyRuleReply(stage, d.rule, *d.reply, normal);
        return true;
    case Kind::Reply:
    case Kind::Disconnect:
        applyRuleReply(stage, d.rule, *d.reply, normal);
        return true;
    case Kind::Close:
        close();
        return true;
    case Kind::Drop:
        note(Records::LineKind::DataSummary,
             QStringLiteral("Message data: %1 octets, accepted and not stored").arg(content.size()));
        resetTransaction();
        reply(*d.reply);
        return true;
    case Kind::Hang:
        m_faultPaused = true; // the session reads on and never answers
        return true;
    case Kind::Hold:
        m_faultPaused = true;
        m_held = normal;
        m_heldStage = stage;
        m_heldRule = d.rule;
        return true;
    }
    return false;
}

// A reply chosen by a rule (or by whoever answered a hold). An error reply replaces the
// command's handling; a positive one lets the handling run and changes its success text.
void Protocol::applyRuleReply(Faults::Stage stage, const QString &rule, const Records::Reply &r,
                              const std::function<void()> &normal)
{
    if (r.code < 400) {
        m_ruleText = r;
        m_ruleTextRule = rule;
        normal();
        return;
    }
    if (stage == Faults::Stage::Bdat) { // the chunk's octets follow and must still be read
        m_bdatFaultRefusal = r;
        normal();
        m_bdatFaultRefusal.reset();
        return;
    }
    if (stage == Faults::Stage::EndOfData)
        resetTransaction();
    if ((stage == Faults::Stage::Connect || stage == Faults::Stage::Greeting) && r.code == 554)
        m_refusedAtGreeting = true;
    reply(r);
    if (r.code == 421)
        close();
}

Records::Reply Protocol::withRuleText(const Records::Reply &normal)
{
    const Records::Reply rule = *std::exchange(m_ruleText, std::nullopt);
    if (normal.code >= 400) {
        note(Records::LineKind::FaultAction,
             QStringLiteral("Fault rule \"%1\": the command failed, so its own reply is sent instead of %2")
                 .arg(m_ruleTextRule, Faults::replyText(rule)));
        return normal;
    }
    // EHLO: a one-line rule reply changes the greeting line and keeps the extensions.
    if (rule.lines.size() == 1 && normal.lines.size() > 1) {
        Records::Reply out = normal;
        out.code = rule.code;
        out.enhanced = rule.enhanced;
        out.lines.first() = rule.lines.first();
        return out;
    }
    return rule;
}

void Protocol::forgetRuleEffects()
{
    m_pace.reset();
    m_ruleText.reset();
}

void Protocol::resume()
{
    if (!m_faultPaused || m_held)
        return;
    m_faultPaused = false;
    process();
}

void Protocol::answerHold(const Records::Reply &reply)
{
    if (!m_held)
        return;
    const std::function<void()> normal = std::exchange(m_held, nullptr);
    m_faultPaused = false;
    applyRuleReply(m_heldStage, m_heldRule, reply, normal);
    process();
}

} // namespace Smtp
