#pragma once

#include "context.h"
#include "router.h"

namespace Api {

// Each group of routes adds itself to the router; the handlers keep a reference to the context,
// which outlives the router.
void addServerRoutes(Router &router, Context &context);   // info, webui, livez, readyz, openapi
void addListRoutes(Router &router, Context &context);     // /api/v1/messages, /api/v1/search
void addMessageRoutes(Router &router, Context &context);  // /api/v1/message/{ID}: the message, headers, raw, checks
void addPartRoutes(Router &router, Context &context);     // parts, thumbnails, /view/{ID}.html and .txt

} // namespace Api
