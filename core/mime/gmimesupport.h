#pragma once

#include "parsedmessage.h"

#include <QString>

// Pieces of the GMime adapter shared by its .cpp files; GMime types stay out of this header.
namespace Mime {

// g_mime_init() once per process, whichever thread comes first.
void ensureGMime();

// A GMimeParserWarning as a diagnostic: stable code, severity, explanation and RFC.
Diagnostic gmimeWarning(int warning, qint64 offset, const QString &item);

} // namespace Mime
