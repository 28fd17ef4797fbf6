#pragma once

#include "decision.h"
#include "plan.h"

#include <QHash>
#include <QList>
#include <QMutex>

#include <memory>

namespace Faults {

struct RuleStats
{
    QString name;
    bool enabled = true;
    qint64 hits = 0;            // times the rule decided since it was loaded
    qint64 remaining = -1;      // fires left of a "times" budget; -1 without one
};

// Decides, stage by stage, whether a rule of the plan changes what the server does. Pure and
// seeded: no clock (the context brings the time) and no global randomness, so the same seed,
// plan and traffic give the same decisions. Every draw depends only on the seed, the rule,
// the session's sequence number and how often the rule's stage was reached in that session,
// so concurrent sessions do not disturb each other's draws.
// Thread-safe: sessions decide on the network thread while a front end swaps the plan or
// switches rules; a change applies from the next decision.
class Injector
{
public:
    Injector();
    explicit Injector(const Plan &plan, quint64 seed = 0);
    ~Injector();
    Injector(const Injector &) = delete;
    Injector &operator=(const Injector &) = delete;

    // Rules whose name and content are unchanged keep their counters and scenario state.
    void setPlan(const Plan &plan);
    Plan plan() const;
    bool setRuleEnabled(const QString &name, bool enabled); // false: no such rule
    void setSeed(quint64 seed);
    quint64 seed() const;

    void beginSession(quint64 session);  // numbers sessions in arrival order for the draws
    void endSession(quint64 session);    // forgets its counters

    Decision decide(const Context &context);
    // A message was stored for context.recipients: it counts toward their quotas.
    void messageStored(const Context &context);

    QList<RuleStats> stats() const;

private:
    struct Compiled;

    Decision resolve(Compiled &rule, const Context &context, quint64 sequence, qint64 occurrence) const;

    mutable QMutex m_mutex;
    Plan m_plan;
    QList<std::shared_ptr<Compiled>> m_rules;
    quint64 m_seed = 0;
    QHash<quint64, quint64> m_sessions; // token -> sequence number
    quint64 m_nextSequence = 1;
};

// Draws a number in [0, 1) from the seed and the coordinates of a decision; exposed for tests.
double draw(quint64 seed, const QString &rule, quint64 sequence, qint64 occurrence, quint64 salt);

// The unfolded values of every header field with this name (case-insensitive) in a message.
QList<QByteArray> headerValues(const QByteArray &message, const QByteArray &name);

} // namespace Faults
