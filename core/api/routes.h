#pragma once

#include "context.h"
#include "router.h"

namespace Api {

// Each group of routes adds itself to the router; the handlers keep a reference to the context,
// which outlives the router.
void addServerRoutes(Router &router, Context &context);   // info, webui, livez, readyz, openapi

} // namespace Api
