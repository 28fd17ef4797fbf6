#include "rule.h"

#include <QJsonArray>

#include <cmath>
#include <limits>

namespace Faults {

namespace {

struct ActionInfo
{
    ActionType type;
    const char *name;
};

const ActionInfo kActions[] = {
    {ActionType::Reply, "reply"},         {ActionType::Delay, "delay"},
    {ActionType::Throttle, "throttle"},   {ActionType::Disconnect, "disconnect"},
    {ActionType::Close, "close"},         {ActionType::Hang, "hang"},
    {ActionType::Drop, "drop"},           {ActionType::Hold, "hold"},
    {ActionType::Greylist, "greylist"},   {ActionType::RateLimit, "rate-limit"},
    {ActionType::Quota, "quota"},
};

static_assert(std::size(kActions) == static_cast<int>(ActionType::Quota) + 1, "one entry per action, in enum order");

// Reads one JSON object, collecting the first error with the path to it; refuses keys it
// does not know, so a misspelt condition is reported instead of silently ignored.
class ObjectReader
{
public:
    ObjectReader(const QJsonObject &object, QString path, QString *error)
        : m_object(object), m_path(std::move(path)), m_error(error)
    {
    }

    bool has(const char *key) const { return m_object.contains(QLatin1String(key)); }
    QJsonValue value(const char *key) const { return m_object.value(QLatin1String(key)); }
    QString path(const char *key) const { return m_path + QLatin1Char('.') + QLatin1String(key); }

    bool fail(const QString &message)
    {
        if (m_error && m_error->isEmpty())
            *m_error = message;
        return false;
    }

    bool onlyKeys(std::initializer_list<const char *> keys)
    {
        for (auto it = m_object.begin(); it != m_object.end(); ++it) {
            bool known = false;
            for (const char *key : keys)
                known = known || it.key() == QLatin1String(key);
            if (!known)
                return fail(QStringLiteral("%1: unknown key \"%2\"").arg(m_path, it.key()));
        }
        return true;
    }

    bool string(const char *key, QString *out)
    {
        if (!has(key))
            return true;
        if (!value(key).isString())
            return fail(QStringLiteral("%1 must be a string").arg(path(key)));
        *out = value(key).toString();
        return true;
    }

    bool boolean(const char *key, bool *out)
    {
        if (!has(key))
            return true;
        if (!value(key).isBool())
            return fail(QStringLiteral("%1 must be true or false").arg(path(key)));
        *out = value(key).toBool();
        return true;
    }

    bool number(const char *key, double *out)
    {
        if (!has(key))
            return true;
        if (!value(key).isDouble())
            return fail(QStringLiteral("%1 must be a number").arg(path(key)));
        *out = value(key).toDouble();
        return true;
    }

    template <typename Int>
    bool whole(const QJsonValue &v, const QString &where, Int *out)
    {
        const double d = v.toDouble(-1.5);
        if (!v.isDouble() || d != std::floor(d) || d < 0 || d > double(std::numeric_limits<Int>::max()) || d > 9.0e15)
            return fail(QStringLiteral("%1 must be a whole number from 0 to %2")
                            .arg(where)
                            .arg(qMin<double>(std::numeric_limits<Int>::max(), 9.0e15), 0, 'f', 0));
        *out = static_cast<Int>(d);
        return true;
    }

    template <typename Int>
    bool whole(const char *key, Int *out)
    {
        return !has(key) || whole(value(key), path(key), out);
    }

