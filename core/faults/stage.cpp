#include "stage.h"

namespace Faults {

namespace {

struct StageInfo
{
    Stage stage;
    const char *name;
    const char *label;
};

const StageInfo kStages[] = {
    {Stage::Connect, "connect", "the connection"},
    {Stage::Greeting, "greeting", "the greeting"},
    {Stage::Helo, "helo", "EHLO/HELO"},
    {Stage::StartTls, "starttls", "STARTTLS"},
    {Stage::Auth, "auth", "AUTH"},
    {Stage::Mail, "mail", "MAIL"},
    {Stage::Rcpt, "rcpt", "RCPT"},
    {Stage::Data, "data", "the DATA command"},
    {Stage::EndOfData, "end-of-data", "the end of data"},
    {Stage::Bdat, "bdat", "BDAT"},
    {Stage::Rset, "rset", "RSET"},
    {Stage::Noop, "noop", "NOOP"},
    {Stage::Vrfy, "vrfy", "VRFY"},
    {Stage::Quit, "quit", "QUIT"},
    {Stage::Any, "any", "any command"},
};

static_assert(std::size(kStages) == static_cast<int>(Stage::Any) + 1, "one entry per stage, in enum order");

const StageInfo &info(Stage stage)
{
    return kStages[static_cast<int>(stage)];
}

} // namespace

QString stageName(Stage stage)
{
    return QString::fromLatin1(info(stage).name);
}

std::optional<Stage> stageFromName(const QString &name)
{
    for (const StageInfo &s : kStages) {
        if (name.compare(QLatin1String(s.name), Qt::CaseInsensitive) == 0)
            return s.stage;
    }
    return std::nullopt;
}

QList<Stage> allStages()
{
    QList<Stage> out;
    for (const StageInfo &s : kStages)
        out.append(s.stage);
    return out;
}

QString stageLabel(Stage stage)
{
    return QString::fromLatin1(info(stage).label);
}

Stage stageOfVerb(const QByteArray &verb)
{
    if (verb == "EHLO" || verb == "HELO")
        return Stage::Helo;
    if (verb == "STARTTLS")
        return Stage::StartTls;
    if (verb == "AUTH")
        return Stage::Auth;
    if (verb == "MAIL")
        return Stage::Mail;
    if (verb == "RCPT")
        return Stage::Rcpt;
    if (verb == "DATA")
        return Stage::Data;
    if (verb == "BDAT")
        return Stage::Bdat;
    if (verb == "RSET")
        return Stage::Rset;
    if (verb == "NOOP")
        return Stage::Noop;
    if (verb == "VRFY")
        return Stage::Vrfy;
    if (verb == "QUIT")
        return Stage::Quit;
    return Stage::Any;
}

bool stageCovers(Stage ruleStage, Stage reached)
{
    if (ruleStage == reached)
        return true;
    return ruleStage == Stage::Any && reached != Stage::Connect && reached != Stage::Greeting;
}

} // namespace Faults
