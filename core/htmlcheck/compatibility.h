#pragma once

#include "caniemail.h"
#include "mime/parsedmessage.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

// The HTML compatibility check: which Can I Email features a message's HTML uses (elements,
// attributes, CSS in style attributes and <style> blocks, media queries, image formats), where,
// and how well email clients support them. Pure, any thread; a 5 MB HTML body takes well under
// a second (tests/bench/htmlcheck_bench).
namespace HtmlCheck {

class SourceMap;

struct Occurrence
{
    qsizetype begin = 0;        // [begin, end) in the HTML body as decoded
    qsizetype end = 0;
    Mime::ByteRange raw;        // the same place in the raw message
};

struct Finding
{
    const Feature *feature = nullptr; // never null; owned by CanIEmail::data() (or static)
    QList<Occurrence> occurrences;    // in document order
};

struct CompatibilityReport
{
    QList<Finding> findings;    // the worst first: (partial + unsupported) × found ÷ nodes
    int nodes = 0;              // elements, as Mailpit counts them
    int tests = 0;              // features looked for
    // Overall percentages: the worst feature's weighted partial and unsupported share.
    double supported = 100, partial = 0, unsupported = 0;
    QString partPath;           // the HTML part's path ("1.2"); empty for a bare HTML body
    Mime::ByteRange partBody;   // its body in the raw message
};

// How the found features fare on one platform: results per support over all findings.
struct PlatformTotal
{
    QString platform;
    int yes = 0, partial = 0, no = 0;
};

CompatibilityReport checkHtml(QByteArrayView html, const SourceMap &map);
// The check of the message's first HTML part; nullopt when it has none.
std::optional<CompatibilityReport> checkMessage(const QByteArray &raw, const Mime::ParsedMessage &message);
QList<PlatformTotal> platformTotals(const CompatibilityReport &report);

} // namespace HtmlCheck
