#include "cli.h"

#include "faults/explain.h"
#include "faults/presets.h"

namespace Cli {

namespace {

void printPlan(const Faults::Plan &plan)
{
    if (!plan.description.isEmpty())
        out(QStringLiteral("Description: %1").arg(plan.description));
    if (plan.seed)
        out(QStringLiteral("Seed: %1").arg(*plan.seed));
    int n = 0;
    for (const Faults::Rule &rule : plan.rules) {
        out(QStringLiteral("%1. %2 (%3%4): %5")
                .arg(++n)
                .arg(rule.name, Faults::stageName(rule.stage),
                     rule.enabled ? QString() : QStringLiteral(", disabled"), Faults::explain(rule)));
    }
}

int listPresets(const QStringList &names)
{
    if (names.isEmpty()) {
        for (const Faults::PresetInfo &p : Faults::presets())
            out(QStringLiteral("%1  %2").arg(p.name, -18).arg(p.summary));
        return Ok;
    }
    const auto plan = Faults::preset(names.first());
    if (!plan) {
        QStringList known;
        for (const Faults::PresetInfo &p : Faults::presets())
            known.append(p.name);
        return fail(QStringLiteral("no preset named \"%1\"; presets are %2").arg(names.first(), known.join(QStringLiteral(", "))),
                    Usage);
    }
    outBytes(plan->toJson());
    return Ok;
}

int showPlan(const QStringList &files)
{
    if (files.size() != 1)
        return fail(QStringLiteral("faults show needs one plan file (see mailscope faults --help)"), Usage);
    QString error;
    const auto plan = Faults::Plan::load(files.first(), &error);
    if (!plan)
        return fail(error);
    out(QStringLiteral("%1: a valid fault plan with %2 rule(s); the first enabled rule that matches decides.")
            .arg(files.first())
            .arg(plan->rules.size()));
    printPlan(*plan);
    return Ok;
}

} // namespace

int faults(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Fault plans: rules that make the server fail on purpose (see README, \"Fault injection\").\n"
        "  presets          list the ready plans\n"
        "  presets NAME     print a preset as a plan file to start from: mailscope faults presets slow > plan.json\n"
        "  show FILE        check a plan file and explain each rule in words"));
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("presets [NAME] or show FILE"));
    int code = Ok;
    if (!parse(parser, args, &code))
        return code;
    QStringList positional = parser.positionalArguments();
    const QString command = positional.isEmpty() ? QString() : positional.takeFirst();
    if (command == QLatin1String("presets"))
        return positional.size() > 1 ? fail(QStringLiteral("faults presets takes at most one name"), Usage)
                                     : listPresets(positional);
    if (command == QLatin1String("show"))
        return showPlan(positional);
    return fail(QStringLiteral("faults needs \"presets\" or \"show FILE\" (see mailscope faults --help)"), Usage);
}

} // namespace Cli
