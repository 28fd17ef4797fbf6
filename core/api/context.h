#pragma once

#include "apiconfig.h"
#include "backend.h"
#include "store/reader.h"

#include <memory>

namespace Api {

class EventHub;

// What every route works with, on the front end's thread: the front end's backend, a read
// connection of this thread, the live events and the configuration.
struct Context
{
    Backend backend;
    ApiConfig config;
    Live *live = nullptr;
    EventHub *events = nullptr;   // the WebSocket clients; routes that change messages tell it
    std::unique_ptr<Store::Reader> reader;
};

} // namespace Api
