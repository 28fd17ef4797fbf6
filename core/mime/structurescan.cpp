#include <gmime/gmime.h> // before Qt: GLib uses the names Qt's keywords would take

#include "structurescan.h"

#include "boundaries.h"
#include "gmimesupport.h"
#include "headerblock.h"

#include <QByteArrayView>
#include <QList>

namespace Mime {

namespace {

enum class Kind { Leaf, Multipart, Message };

struct EntityType
{
    Kind kind = Kind::Leaf;
    QByteArray dashes;          // "--" + boundary, for a multipart
};

// What GMime will make of an entity, from its header block: it goes by the last Content-Type.
EntityType typeOf(const QByteArray &raw, const HeaderBlock &block)
{
    QByteArray value;
    for (const RawField &f : block.fields) {
        if (f.validName && QByteArrayView(f.name).compare("Content-Type", Qt::CaseInsensitive) == 0)
            value = unfold(QByteArrayView(raw).sliced(f.valueRange.begin, f.valueRange.size()));
    }
    if (value.isEmpty())
        return {};
    GObjectPtr<GMimeContentType> type(g_mime_content_type_parse(nullptr, value.constData()));
    if (!type)
        return {};
    if (g_mime_content_type_is_type(type.get(), "multipart", "*")) {
        const char *boundary = g_mime_content_type_get_parameter(type.get(), "boundary");
        if (!boundary || !*boundary)
            return {};
        return {Kind::Multipart, "--" + QByteArray(boundary)};
    }
    for (const char *subtype : {"rfc822", "news", "global"}) {
        if (g_mime_content_type_is_type(type.get(), "message", subtype))
            return {Kind::Message, {}};
    }
    return {};
}

} // namespace

StructureCut scanStructure(const QByteArray &raw, const Limits &limits)
{
    ensureGMime();
    // Containers enclosing the current place, innermost last; a message/rfc822 has no dashes.
    QList<QByteArray> open;
    qint64 pos = 0;
    if (raw.startsWith("From "))
        pos = nextLine(raw, 0);
    int parts = 1;
    bool atHeader = true;
    while (pos < raw.size()) {
        if (atHeader) {
            const HeaderBlock block = scanHeaderBlock(raw, pos, raw.size(), limits.maxHeaderBytes);
            const EntityType type = typeOf(raw, block);
            if (type.kind != Kind::Leaf) {
                if (open.size() > limits.maxDepth)
                    return {StructureCut::Limit::Depth, pos};
                open.append(type.dashes);
            }
            // A message/rfc822 body is the header block of the message it holds.
            atHeader = type.kind == Kind::Message;
            pos = qMax(block.bodyBegin, pos + 1);
            if (block.bodyBegin < 0 || block.bodyBegin >= raw.size())
                break;
            continue;
        }
        const qint64 next = nextLine(raw, pos);
        if (raw.at(pos) == '-' && pos + 1 < raw.size() && raw.at(pos + 1) == '-') {
            const QByteArrayView line = QByteArrayView(raw).sliced(pos, next - pos);
            for (qsizetype k = open.size() - 1; k >= 0; --k) {
                const QByteArray &dashes = open.at(k);
                if (dashes.isEmpty() || !line.startsWith(dashes))
                    continue;
                const bool closing = line.sliced(dashes.size()).startsWith("--");
                open.resize(closing ? k : k + 1);
                if (!closing) {
                    if (++parts > limits.maxParts + 1)
                        return {StructureCut::Limit::Parts, pos};
                    atHeader = true;
                }
                break;
            }
        }
        pos = next;
    }
    return {};
}

} // namespace Mime
