#pragma once

#include "holdbroker.h"
#include "injector.h"

#include <memory>

namespace Faults {

// What a server hands its sessions for fault injection; both are thread-safe and shared
// with the front end, which swaps plans, switches rules and answers holds.
struct Hooks
{
    std::shared_ptr<Injector> injector;   // null: no fault injection
    std::shared_ptr<HoldBroker> holds;    // null: holds wait for their timeout, then the default
};

} // namespace Faults
