#include "transcript.h"

#include <iterator>

namespace Records {

namespace {
// Indexed by the kind's stored number.
const char *const kKindNames[kLineKindCount] = {"command",    "reply", "note",   "tls",           "auth-step",
                                                 "fault",      "data",  "defect", "auth-response", "auth-challenge",
                                                 "auth-secret"};
static_assert(std::size(kKindNames) == kLineKindCount);
} // namespace

QLatin1StringView lineKindName(LineKind kind)
{
    const int index = static_cast<int>(kind);
    return index < kLineKindCount ? QLatin1StringView(kKindNames[index]) : QLatin1StringView("note");
}

QLatin1StringView directionName(Direction direction)
{
    switch (direction) {
    case Direction::Client: return QLatin1StringView("client");
    case Direction::Server: return QLatin1StringView("server");
    case Direction::Note: break;
    }
    return QLatin1StringView("note");
}

} // namespace Records
