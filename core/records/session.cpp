#include "session.h"

#include <iterator>

namespace Records {

namespace {
const char *const kOutcomeNames[] = {"in_progress", "delivered", "quit", "rejected", "timed_out", "aborted", "shutdown",
                                   "interrupted"};
}

QString outcomeName(Outcome outcome)
{
    return QString::fromLatin1(kOutcomeNames[static_cast<int>(outcome)]);
}

Outcome outcomeFromName(const QString &name)
{
    for (int i = 0; i < int(std::size(kOutcomeNames)); ++i) {
        if (name == QLatin1String(kOutcomeNames[i]))
            return static_cast<Outcome>(i);
    }
    return Outcome::InProgress;
}

} // namespace Records
