#pragma once

#include "rule.h"

#include <QString>

namespace Faults {

// A rule in plain words, e.g. "Every 3rd RCPT to an address matching @example\.com$ in a
// session gets 452 4.2.2 Mailbox full".
QString explain(const Rule &rule);

// "452 4.2.2 Mailbox full", lines joined with " / ".
QString replyText(const Records::Reply &reply);

// "1st", "2nd", "3rd", "11th", ...
QString ordinal(qint64 n);

} // namespace Faults
