#pragma once

#include "parsedmessage.h"

#include <QString>

#include <memory>

// Pieces of the GMime adapter shared by its .cpp files; GMime types stay out of this header.
namespace Mime {

// g_mime_init() once per process, whichever thread comes first.
void ensureGMime();

// The version of the GMime library this process runs with ("3.2.13"), not the one it was built
// against.
QString gmimeVersion();

// A GMimeParserWarning as a diagnostic: stable code, severity, explanation and RFC.
Diagnostic gmimeWarning(int warning, qint64 offset, const QString &item);

// Owning pointers for GObjects and g_malloc'd strings, usable where GMime types are known.
void unrefGObject(void *object);
void freeGMemory(void *memory);
struct GObjectUnref
{
    void operator()(void *p) const { unrefGObject(p); }
};
template<class T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;
struct GFree
{
    void operator()(void *p) const { freeGMemory(p); }
};
using GCharPtr = std::unique_ptr<char, GFree>;

// GMime's UTF-8 strings; null stays null.
inline QString fromUtf8OrNull(const char *text)
{
    return text ? QString::fromUtf8(text) : QString();
}

} // namespace Mime
