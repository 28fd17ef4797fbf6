#include "plan.h"

#include "validation.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSet>

#include <cmath>

namespace Faults {

const Rule *Plan::rule(const QString &name) const
{
    for (const Rule &r : rules) {
        if (r.name == name)
            return &r;
    }
    return nullptr;
}

QStringList Plan::problems() const
{
    QStringList out;
    QSet<QString> names;
    for (const Rule &r : rules) {
        if (names.contains(r.name))
            out.append(QStringLiteral("rule \"%1\": another rule has the same name; names must be unique").arg(r.name));
        names.insert(r.name);
        out += checkRule(r);
    }
    return out;
}

QByteArray Plan::toJson() const
{
    QJsonObject o{{QStringLiteral("version"), kVersion}};
    if (!description.isEmpty())
        o.insert(QStringLiteral("description"), description);
    if (seed)
        o.insert(QStringLiteral("seed"), QString::number(*seed));
    QJsonArray list;
    for (const Rule &r : rules)
        list.append(Faults::toJson(r));
    o.insert(QStringLiteral("rules"), list);
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

std::optional<Plan> Plan::fromJson(const QByteArray &json, QString *error)
{
    const auto failed = [error](const QString &why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return failed(QStringLiteral("not valid JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset));
    if (!doc.isObject())
        return failed(QStringLiteral("a fault plan is a JSON object with \"version\" and \"rules\""));
    const QJsonObject o = doc.object();
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString key = it.key();
        if (key != QLatin1String("version") && key != QLatin1String("description") && key != QLatin1String("seed")
            && key != QLatin1String("rules"))
            return failed(QStringLiteral("unknown key \"%1\" in the plan").arg(key));
    }
    const QJsonValue version = o.value(QLatin1String("version"));
    if (!version.isDouble())
        return failed(QStringLiteral("the plan needs \"version\": %1").arg(kVersion));
    if (version.toDouble() != kVersion)
        return failed(QStringLiteral("plan version %1 is not known to this Mailscope, which reads version %2")
                          .arg(version.toDouble())
                          .arg(kVersion));
    Plan plan;
    plan.description = o.value(QLatin1String("description")).toString();
    const QJsonValue seed = o.value(QLatin1String("seed"));
    if (!seed.isUndefined()) {
        // A string as well as a number: JSON numbers lose precision above 2^53.
        bool ok = false;
        quint64 value = 0;
        if (seed.isString()) {
            value = seed.toString().toULongLong(&ok);
        } else if (seed.isDouble()) {
            const double d = seed.toDouble();
            ok = d >= 0 && d < 9007199254740992.0 && d == std::floor(d);
            value = ok ? quint64(d) : 0;
        }
        if (!ok)
            return failed(QStringLiteral("seed must be a whole number of at least 0"));
        plan.seed = value;
    }
    const QJsonValue rules = o.value(QLatin1String("rules"));
    if (!rules.isArray())
        return failed(QStringLiteral("the plan needs \"rules\": a list of rules"));
    const QJsonArray list = rules.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (!list[i].isObject())
            return failed(QStringLiteral("rule %1 is not a JSON object").arg(i + 1));
        QString why;
        const auto rule = ruleFromJson(list[i].toObject(), &why);
        if (!rule)
            return failed(QStringLiteral("rule %1: %2").arg(i + 1).arg(why));
        plan.rules.append(*rule);
    }
    const QStringList problems = plan.problems();
    if (!problems.isEmpty())
        return failed(problems.join(QLatin1Char('\n')));
    return plan;
}

std::optional<Plan> Plan::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QString why;
    auto plan = fromJson(file.readAll(), &why);
    if (!plan && error)
        *error = QStringLiteral("%1: %2").arg(path, why);
    return plan;
}

bool Plan::save(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(toJson()) >= 0 && file.commit())
        return true;
    if (error)
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return false;
}

} // namespace Faults
