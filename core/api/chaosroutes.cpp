#include "messagelookup.h"
#include "routes.h"

#include "faults/plan.h"

#include <QJsonDocument>

#include <cmath>

// Mailpit's Chaos (GET and PUT /api/v1/chaos) as rules of the fault plan: its three triggers
// become the rules chaos-sender (MAIL), chaos-recipient (RCPT) and chaos-authentication
// (AUTH), each replying with the trigger's code at its probability. A PUT replaces only these
// rules and keeps the user's others; GET reads them back from the plan, so a chaos rule edited
// in the window's fault rules shows here.
namespace Api {

namespace {

struct Trigger
{
    const char *field;          // Mailpit's name of the trigger
    const char *rule;           // the rule's name in the plan
    Faults::Stage stage;
    int defaultCode;
    const char *text;           // the reply's text, as Mailpit words it
};

const Trigger kTriggers[] = {
    {"Sender", "chaos-sender", Faults::Stage::Mail, 451, "Chaos sender error"},
    {"Recipient", "chaos-recipient", Faults::Stage::Rcpt, 451, "Chaos recipient error"},
    {"Authentication", "chaos-authentication", Faults::Stage::Auth, 535, "Chaos authentication error"},
};

struct Setting
{
    int errorCode = 0;
    int probability = 0;
};

Response notEnabled()
{
    return Response::error(400, QStringLiteral("Chaos is not enabled"));
}

// A member without regard to case, as Go's JSON decoder reads Mailpit's fields.
QJsonValue member(const QJsonObject &o, const QString &name)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key().compare(name, Qt::CaseInsensitive) == 0)
            return it.value();
    }
    return QJsonValue::Undefined;
}

// A whole number of a trigger; nullopt with an error when it is something else.
std::optional<int> numberOf(const QJsonObject &trigger, const QString &name, const QString &path, QString *error)
{
    const QJsonValue value = member(trigger, name);
    if (value.isUndefined() || value.isNull())
        return 0;
    const double number = value.toDouble(std::nan(""));
    if (!value.isDouble() || number != std::floor(number) || std::abs(number) > 1e9) {
        *error = QStringLiteral("%1.%2 must be a whole number").arg(path, name);
        return std::nullopt;
    }
    return int(number);
}

// What the plan says of a trigger: its rule's code and probability (0 when the rule is absent
// or switched off).
Setting settingOf(const Faults::Plan &plan, const Trigger &trigger)
{
    const Faults::Rule *rule = plan.rule(QLatin1String(trigger.rule));
    if (!rule)
        return {trigger.defaultCode, 0};
    const int code = rule->action.reply ? rule->action.reply->code : trigger.defaultCode;
    return {code, rule->enabled ? int(std::lround(rule->when.probability)) : 0};
}

QJsonObject chaosJson(const Faults::Plan &plan)
{
    QJsonObject out;
    for (const Trigger &trigger : kTriggers) {
        const Setting s = settingOf(plan, trigger);
        out.insert(QLatin1String(trigger.field),
                   QJsonObject{{QStringLiteral("ErrorCode"), s.errorCode}, {QStringLiteral("Probability"), s.probability}});
    }
    return out;
}

Faults::Rule ruleOf(const Trigger &trigger, const Setting &setting)
{
    Faults::Rule rule;
    rule.name = QLatin1String(trigger.rule);
    rule.stage = trigger.stage;
    rule.when.probability = setting.probability;
    rule.action.type = Faults::ActionType::Reply;
    rule.action.reply = Records::Reply::make(setting.errorCode, {}, trigger.text);
    return rule;
}

// The plan with the chaos rules the request asks for: a trigger at its default code and 0 %
// has no rule; a rule already there keeps its place, a new one goes first (Mailpit's chaos
// acts before anything else at its command).
std::optional<Faults::Plan> withChaos(Faults::Plan plan, const QJsonObject &body, QString *error)
{
    QList<Faults::Rule> added;
    for (const Trigger &trigger : kTriggers) {
        const QString field = QLatin1String(trigger.field);
        const QJsonValue value = member(body, field);
        if (!value.isUndefined() && !value.isNull() && !value.isObject()) {
            *error = QStringLiteral("%1 must be an object {\"ErrorCode\", \"Probability\"}").arg(field);
            return std::nullopt;
        }
        const QJsonObject object = value.toObject();
        const std::optional<int> code = numberOf(object, QStringLiteral("ErrorCode"), field, error);
        const std::optional<int> probability = code ? numberOf(object, QStringLiteral("Probability"), field, error) : std::nullopt;
        if (!probability)
            return std::nullopt;
        const Setting setting{*code ? *code : trigger.defaultCode, *probability};
        if (setting.errorCode < 400 || setting.errorCode > 599) {
            *error = QStringLiteral("error code must be between 400 and 599");
            return std::nullopt;
        }
        if (setting.probability < 0 || setting.probability > 100) {
            *error = QStringLiteral("probability must be between 0 and 100");
            return std::nullopt;
        }
        const auto at = std::find_if(plan.rules.begin(), plan.rules.end(),
                                     [&](const Faults::Rule &r) { return r.name == QLatin1String(trigger.rule); });
        const bool wanted = setting.probability > 0 || setting.errorCode != trigger.defaultCode;
        if (at == plan.rules.end()) {
            if (wanted)
                added.append(ruleOf(trigger, setting));
        } else if (wanted) {
            *at = ruleOf(trigger, setting);
        } else {
            plan.rules.erase(at);
        }
    }
    plan.rules = added + plan.rules;
    const QStringList problems = plan.problems();
    if (!problems.isEmpty()) {
        *error = problems.join(QLatin1Char(' '));
        return std::nullopt;
    }
    return plan;
}

} // namespace

void addChaosRoutes(Router &router, Context &context)
{
    router.add("GET", QStringLiteral("/api/v1/chaos"), [&context](const Request &, Reply reply) {
        if (!context.backend.injector)
            return reply(notEnabled());
        reply(Response::json(chaosJson(context.backend.injector->plan())));
    });

    // As Mailpit: a trigger the body leaves out goes back to its default code at 0 %.
    router.add("PUT", QStringLiteral("/api/v1/chaos"), [&context](const Request &request, Reply reply) {
        if (!context.backend.injector || !context.backend.setFaultPlan)
            return reply(notEnabled());
        QString error;
        const std::optional<QJsonObject> body = objectBody(request, &error);
        const std::optional<Faults::Plan> plan = body ? withChaos(context.backend.injector->plan(), *body, &error) : std::nullopt;
        if (!plan)
            return reply(Response::error(400, error));
        context.backend.setFaultPlan(*plan);
        reply(Response::json(chaosJson(context.backend.injector->plan())));
    });
}

} // namespace Api
