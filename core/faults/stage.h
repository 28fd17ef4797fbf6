#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace Faults {

// The points of an SMTP session where a rule can act. Connect is before the greeting is
// composed, EndOfData after a whole message (DATA or BDAT LAST) was read and before its
// reply. Any stands for every command and end of data, not for connect or the greeting.
enum class Stage {
    Connect,
    Greeting,
    Helo,
    StartTls,
    Auth,
    Mail,
    Rcpt,
    Data,
    EndOfData,
    Bdat,
    Rset,
    Noop,
    Vrfy,
    Quit,
    Any,
};

// Stable names used in plan files ("connect", "rcpt", "end-of-data", ...).
QString stageName(Stage stage);
std::optional<Stage> stageFromName(const QString &name);
QList<Stage> allStages();

// How the stage is called in a sentence ("RCPT", "the end of data", "any command").
QString stageLabel(Stage stage);

// The stage a command verb (upper case) belongs to; Any for commands without their own stage
// (HELP, EXPN, unknown verbs).
Stage stageOfVerb(const QByteArray &verb);

// True when a rule made for ruleStage acts at the concrete stage reached.
bool stageCovers(Stage ruleStage, Stage reached);

} // namespace Faults
