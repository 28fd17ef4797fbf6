// ProtocolFaults: the injector is asked at each stage; what it decides becomes a reply, a
// paused input (for the session's timers and holds) or a close.
#include "protocolfaults.h"

#include "faults/explain.h"

#include <algorithm>

namespace Smtp {

ProtocolFaults::ProtocolFaults(Host &host, ProtocolEvents &events)
    : m_host(host), m_events(events)
{
}

bool ProtocolFaults::consult(Faults::Stage stage, const QByteArray &verb, const QByteArray &argument,
                             const std::function<void()> &normal, const QByteArray &authUser,
                             const QByteArray &headers, qint64 size)
{
    if (!m_faultCheck)
        return false;
    Faults::Context context;
    context.stage = stage;
    context.verb = verb;
    context.argument = argument;
    m_host.addConversation(context);
    if (!authUser.isEmpty())
        context.authUser = authUser;
    context.content = headers;
    context.size = size;
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
             QStringLiteral("Message data: %1 octets, accepted and not stored").arg(size));
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
void ProtocolFaults::applyRuleReply(Faults::Stage stage, const QString &rule, const Records::Reply &r,
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

Records::Reply ProtocolFaults::withRuleText(const Records::Reply &normal)
{
    const Records::Reply rule = *std::exchange(m_ruleText, std::nullopt);
    if (normal.code >= 400) {
        note(Records::LineKind::FaultAction,
             QStringLiteral("Fault rule \"%1\": the command failed, so its own reply is sent instead of %2")
                 .arg(m_ruleTextRule, Faults::replyText(rule)));
        return normal;
    }
    // A reply without text (a hold answered with a bare "250") lets the server's own reply
    // through, with only the code changed.
    const bool hasText = std::any_of(rule.lines.cbegin(), rule.lines.cend(), [](const QByteArray &l) { return !l.isEmpty(); });
    if (!hasText) {
        Records::Reply out = normal;
        out.code = rule.code;
        if (!rule.enhanced.isEmpty() && !normal.enhanced.isEmpty())
            out.enhanced = rule.enhanced;
        return out;
    }
    // EHLO: a one-line rule reply changes the greeting line and keeps the extensions. Its
    // lines carry no enhanced code (RFC 2034 3), so a keyword line stays exactly as it was.
    if (rule.lines.size() == 1 && normal.lines.size() > 1) {
        Records::Reply out = normal;
        out.code = rule.code;
        out.lines.first() = rule.lines.first();
        return out;
    }
    return rule;
}

void ProtocolFaults::forgetRuleEffects()
{
    m_pace.reset();
    m_ruleText.reset();
}

bool ProtocolFaults::resume()
{
    if (!m_faultPaused || m_held)
        return false;
    m_faultPaused = false;
    return true;
}

bool ProtocolFaults::answerHold(const Records::Reply &reply)
{
    if (!m_held)
        return false;
    const std::function<void()> normal = std::exchange(m_held, nullptr);
    m_faultPaused = false;
    applyRuleReply(m_heldStage, m_heldRule, reply, normal);
    return true;
}

Records::Reply ProtocolFaults::shape(const Records::Reply &r)
{
    if (m_pace) { // a rule delays or throttles this reply: the session sends what follows later
        ProtocolEvent pace = ProtocolEvent::of(ProtocolEvent::Kind::Pace);
        pace.fault = *std::exchange(m_pace, std::nullopt);
        m_events.append(pace);
        m_faultPaused = true;
    }
    return m_ruleText ? withRuleText(r) : r;
}

} // namespace Smtp
