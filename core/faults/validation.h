#pragma once

#include "rule.h"

#include <QString>
#include <QStringList>

namespace Faults {

// Why a client could not legally receive this reply at this stage (RFC 5321 4.2, 4.3.2,
// RFC 3463, RFC 4954, RFC 3030), or an empty string when it can. Error replies (4xx/5xx)
// are allowed wherever RFC 5321 lets a command fail, since clients act on the first digit;
// success and intermediate replies only where they mean what that command's success means.
QString checkReply(Stage stage, const Records::Reply &reply);

// Every reason the rule cannot be used, each a sentence naming the rule; empty when valid.
QStringList checkRule(const Rule &rule);

} // namespace Faults
