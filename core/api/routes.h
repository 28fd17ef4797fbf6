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
void addSessionRoutes(Router &router, Context &context);  // sessions, a session, its transcript
void addInspectionRoutes(Router &router, Context &context); // a message's MIME tree and lint
void addFaultRoutes(Router &router, Context &context);    // the fault plan, its hits, held sessions
// The three groups above are Mailscope's own routes, which /api/v1/openapi.json describes.
void addTagRoutes(Router &router, Context &context);      // /api/v1/tags: list, set, rename, delete
void addChaosRoutes(Router &router, Context &context);    // /api/v1/chaos as rules of the fault plan
void addSendRoute(Router &router, Context &context);      // POST /api/v1/send
void addReleaseRoute(Router &router, Context &context);   // POST /api/v1/message/{ID}/release

} // namespace Api
