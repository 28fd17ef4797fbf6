#include "cli.h"

#include "faults/explain.h"
#include "faults/hooks.h"
#include "faults/presets.h"

#include <QRandomGenerator>

namespace Cli {

namespace {

QString presetNames()
{
    QStringList known;
    for (const Faults::PresetInfo &p : Faults::presets())
        known.append(p.name);
    return known.join(QStringLiteral(", "));
}

} // namespace

void printFaultPlan(const Faults::Plan &plan)
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

namespace {

int listPresets(const QStringList &names)
{
    if (names.isEmpty()) {
        for (const Faults::PresetInfo &p : Faults::presets())
            out(QStringLiteral("%1  %2").arg(p.name, -18).arg(p.summary));
        return Ok;
    }
    const auto plan = Faults::preset(names.first());
    if (!plan)
        return fail(QStringLiteral("no preset named \"%1\"; presets are %2").arg(names.first(), presetNames()), Usage);
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
    printFaultPlan(*plan);
    return Ok;
}

} // namespace

void addFaultOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("faults"),
                      QStringLiteral("Fail on purpose by the rules in this plan file (see `mailscope faults`); the "
                                     "file is watched and reloaded when it changes."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("fault-preset"),
                      QStringLiteral("Start with a ready fault plan (`mailscope faults presets` lists them)."),
                      QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("fault-seed"),
                      QStringLiteral("Seed for the rules' chances: the same seed and traffic give the same faults "
                                     "(default: the plan's seed, else a new one, printed at start)."),
                      QStringLiteral("N")});
}

int applyFaultOptions(const QCommandLineParser &parser, Faults::Hooks *hooks, QString *watchedFile)
{
    const QString file = parser.value(QStringLiteral("faults"));
    const QString presetName = parser.value(QStringLiteral("fault-preset"));
    const bool seeded = parser.isSet(QStringLiteral("fault-seed"));
    if (!file.isEmpty() && !presetName.isEmpty())
        return fail(QStringLiteral("use --faults or --fault-preset, not both (save a preset with `mailscope faults "
                                   "presets NAME > FILE` to edit it)"),
                    Usage);
    if (file.isEmpty() && presetName.isEmpty())
        return seeded ? fail(QStringLiteral("--fault-seed needs --faults or --fault-preset"), Usage) : 0;
    std::optional<Faults::Plan> plan;
    if (!presetName.isEmpty()) {
        plan = Faults::preset(presetName);
        if (!plan)
            return fail(QStringLiteral("--fault-preset %1 is not a preset; presets are %2").arg(presetName, presetNames()),
                        Usage);
    } else {
        QString error;
        plan = Faults::Plan::load(file, &error);
        if (!plan)
            return fail(QStringLiteral("fault plan not loaded: %1").arg(error));
        *watchedFile = file;
    }
    quint64 seed = plan->seed.value_or(QRandomGenerator::global()->generate64() >> 11);
    if (seeded) {
        bool ok = false;
        seed = parser.value(QStringLiteral("fault-seed")).toULongLong(&ok);
        if (!ok)
            return fail(QStringLiteral("--fault-seed needs a whole number of at least 0"), Usage);
    }
    hooks->injector = std::make_shared<Faults::Injector>(*plan, seed);
    return 0;
}

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
