#include "injector.h"

#include "pattern.h"
#include "scenarios.h"

namespace Faults {

namespace {

quint64 mix(quint64 x)
{
    // splitmix64's finaliser: every input bit affects every output bit.
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

quint64 nameHash(const QString &name)
{
    // FNV-1a: stable across runs, unlike qHash, which is seeded per process.
    quint64 h = 0xcbf29ce484222325ULL;
    for (const char c : name.toUtf8()) {
        h ^= quint8(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

QHostAddress plain(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

qint64 pick(const Range &range, double u)
{
    if (range.max <= range.min)
        return range.min;
    const double span = double(range.max - range.min) + 1.0;
    return qMin(range.max, range.min + qint64(u * span));
}

} // namespace

// A rule with its regular expressions compiled and the state it keeps between decisions.
struct Injector::Compiled
{
    Compiled(const Rule &r, quint64 nextSequence)
        : rule(r), firstSequence(nextSequence), hash(nameHash(r.name)), argument(r.when.argument), helo(r.when.helo),
          authUser(r.when.authUser), header(r.when.headerRegex)
    {
        for (const QString &client : r.when.clients) {
            if (client.contains(QLatin1Char('/')))
                subnets.append(QHostAddress::parseSubnet(client));
            else
                subnets.append({plain(QHostAddress(client)), -1});
        }
    }

    bool filtersMatch(const Context &c) const
    {
        if (!argument.matches(c.argument) || !helo.matches(c.helo) || !authUser.matches(c.authUser))
            return false;
        if (!subnets.isEmpty()) {
            const QHostAddress client = plain(c.client);
            bool inside = false;
            for (const auto &[network, prefix] : subnets)
                inside = inside || (prefix < 0 ? client == network : client.isInSubnet(network, prefix));
            if (!inside)
                return false;
        }
        const Conditions &w = rule.when;
        if (w.size && (c.size < w.size->min || c.size > w.size->max))
            return false;
        if (!w.headerName.isEmpty()) {
            bool found = false;
            for (const QByteArray &value : headerValues(c.content, w.headerName.toUtf8()))
                found = found || header.matches(value);
            if (!found)
                return false;
        }
        return true;
    }

    bool countersMatch(qint64 count) const
    {
        const Conditions &w = rule.when;
        if (!w.nth.isEmpty() && !w.nth.contains(int(qMin<qint64>(count, std::numeric_limits<int>::max()))))
            return false;
        if (w.every > 0 && count % w.every != 0)
            return false;
        return w.times <= 0 || hits < w.times;
    }

    Rule rule;
    quint64 firstSequence;                   // the first session begun after the rule was loaded
    quint64 hash;
    Pattern argument, helo, authUser, header;
    QList<QPair<QHostAddress, int>> subnets; // prefix -1: one address
    qint64 overall = 0;                      // times the stage was reached and the filters held
    QHash<quint64, qint64> perSession;       // the same, per session token
    qint64 hits = 0;
    Greylist greylist;
    RateWindow rate;
    QuotaLedger quota;
};

double draw(quint64 seed, const QString &rule, quint64 sequence, qint64 occurrence, quint64 salt)
{
    const quint64 h = mix(seed ^ mix(nameHash(rule) ^ mix(sequence ^ mix(quint64(occurrence) ^ mix(salt)))));
    return double(h >> 11) * 0x1.0p-53;
}

Injector::Injector() = default;

Injector::Injector(const Plan &plan, quint64 seed)
    : m_seed(seed)
{
    setPlan(plan);
}

Injector::~Injector() = default;

void Injector::setPlan(const Plan &plan)
{
    QMutexLocker lock(&m_mutex);
    QList<std::shared_ptr<Compiled>> rules;
    for (const Rule &rule : plan.rules) {
        std::shared_ptr<Compiled> kept;
        for (const auto &old : std::as_const(m_rules)) {
            const Rule &r = old->rule;
            if (r.name == rule.name && r.stage == rule.stage && r.when == rule.when && r.action == rule.action)
                kept = old;
        }
        if (kept)
            kept->rule.enabled = rule.enabled;
        rules.append(kept ? kept : std::make_shared<Compiled>(rule, m_nextSequence));
    }
    m_rules = rules;
    m_plan = plan;
}

Plan Injector::plan() const
{
    QMutexLocker lock(&m_mutex);
    return m_plan;
}

bool Injector::setRuleEnabled(const QString &name, bool enabled)
{
    QMutexLocker lock(&m_mutex);
    for (qsizetype i = 0; i < m_rules.size(); ++i) {
        if (m_rules[i]->rule.name == name) {
            m_rules[i]->rule.enabled = enabled;
            m_plan.rules[i].enabled = enabled;
            return true;
        }
    }
    return false;
}

void Injector::setSeed(quint64 seed)
{
    QMutexLocker lock(&m_mutex);
    m_seed = seed;
}

quint64 Injector::seed() const
{
    QMutexLocker lock(&m_mutex);
    return m_seed;
}

void Injector::beginSession(quint64 session)
{
    QMutexLocker lock(&m_mutex);
    m_sessions.insert(session, m_nextSequence++);
}

void Injector::endSession(quint64 session)
{
    QMutexLocker lock(&m_mutex);
    m_sessions.remove(session);
    for (const auto &rule : std::as_const(m_rules))
        rule->perSession.remove(session);
}

Decision Injector::decide(const Context &context)
{
    QMutexLocker lock(&m_mutex);
    const quint64 sequence = m_sessions.value(context.session, 0);
    Decision chosen;
    for (const auto &c : std::as_const(m_rules)) {
        if (!c->rule.enabled || !stageCovers(c->rule.stage, context.stage) || !c->filtersMatch(context))
            continue;
        if (c->rule.when.newSessionsOnly && sequence < c->firstSequence) // also sessions it never saw begin
            continue;
        // Every matching rule counts the occurrence, decided or not, so "the 3rd RCPT" means
        // the same whatever the rules before it did.
        const qint64 inSession = ++c->perSession[context.session];
        const qint64 overall = ++c->overall;
        if (chosen.fired())
            continue;
        if (!c->countersMatch(c->rule.when.scope == Scope::Session ? inSession : overall))
            continue;
        const double probability = c->rule.when.probability;
        if (probability < 100.0 && draw(m_seed, c->rule.name, sequence, inSession, 0) * 100.0 >= probability)
            continue;
        Decision d = resolve(*c, context, sequence, inSession);
        if (!d.fired())
            continue;
        ++c->hits;
        chosen = d;
    }
    return chosen;
}

Decision Injector::resolve(Compiled &c, const Context &context, quint64 sequence, qint64 occurrence) const
{
    const Action &a = c.rule.action;
    Decision d;
    d.rule = c.rule.name;
    d.stage = context.stage;
    d.reply = a.reply;
    const auto refuse = [&](const QString &detail) {
        d.reply = a.reply.value_or(defaultReply(a.type));
        d.kind = d.reply->code == 421 ? Decision::Kind::Disconnect : Decision::Kind::Reply;
        d.detail = detail;
        return d;
    };
    switch (a.type) {
    case ActionType::Reply:
        d.kind = d.reply && d.reply->code == 421 ? Decision::Kind::Disconnect : Decision::Kind::Reply;
        return d;
    case ActionType::Delay:
        d.kind = Decision::Kind::Delay;
        d.delayMs = pick(a.delayMs, draw(m_seed, c.rule.name, sequence, occurrence, 1));
        return d;
    case ActionType::Throttle:
        d.kind = Decision::Kind::Throttle;
        d.bytesPerSecond = pick(a.bytesPerSecond, draw(m_seed, c.rule.name, sequence, occurrence, 2));
        return d;
    case ActionType::Disconnect:
        d.kind = Decision::Kind::Disconnect;
        d.reply = a.reply.value_or(defaultReply(a.type));
        return d;
    case ActionType::Close:
        d.kind = Decision::Kind::Close;
        return d;
    case ActionType::Hang:
        d.kind = Decision::Kind::Hang;
        return d;
    case ActionType::Drop:
        d.kind = Decision::Kind::Drop;
        d.reply = a.reply.value_or(defaultReply(a.type));
        return d;
    case ActionType::Hold:
        d.kind = Decision::Kind::Hold;
        d.reply = a.reply.value_or(defaultReply(a.type));
        d.holdTimeoutMs = a.holdTimeoutMs;
        return d;
    case ActionType::Greylist: {
        const QByteArray triple = plain(context.client).toString().toUtf8() + '\n' + context.mailFrom.toLower() + '\n'
                                + context.argument.toLower();
        if (c.greylist.admit(triple, context.nowMs, qint64(a.retryAfterSeconds) * 1000))
            return {};
        return refuse(QStringLiteral("greylisted: client %1, sender <%2>, recipient <%3> not yet retried after %4 s")
                          .arg(plain(context.client).toString(), QString::fromUtf8(context.mailFrom),
                               QString::fromUtf8(context.argument))
                          .arg(a.retryAfterSeconds));
    }
    case ActionType::RateLimit: {
        const QByteArray key = a.per == RatePer::Client ? plain(context.client).toString().toUtf8()
                                                        : context.argument.toLower();
        if (c.rate.admit(key, context.nowMs, a.limit, qint64(a.windowSeconds) * 1000))
            return {};
        return refuse(QStringLiteral("rate limit: %1 %2 sent %3 messages in the last %4 s")
                          .arg(a.per == RatePer::Client ? QStringLiteral("client") : QStringLiteral("sender"),
                               QString::fromUtf8(key))
                          .arg(a.limit)
                          .arg(a.windowSeconds));
    }
    case ActionType::Quota: {
        const QByteArray recipient = context.argument.toLower();
        if (!c.quota.isFull(recipient, a.quotaMessages, a.quotaBytes))
            return {};
        const QuotaLedger::Usage usage = c.quota.usage(recipient);
        return refuse(QStringLiteral("quota: <%1> holds %2 messages, %3 octets")
                          .arg(QString::fromUtf8(context.argument))
                          .arg(usage.messages)
                          .arg(usage.bytes));
    }
    }
    return {};
}

void Injector::messageStored(const Context &context)
{
    QMutexLocker lock(&m_mutex);
    for (const auto &c : std::as_const(m_rules)) {
        if (c->rule.action.type != ActionType::Quota)
            continue;
        for (const QByteArray &recipient : context.recipients)
            c->quota.record(recipient.toLower(), context.size);
    }
}

QList<RuleStats> Injector::stats() const
{
    QMutexLocker lock(&m_mutex);
    QList<RuleStats> out;
    for (const auto &c : m_rules) {
        const int times = c->rule.when.times;
        out.append({c->rule.name, c->rule.enabled, c->hits, times > 0 ? qMax<qint64>(0, times - c->hits) : -1});
    }
    return out;
}

QList<QByteArray> headerValues(const QByteArray &message, const QByteArray &name)
{
    QList<QByteArray> values;
    QByteArray *current = nullptr;
    qsizetype pos = 0;
    while (pos < message.size()) {
        qsizetype end = message.indexOf('\n', pos);
        if (end < 0)
            end = message.size();
        QByteArray line = message.mid(pos, end - pos);
        pos = end + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            break; // the end of the header section
        if (line.front() == ' ' || line.front() == '\t') {
            if (current)
                *current += ' ' + line.trimmed();
            continue;
        }
        current = nullptr;
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0) {
            values.append(line.mid(colon + 1).trimmed());
            current = &values.last();
        }
    }
    return values;
}

} // namespace Faults
