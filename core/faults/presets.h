#pragma once

#include "plan.h"

#include <QList>
#include <QString>

#include <optional>

namespace Faults {

struct PresetInfo
{
    QString name;               // stable, for scripts: "temp-fail-rcpt", "greylisting", ...
    QString summary;            // one line for people
};

// Ready plans to start from. Until edited, a preset applies to all traffic (every
// recipient, every message), with the odds of the tool it mirrors.
QList<PresetInfo> presets();
std::optional<Plan> preset(const QString &name);

} // namespace Faults