    // A number, or [min, max].
    bool range(const char *key, Range *out)
    {
        if (!has(key))
            return true;
        const QJsonValue v = value(key);
        if (v.isArray()) {
            const QJsonArray a = v.toArray();
            if (a.size() != 2)
                return fail(QStringLiteral("%1 must be a number or [min, max]").arg(path(key)));
            return whole(a[0], path(key), &out->min) && whole(a[1], path(key), &out->max);
        }
        if (!whole(v, path(key), &out->min))
            return false;
        out->max = out->min;
        return true;
    }

private:
    QJsonObject m_object;
    QString m_path;
    QString *m_error;
};

QJsonValue rangeToJson(const Range &r)
{
    if (r.min == r.max)
        return double(r.min);
    return QJsonArray{double(r.min), double(r.max)};
}

bool readConditions(const QJsonObject &object, const QString &path, Conditions *c, QString *error)
{
    ObjectReader r(object, path, error);
    if (!r.onlyKeys({"argument", "helo", "authUser", "client", "size", "header", "nth", "every", "scope", "times",
                     "probability", "newSessionsOnly"}))
        return false;
    if (!r.string("argument", &c->argument) || !r.string("helo", &c->helo) || !r.string("authUser", &c->authUser)
        || !r.whole("every", &c->every) || !r.whole("times", &c->times) || !r.number("probability", &c->probability)
        || !r.boolean("newSessionsOnly", &c->newSessionsOnly))
        return false;
    if (r.has("client")) {
        const QJsonValue v = r.value("client");
        const QJsonArray list = v.isArray() ? v.toArray() : QJsonArray{v};
        for (const QJsonValue &item : list) {
            if (!item.isString())
                return r.fail(QStringLiteral("%1 must be an address, a CIDR range or a list of them").arg(r.path("client")));
            c->clients.append(item.toString());
        }
    }
    if (r.has("nth")) {
        const QJsonValue v = r.value("nth");
        const QJsonArray list = v.isArray() ? v.toArray() : QJsonArray{v};
        for (const QJsonValue &item : list) {
            int n = 0;
            if (!r.whole(item, r.path("nth"), &n))
                return false;
            c->nth.append(n);
        }
    }
    if (r.has("scope")) {
        const QString scope = r.value("scope").toString();
        if (scope != QLatin1String("session") && scope != QLatin1String("overall"))
            return r.fail(QStringLiteral("%1 must be \"session\" or \"overall\"").arg(r.path("scope")));
        c->scope = scope == QLatin1String("session") ? Scope::Session : Scope::Overall;
    }
    if (r.has("size")) {
        if (!r.value("size").isObject())
            return r.fail(QStringLiteral("%1 must be {\"min\": octets, \"max\": octets}").arg(r.path("size")));
        ObjectReader size(r.value("size").toObject(), r.path("size"), error);
        Range range{0, std::numeric_limits<qint64>::max()};
        if (!size.onlyKeys({"min", "max"}) || !size.whole("min", &range.min) || !size.whole("max", &range.max))
            return false;
        c->size = range;
    }
    if (r.has("header")) {
        if (!r.value("header").isObject())
            return r.fail(QStringLiteral("%1 must be {\"name\": field, \"matches\": regex}").arg(r.path("header")));
        ObjectReader header(r.value("header").toObject(), r.path("header"), error);
        if (!header.onlyKeys({"name", "matches"}) || !header.string("name", &c->headerName)
            || !header.string("matches", &c->headerRegex))
            return false;
        if (c->headerName.isEmpty())
            return r.fail(QStringLiteral("%1 needs a field name").arg(r.path("header")));
    }
    return true;
}

QJsonObject conditionsToJson(const Conditions &c)
{
    QJsonObject o;
    if (!c.argument.isEmpty())
        o.insert(QStringLiteral("argument"), c.argument);
    if (!c.helo.isEmpty())
        o.insert(QStringLiteral("helo"), c.helo);
    if (!c.authUser.isEmpty())
        o.insert(QStringLiteral("authUser"), c.authUser);
    if (!c.clients.isEmpty())
        o.insert(QStringLiteral("client"), QJsonArray::fromStringList(c.clients));
    if (c.size) {
        QJsonObject size{{QStringLiteral("min"), double(c.size->min)}};
        if (c.size->max != std::numeric_limits<qint64>::max())
            size.insert(QStringLiteral("max"), double(c.size->max));
        o.insert(QStringLiteral("size"), size);
    }
    if (!c.headerName.isEmpty())
        o.insert(QStringLiteral("header"),
                 QJsonObject{{QStringLiteral("name"), c.headerName}, {QStringLiteral("matches"), c.headerRegex}});
    if (!c.nth.isEmpty()) {
        QJsonArray nth;
        for (int n : c.nth)
            nth.append(n);
        o.insert(QStringLiteral("nth"), nth);
    }
    if (c.every > 0)
        o.insert(QStringLiteral("every"), c.every);
    if (c.hasCounter() && c.scope == Scope::Overall)
        o.insert(QStringLiteral("scope"), QStringLiteral("overall"));
    if (c.times > 0)
        o.insert(QStringLiteral("times"), c.times);
    if (c.probability < 100.0)
        o.insert(QStringLiteral("probability"), c.probability);
    if (c.newSessionsOnly)
        o.insert(QStringLiteral("newSessionsOnly"), true);
    return o;
}

bool readAction(const QJsonObject &object, const QString &path, Action *a, QString *error)
{
    ObjectReader r(object, path, error);
    if (!r.onlyKeys({"type", "code", "enhanced", "text", "delayMs", "bytesPerSecond", "timeoutMs",
                     "retryAfterSeconds", "limit", "windowSeconds", "per", "messages", "bytes"}))
        return false;
    const auto type = actionTypeFromName(r.value("type").toString());
    if (!type)
        return r.fail(QStringLiteral("%1 must be one of reply, delay, throttle, disconnect, close, hang, drop, hold, "
                                     "greylist, rate-limit, quota")
                          .arg(r.path("type")));
    a->type = *type;
    if (r.has("code")) {
        auto reply = replyFromJson(object, error);
        if (!reply)
            return false;
        a->reply = reply;
    } else if (r.has("enhanced") || r.has("text")) {
        // Actions with a usual reply (disconnect: 421, drop: 250, ...) take a text alone.
        const bool hasUsualReply = a->type == ActionType::Disconnect || a->type == ActionType::Drop
                                || a->type == ActionType::Hold || a->isScenario();
        if (!hasUsualReply)
            return r.fail(QStringLiteral("%1: a reply text needs a code").arg(path));
        const Records::Reply usual = defaultReply(a->type);
        QJsonObject withCode = object;
        withCode.insert(QStringLiteral("code"), usual.code);
        if (!r.has("enhanced"))
            withCode.insert(QStringLiteral("enhanced"), QString::fromLatin1(usual.enhanced));
        auto reply = replyFromJson(withCode, error);
        if (!reply)
            return false;
        a->reply = reply;
    }
    if (!r.range("delayMs", &a->delayMs) || !r.range("bytesPerSecond", &a->bytesPerSecond)
        || !r.whole("timeoutMs", &a->holdTimeoutMs) || !r.whole("retryAfterSeconds", &a->retryAfterSeconds)
        || !r.whole("limit", &a->limit) || !r.whole("windowSeconds", &a->windowSeconds)
        || !r.whole("messages", &a->quotaMessages) || !r.whole("bytes", &a->quotaBytes))
        return false;
    if (r.has("per")) {
        const QString per = r.value("per").toString();
        if (per != QLatin1String("client") && per != QLatin1String("sender"))
            return r.fail(QStringLiteral("%1 must be \"client\" or \"sender\"").arg(r.path("per")));
        a->per = per == QLatin1String("client") ? RatePer::Client : RatePer::Sender;
    }
    return true;
}

QJsonObject actionToJson(const Action &a)
{
    QJsonObject o{{QStringLiteral("type"), actionTypeName(a.type)}};
    if (a.reply) {
        const QJsonObject reply = replyToJson(*a.reply);
        for (auto it = reply.begin(); it != reply.end(); ++it)
            o.insert(it.key(), it.value());
    }
    switch (a.type) {
    case ActionType::Delay:
        o.insert(QStringLiteral("delayMs"), rangeToJson(a.delayMs));
        break;
    case ActionType::Throttle:
        o.insert(QStringLiteral("bytesPerSecond"), rangeToJson(a.bytesPerSecond));
        break;
    case ActionType::Hold:
        o.insert(QStringLiteral("timeoutMs"), a.holdTimeoutMs);
        break;
    case ActionType::Greylist:
        o.insert(QStringLiteral("retryAfterSeconds"), a.retryAfterSeconds);
        break;
    case ActionType::RateLimit:
        o.insert(QStringLiteral("limit"), a.limit);
        o.insert(QStringLiteral("windowSeconds"), a.windowSeconds);
        o.insert(QStringLiteral("per"), a.per == RatePer::Client ? QStringLiteral("client") : QStringLiteral("sender"));
        break;
    case ActionType::Quota:
        if (a.quotaMessages > 0)
            o.insert(QStringLiteral("messages"), double(a.quotaMessages));
        if (a.quotaBytes > 0)
            o.insert(QStringLiteral("bytes"), double(a.quotaBytes));
        break;
    default:
        break;
    }
    return o;
}

} // namespace

QString actionTypeName(ActionType type)
{
    return QString::fromLatin1(kActions[static_cast<int>(type)].name);
}

std::optional<ActionType> actionTypeFromName(const QString &name)
{
    for (const ActionInfo &a : kActions) {
        if (name == QLatin1String(a.name))
            return a.type;
    }
    return std::nullopt;
}

Records::Reply defaultReply(ActionType type)
{
    switch (type) {
    case ActionType::Disconnect:
        return Records::Reply::make(421, "4.3.2", "Service not available, closing transmission channel");
    case ActionType::Drop:
        return Records::Reply::make(250, "2.0.0", "OK: queued");
    case ActionType::Hold:
        return Records::Reply::make(451, "4.3.0", "Requested action aborted: local error in processing");
    case ActionType::Greylist:
        return Records::Reply::make(450, "4.7.1", "Greylisted, please try again later");
    case ActionType::RateLimit:
        return Records::Reply::make(451, "4.7.1", "Rate limit exceeded, try again later");
    case ActionType::Quota:
        return Records::Reply::make(552, "5.2.2", "Mailbox full");
    default:
        return Records::Reply::make(451, "4.3.0", "Requested action aborted: local error in processing");
    }
}

QJsonObject replyToJson(const Records::Reply &reply)
{
    QJsonObject o{{QStringLiteral("code"), reply.code}};
    if (!reply.enhanced.isEmpty())
        o.insert(QStringLiteral("enhanced"), QString::fromLatin1(reply.enhanced));
    if (reply.lines.size() == 1) {
        o.insert(QStringLiteral("text"), QString::fromUtf8(reply.lines.first()));
    } else if (reply.lines.size() > 1) {
        QJsonArray lines;
        for (const QByteArray &line : reply.lines)
            lines.append(QString::fromUtf8(line));
        o.insert(QStringLiteral("text"), lines);
    }
    return o;
}

std::optional<Records::Reply> replyFromJson(const QJsonObject &object, QString *error)
{
    ObjectReader r(object, QStringLiteral("reply"), error);
    Records::Reply reply;
    QString enhanced;
    if (!r.whole("code", &reply.code) || !r.string("enhanced", &enhanced))
        return std::nullopt;
    reply.enhanced = enhanced.toUtf8();
    const QJsonValue text = r.value("text");
    if (text.isString()) {
        reply.lines.append(text.toString().toUtf8());
    } else if (text.isArray()) {
        for (const QJsonValue &line : text.toArray()) {
            if (!line.isString()) {
                r.fail(QStringLiteral("reply text must be a string or a list of strings"));
                return std::nullopt;
            }
            reply.lines.append(line.toString().toUtf8());
        }
    } else if (!text.isUndefined()) {
        r.fail(QStringLiteral("reply text must be a string or a list of strings"));
        return std::nullopt;
    }
    if (reply.lines.isEmpty())
        reply.lines.append(QByteArray());
    return reply;
}

QJsonObject toJson(const Rule &rule)
{
    QJsonObject o{{QStringLiteral("name"), rule.name}, {QStringLiteral("stage"), stageName(rule.stage)}};
    if (!rule.enabled)
        o.insert(QStringLiteral("enabled"), false);
    const QJsonObject when = conditionsToJson(rule.when);
    if (!when.isEmpty())
        o.insert(QStringLiteral("when"), when);
    o.insert(QStringLiteral("action"), actionToJson(rule.action));
    return o;
}

std::optional<Rule> ruleFromJson(const QJsonObject &object, QString *error)
{
    Rule rule;
    ObjectReader r(object, QStringLiteral("rule"), error);
    if (!r.onlyKeys({"name", "enabled", "stage", "when", "action"}) || !r.string("name", &rule.name)
        || !r.boolean("enabled", &rule.enabled))
        return std::nullopt;
    const QString where = rule.name.isEmpty() ? QStringLiteral("rule") : QStringLiteral("rule \"%1\"").arg(rule.name);
    const auto stage = stageFromName(r.value("stage").toString());
    if (!stage) {
        r.fail(QStringLiteral("%1: stage must be one of connect, greeting, helo, starttls, auth, mail, rcpt, data, "
                              "end-of-data, bdat, rset, noop, vrfy, quit, any")
                   .arg(where));
        return std::nullopt;
    }
    rule.stage = *stage;
    if (r.has("when") && !r.value("when").isObject()) {
        r.fail(QStringLiteral("%1: when must be an object").arg(where));
        return std::nullopt;
    }
    if (!r.value("action").isObject()) {
        r.fail(QStringLiteral("%1: action must be an object with a type").arg(where));
        return std::nullopt;
    }
    if (!readConditions(r.value("when").toObject(), where + QStringLiteral(" when"), &rule.when, error)
        || !readAction(r.value("action").toObject(), where + QStringLiteral(" action"), &rule.action, error))
        return std::nullopt;
    return rule;
}

} // namespace Faults
