#pragma once

#include "protocolevent.h"

#include "faults/decision.h"
#include "records/reply.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace Smtp {

// The fault side of the protocol state machine: asks the rules at each stage and keeps what
// their decisions leave for later (a pace for the next reply, a rule's success text, a held
// handling, the rules fired since the last message). Owned by Protocol, which it reaches only
// through Host; no sockets, no timers, no clock.
class ProtocolFaults
{
public:
    using Check = std::function<Faults::Decision(Faults::Context &context)>;

    // What a rule's decision may do to the conversation.
    class Host
    {
    public:
        virtual void addConversation(Faults::Context &context) const = 0; // helo, user, open transaction
        virtual void note(Records::LineKind kind, const QString &text) = 0;
        virtual void reply(const Records::Reply &reply) = 0;
        virtual void close() = 0;
        virtual void resetTransaction() = 0;

    protected:
        ~Host() = default;
    };

    // Fault and Pace events go to events, in order with the host's own.
    ProtocolFaults(Host &host, ProtocolEvents &events);
    Q_DISABLE_COPY_MOVE(ProtocolFaults)

    void setCheck(Check check) { m_faultCheck = std::move(check); }
    bool isActive() const { return bool(m_faultCheck); }

    // Asks the rules about a stage. True: a rule took over (normal may have run, may run
    // later on a hold's answer, or never); false: run normal now.
    bool consult(Faults::Stage stage, const QByteArray &verb, const QByteArray &argument,
                 const std::function<void()> &normal, const QByteArray &authUser = {},
                 const QByteArray &headers = {}, qint64 size = 0);
    // Every reply passes here: it starts a pending pace and takes a rule's success text.
    Records::Reply shape(const Records::Reply &reply);

    bool isPaused() const { return m_faultPaused; }
    bool resume();                                  // true: the input may be read again
    bool answerHold(const Records::Reply &reply);   // true: the hold was pending and is answered
    bool refusedAtGreeting() const { return m_refusedAtGreeting; }
    std::optional<Records::Reply> takeBdatRefusal() { return std::exchange(m_bdatFaultRefusal, std::nullopt); }
    QStringList takeMessageRules() { return std::exchange(m_messageFaults, {}); }
    void forgetMessageRules() { m_messageFaults.clear(); }
    void forgetRuleEffects();                       // the server's own reply comes next

private:
    void applyRuleReply(Faults::Stage stage, const QString &rule, const Records::Reply &r, const std::function<void()> &normal);
    Records::Reply withRuleText(const Records::Reply &normal);

    void note(Records::LineKind kind, const QString &text) { m_host.note(kind, text); }
    void reply(const Records::Reply &r) { m_host.reply(r); }
    void close() { m_host.close(); }
    void resetTransaction() { m_host.resetTransaction(); }

    Host &m_host;
    ProtocolEvents &m_events;
    Check m_faultCheck;
    bool m_faultPaused = false;
    bool m_refusedAtGreeting = false;            // 554 greeting: only QUIT is welcome (RFC 5321 3.1)
    std::optional<Faults::Decision> m_pace;      // delay/throttle for the next reply
    std::optional<Records::Reply> m_ruleText;             // a 2xx/3xx rule reply for the next positive reply
    QString m_ruleTextRule;
    std::optional<Records::Reply> m_bdatFaultRefusal;     // a rule's refusal of the BDAT chunk being read
    std::function<void()> m_held;                // the handling a hold waits to run
    Faults::Stage m_heldStage = Faults::Stage::Any;
    QString m_heldRule;
    QStringList m_messageFaults;                 // rules fired since the last message, RSET or EHLO
};

} // namespace Smtp
