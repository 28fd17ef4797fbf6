#include "parsedmessage.h"

#include "lint.h"
#include "records/envelope.h"
#include "treebuilder.h"

#include <algorithm>
#include <limits>

namespace Mime {

QString Part::param(const QString &name) const
{
    for (const auto &p : params) {
        if (p.first.compare(name, Qt::CaseInsensitive) == 0)
            return p.second;
    }
    return {};
}

namespace {
void collectLeaves(const Part &part, QList<const Part *> *out)
{
    if (part.isLeaf())
        out->append(&part);
    for (const Part &child : part.children)
        collectLeaves(child, out);
}

const Part *find(const Part &part, const QString &path, bool leafOnly)
{
    if (part.path == path && (!leafOnly || part.isLeaf()))
        return &part;
    for (const Part &child : part.children) {
        if (const Part *hit = find(child, path, leafOnly))
            return hit;
    }
    return nullptr;
}
} // namespace

QList<const Part *> ParsedMessage::leaves() const
{
    QList<const Part *> out;
    collectLeaves(root, &out);
    return out;
}

const Part *ParsedMessage::findPart(const QString &path) const
{
    if (const Part *leaf = find(root, path, true))
        return leaf;
    return find(root, path, false);
}

EnvelopeHints hintsFromEnvelope(const Records::Envelope &envelope)
{
    EnvelopeHints hints;
    hints.known = true;
    hints.smtpUtf8 = envelope.smtpUtf8;
    const QByteArray body = envelope.body.toUpper();
    hints.eightBitMime = body == "8BITMIME" || body == "BINARYMIME";
    hints.mailFrom = envelope.mailFrom;
    for (const Records::Recipient &r : envelope.recipients)
        hints.recipients.append(r.address);
    return hints;
}

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return QStringLiteral("error");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Info:
        break;
    }
    return QStringLiteral("info");
}

ParsedMessage parse(const QByteArray &raw, const EnvelopeHints &hints, const Limits &limits)
{
    ParsedMessage message = buildTree(raw, limits, BuildDepth::Full);
    lint(raw, hints, &message);
    // In the order of the bytes they point at; findings about the whole message last.
    std::stable_sort(message.diagnostics.begin(), message.diagnostics.end(), [](const Diagnostic &a, const Diagnostic &b) {
        return (a.offset < 0 ? std::numeric_limits<qint64>::max() : a.offset)
               < (b.offset < 0 ? std::numeric_limits<qint64>::max() : b.offset);
    });
    return message;
}

} // namespace Mime
