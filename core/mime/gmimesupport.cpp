#include <gmime/gmime.h>

#include "gmimesupport.h"

#include <mutex>

namespace Mime {

void ensureGMime()
{
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

QString gmimeVersion()
{
    return QStringLiteral("%1.%2.%3").arg(gmime_major_version).arg(gmime_minor_version).arg(gmime_micro_version);
}

void unrefGObject(void *object)
{
    g_object_unref(object);
}

void freeGMemory(void *memory)
{
    g_free(memory);
}

namespace {

struct WarningText
{
    GMimeParserWarning warning;
    const char *code;
    Severity severity;
    const char *rfc;
    const char *message;        // %1 is the item GMime names (a field, a parameter), when it gives one
};

const WarningText kWarnings[] = {
    {GMIME_WARN_DUPLICATED_HEADER, "gmime-duplicated-header", Severity::Warning, "RFC 5322 3.6",
     "The header field %1 appears more than once, but may appear only once."},
    {GMIME_WARN_DUPLICATED_PARAMETER, "gmime-duplicated-parameter", Severity::Warning, "RFC 2045 5.1",
     "The parameter %1 is given more than once; readers may pick different ones."},
    {GMIME_WARN_UNENCODED_8BIT_HEADER, "gmime-8bit-header", Severity::Warning, "RFC 6532 3.2",
     "The header field %1 holds raw 8-bit bytes instead of RFC 2047 encoded words."},
    {GMIME_WARN_INVALID_CONTENT_TYPE, "gmime-invalid-content-type", Severity::Warning, "RFC 2045 5.1",
     "The Content-Type %1 cannot be parsed; it is read as text/plain or application/octet-stream."},
    {GMIME_WARN_INVALID_RFC2047_HEADER_VALUE, "gmime-invalid-encoded-word", Severity::Warning, "RFC 2047 5",
     "The header value %1 holds an encoded word that is malformed or not allowed in that place."},
    {GMIME_WARN_MALFORMED_MULTIPART, "gmime-malformed-multipart", Severity::Error, "RFC 2046 5.1.1",
     "A multipart body is malformed (boundary lines do not nest)."},
    {GMIME_WARN_TRUNCATED_MESSAGE, "gmime-truncated", Severity::Warning, "RFC 2046 5.1.1",
     "The message ends before its structure does: a closing boundary or the body is missing."},
    {GMIME_WARN_MALFORMED_MESSAGE, "gmime-malformed-message", Severity::Error, "RFC 5322 2.1",
     "The message is malformed."},
    {GMIME_CRIT_INVALID_HEADER_NAME, "gmime-invalid-header", Severity::Error, "RFC 5322 2.2",
     "A header line is not a valid field (no colon, or a bad field name): %1"},
    {GMIME_CRIT_CONFLICTING_HEADER, "gmime-conflicting-header", Severity::Error, "RFC 2045 3",
     "The header field %1 appears more than once with different values; readers may disagree."},
    {GMIME_CRIT_CONFLICTING_PARAMETER, "gmime-conflicting-parameter", Severity::Error, "RFC 2231 3",
     "The parameter %1 is given more than once with different values; readers may disagree."},
    {GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY, "gmime-multipart-without-boundary", Severity::Error, "RFC 2046 5.1.1",
     "A multipart has no boundary parameter, so its parts cannot be found."},
    {GMIME_WARN_INVALID_PARAMETER, "gmime-invalid-parameter", Severity::Warning, "RFC 2045 5.1",
     "A parameter is malformed: %1"},
    {GMIME_WARN_INVALID_ADDRESS_LIST, "gmime-invalid-address-list", Severity::Warning, "RFC 5322 3.4",
     "An address list cannot be parsed cleanly: %1"},
    {GMIME_CRIT_NESTING_OVERFLOW, "gmime-nesting-overflow", Severity::Error, "",
     "The MIME structure nests deeper than GMime follows; the deepest parts are read as plain bodies."},
    {GMIME_WARN_PART_WITHOUT_CONTENT, "gmime-part-without-content", Severity::Warning, "RFC 2046 5.1.1",
     "A MIME part has headers but no body."},
    {GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT, "gmime-empty-part", Severity::Error, "RFC 2046 5.1.1",
     "A MIME part has neither headers nor a body."},
};

} // namespace

Diagnostic gmimeWarning(int warning, qint64 offset, const QString &item)
{
    Diagnostic d;
    d.offset = offset;
    for (const WarningText &w : kWarnings) {
        if (int(w.warning) == warning) {
            d.code = QString::fromLatin1(w.code);
            d.severity = w.severity;
            d.rfc = QString::fromLatin1(w.rfc);
            QString text = QString::fromLatin1(w.message);
            d.message = text.contains(QLatin1String("%1")) ? text.arg(item.isEmpty() ? QStringLiteral("(unnamed)") : item)
                                                          : text;
            return d;
        }
    }
    d.code = QStringLiteral("gmime-warning-%1").arg(warning);
    d.message = QStringLiteral("GMime reported a problem it has no name for (%1): %2").arg(warning).arg(item);
    return d;
}

} // namespace Mime
