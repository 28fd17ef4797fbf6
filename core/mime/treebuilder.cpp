#include <gmime/gmime.h> // before Qt: GLib uses the names Qt's keywords would take

#include "treebuilder.h"

#include "gmimesupport.h"
#include "boundaries.h"
#include "encodedwords.h"
#include "headerblock.h"
#include "lint.h"
#include "messagefields.h"
#include "parameters.h"
#include "patchedbuffer.h"
#include "structurescan.h"

#include <QCryptographicHash>
#include <QSet>

#include <algorithm>
#include <limits>

namespace Mime {

namespace {

QString utf8(const char *text)
{
    return fromUtf8OrNull(text);
}

QString joinPath(const QString &prefix, int index)
{
    return prefix.isEmpty() ? QString::number(index) : prefix + QLatin1Char('.') + QString::number(index);
}

qint64 earliest(qint64 a, qint64 b)
{
    return a < 0 ? b : (b < 0 ? a : qMin(a, b));
}

// The smallest offset GMime recorded anywhere in the entity (a header or the body), in GMime's bytes.
qint64 firstOffset(GMimeObject *object)
{
    qint64 best = -1;
    GMimeHeaderList *headers = g_mime_object_get_header_list(object);
    for (int i = 0, n = headers ? g_mime_header_list_get_count(headers) : 0; i < n; ++i)
        best = earliest(best, g_mime_header_get_offset(g_mime_header_list_get_header_at(headers, i)));
    if (GMIME_IS_PART(object)) {
        if (GMimeDataWrapper *content = g_mime_part_get_content(GMIME_PART(object))) {
            if (GMimeStream *s = g_mime_data_wrapper_get_stream(content))
                best = earliest(best, s->bound_start);
        }
    } else if (GMIME_IS_MULTIPART(object)) {
        if (g_mime_multipart_get_count(GMIME_MULTIPART(object)) > 0)
            best = earliest(best, firstOffset(g_mime_multipart_get_part(GMIME_MULTIPART(object), 0)));
    } else if (GMIME_IS_MESSAGE_PART(object)) {
        if (GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object)))
            best = earliest(best, firstOffset(GMIME_OBJECT(m)));
    } else if (GMIME_IS_MESSAGE(object)) {
        if (GMimeObject *body = g_mime_message_get_mime_part(GMIME_MESSAGE(object)))
            best = earliest(best, firstOffset(body));
    }
    return best;
}

// The boundaries of every multipart inside object, itself included.
void collectBoundaries(GMimeObject *object, QList<QByteArray> *out)
{
    if (GMIME_IS_MULTIPART(object)) {
        if (const char *b = g_mime_multipart_get_boundary(GMIME_MULTIPART(object)))
            out->append(QByteArray(b));
        for (int i = 0, n = g_mime_multipart_get_count(GMIME_MULTIPART(object)); i < n; ++i)
            collectBoundaries(g_mime_multipart_get_part(GMIME_MULTIPART(object), i), out);
    } else if (GMIME_IS_MESSAGE_PART(object)) {
        GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
        if (GMimeObject *body = m ? g_mime_message_get_mime_part(m) : nullptr)
            collectBoundaries(body, out);
    }
}

// Where GMime found a leaf's body, in the raw message; invalid for containers.
ByteRange contentBounds(GMimeObject *object, const PatchedBuffer &buffer)
{
    if (!object || !GMIME_IS_PART(object))
        return {};
    GMimeDataWrapper *content = g_mime_part_get_content(GMIME_PART(object));
    GMimeStream *s = content ? g_mime_data_wrapper_get_stream(content) : nullptr;
    if (!s)
        return {};
    return {buffer.toRaw(s->bound_start), buffer.toRaw(s->bound_end)};
}

class Builder
{
public:
    Builder(const QByteArray &raw, const Limits &limits, BuildDepth depth)
        : m_raw(raw), m_limits(limits), m_depth(depth), m_buffer(raw), m_options(g_mime_parser_options_new())
    {
        g_mime_parser_options_set_warning_callback(m_options, &Builder::onWarning, this);
    }
    ~Builder() { g_mime_parser_options_free(m_options); }
    Builder(const Builder &) = delete;
    Builder &operator=(const Builder &) = delete;

    ParsedMessage run();

private:
    ParsedMessage once();
    void mend(const HeaderBlock &block);
    static void onWarning(gint64 offset, GMimeParserWarning warning, const gchar *item, gpointer self);

    // Where an entity sits: its bytes in the raw message and its nesting.
    struct Place
    {
        qint64 begin = 0;
        qint64 end = 0;
        int depth = 0;
        int inMessage = 0;
        QList<QByteArray> boundaries; // of the enclosing multiparts, innermost first
    };
    Part messageEntity(GMimeMessage *message, const QString &prefix, const Place &place);
    Part entity(GMimeObject *object, const QString &path, const Place &place, bool messageStart);
    void describe(GMimeObject *object, Part *part);
    void addChildren(GMimeMultipart *multipart, Part *part, const Place &place);
    void mendUnseenParts(GMimeMultipart *multipart, const Part &part, const QList<QByteArray> &boundaries);
    Part bodyOnly();
    void limitReached(const QString &code, const QString &text, qint64 offset, const QString &path);

    const QByteArray &m_raw;
    const Limits m_limits;
    const BuildDepth m_depth;
    PatchedBuffer m_buffer;
    QList<PatchedBuffer::Change> m_pending; // mending found this round, applied before the next one
    GMimeParserOptions *m_options;
    QList<Diagnostic> m_diagnostics;
    int m_parts = 0;
    HeaderBlock m_top;
    QSet<GMimeObject *> m_hollow; // multiparts reusing their parent's boundary: shown without parts
};

void Builder::onWarning(gint64 offset, GMimeParserWarning warning, const gchar *item, gpointer self)
{
    auto *b = static_cast<Builder *>(self);
    Diagnostic d = gmimeWarning(int(warning), b->m_buffer.toRaw(offset), utf8(item).trimmed());
    for (const Diagnostic &seen : std::as_const(b->m_diagnostics)) {
        if (seen.code == d.code && seen.offset == d.offset && seen.message == d.message)
            return;
    }
    b->m_diagnostics.append(d);
}

void Builder::limitReached(const QString &code, const QString &text, qint64 offset, const QString &path)
{
    for (const Diagnostic &seen : std::as_const(m_diagnostics)) {
        if (seen.code == code)
            return;
    }
    m_diagnostics.append({Severity::Warning, code, text, QString(), offset, path});
}

void Builder::describe(GMimeObject *object, Part *part)
{
    const HeaderField *declared = nullptr;
    const HeaderField *disposition = nullptr;
    for (const HeaderField &f : std::as_const(part->headers)) {
        const QByteArrayView name(f.name);
        if (name.compare("Content-Type", Qt::CaseInsensitive) == 0)
            declared = &f; // GMime goes by the last one
        else if (name.compare("Content-Disposition", Qt::CaseInsensitive) == 0)
            disposition = &f;
        else if (part->transferEncoding.isNull() && name.compare("Content-Transfer-Encoding", Qt::CaseInsensitive) == 0)
            part->transferEncoding = f.value.simplified().toLower();
        else if (part->contentId.isNull() && name.compare("Content-ID", Qt::CaseInsensitive) == 0)
            part->contentId = f.value.simplified();
    }
    const auto valueOf = [](const HeaderField *f) {
        return f ? unfold(QByteArrayView(f->raw).sliced(f->raw.indexOf(':') + 1)) : QByteArray();
    };
    const QByteArray declaredValue = valueOf(declared);
    GMimeContentType *type = object ? g_mime_object_get_content_type(object) : nullptr;
    GMimeParamList *params = type ? g_mime_content_type_get_parameters(type) : nullptr;
    GObjectPtr<GMimeParamList> ownParams;
    if (declared && !isMediaType(declaredValue)) {
        // RFC 2045 5.2: a Content-Type that does not parse means text/plain; its parameters
        // (a name, say) are still worth showing.
        part->contentType = QStringLiteral("text/plain");
        const qsizetype semicolon = declaredValue.indexOf(';');
        if (semicolon >= 0) {
            ownParams.reset(g_mime_param_list_parse(m_options, declaredValue.constData() + semicolon + 1));
            params = ownParams.get();
        }
    } else if (type) {
        GCharPtr mime(g_mime_content_type_get_mime_type(type));
        part->contentType = utf8(mime.get()).toLower();
    }
    if (part->contentType.isEmpty())
        part->contentType = QStringLiteral("text/plain");
    // GMime decodes RFC 2047 words in parameter values with its own decoder, which joins the
    // base64 of padded words and loses what follows; such values are decoded here as in every
    // other header field (decodeHeaderText).
    const QList<RawParameter> written = declared && declaredValue.contains("=?") ? rawParameters(declaredValue)
                                                                                  : QList<RawParameter>();
    for (int i = 0, n = params ? g_mime_param_list_length(params) : 0; i < n; ++i) {
        GMimeParam *p = g_mime_param_list_get_parameter_at(params, i);
        const QString name = utf8(g_mime_param_get_name(p)).toLower();
        const RawParameter *raw = written.isEmpty() ? nullptr : findRawParameter(written, name.toLatin1());
        part->params.append({name, raw && raw->value.contains("=?") ? decodeHeaderText(raw->value)
                                                                   : utf8(g_mime_param_get_value(p))});
    }
    part->charset = part->param(QStringLiteral("charset")).trimmed().toLower();
    while (part->charset.startsWith(QLatin1Char('"')) || part->charset.startsWith(QLatin1Char('\'')))
        part->charset.remove(0, 1); // a quote GMime left on a broken value: charset="utf-8
    if (GMimeContentDisposition *d = object ? g_mime_object_get_content_disposition(object) : nullptr)
        part->disposition = utf8(g_mime_content_disposition_get_disposition(d)).trimmed().toLower();
    if (disposition && part->disposition.isNull())
        part->disposition = QStringLiteral(""); // present but empty: not the same as absent
    if (object)
        part->filename = utf8(g_mime_object_get_content_disposition_parameter(object, "filename"));
    if (disposition && disposition->raw.contains("=?")) {
        const QList<RawParameter> parameters = rawParameters(valueOf(disposition)); // outlives raw
        const RawParameter *raw = findRawParameter(parameters, "filename");
        if (raw && raw->value.contains("=?"))
            part->filename = decodeHeaderText(raw->value);
    }
    if (part->filename.isNull()) // as g_mime_part_get_filename: the disposition's, else the type's name
        part->filename = part->param(QStringLiteral("name"));
    part->isAttachment = part->disposition == QLatin1String("attachment")
                         || (part->disposition.isEmpty() && !part->filename.isEmpty());
}

// IMAP numbering: a message whose body is a multipart gives its parts the message's own
// number as prefix; a single-part body is number 1 under it (RFC 3501 6.4.5).
Part Builder::messageEntity(GMimeMessage *message, const QString &prefix, const Place &place)
{
    GMimeObject *body = message ? g_mime_message_get_mime_part(message) : nullptr;
    const bool multi = body && GMIME_IS_MULTIPART(body) && g_mime_multipart_get_count(GMIME_MULTIPART(body)) > 0
                       && place.depth < m_limits.maxDepth;
    return entity(body, multi ? prefix : joinPath(prefix, 1), place, true);
}

Part Builder::entity(GMimeObject *object, const QString &path, const Place &place, bool messageStart)
{
    const qint64 begin = place.begin;
    const qint64 end = place.end;
    Part part;
    part.path = path;
    part.inMessage = place.inMessage;
    ++m_parts;
    const ByteRange content = contentBounds(object, m_buffer);
    const qint64 limit = content.begin >= begin && content.begin <= end ? content.begin : end;
    const HeaderBlock block = scanHeaderBlock(m_raw, begin, limit, m_limits.maxHeaderBytes, messageStart);
    if (begin == 0 || m_raw.at(begin - 1) == '\n')
        mend(block); // only from a line start: a misplaced anchor would mend the wrong line
    if (block.truncated) {
        limitReached(QStringLiteral("limit-header-size"),
                     QStringLiteral("A header block is larger than %1 octets; the fields after that are not listed.")
                         .arg(m_limits.maxHeaderBytes),
                     block.range.end, path);
    }
    if (begin == 0 && place.inMessage == 0)
        m_top = block;
    part.headers = decodeFields(m_raw, block);
    part.headerRange = block.range;
    describe(object, &part);
    const qint64 bodyBegin = qMin(block.bodyBegin, end);
    // GMime's body start is authoritative (it may differ from the blank line after mending);
    // the end is where the entity ends, so that every parser quirk about the line break
    // before a delimiter is settled one way (RFC 2046 5.1.1: it belongs to the delimiter).
    if (content.begin >= bodyBegin && content.begin <= end)
        part.bodyRange = {content.begin, end};
    else
        part.bodyRange = {bodyBegin, end};

    const bool container = object && (GMIME_IS_MULTIPART(object) || GMIME_IS_MESSAGE_PART(object));
    if (container && place.depth >= m_limits.maxDepth) {
        limitReached(QStringLiteral("limit-depth"),
                     QStringLiteral("The MIME structure nests deeper than %1 levels; deeper parts are shown as "
                                    "undecoded bodies.").arg(m_limits.maxDepth),
                     bodyBegin, path);
    } else if (object && GMIME_IS_MULTIPART(object) && !m_hollow.contains(object)) {
        addChildren(GMIME_MULTIPART(object), &part, place);
    } else if (object && GMIME_IS_MESSAGE_PART(object)) {
        if (GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object))) {
            const Place inside{bodyBegin, end, place.depth + 1, place.inMessage + 1, place.boundaries};
            part.children.append(messageEntity(inner, path, inside));
        }
    }
    if (part.isLeaf() && m_depth == BuildDepth::Full) {
        DecodeReport report;
        const QByteArray bytes = decodeTransfer(QByteArrayView(m_raw).sliced(part.bodyRange.begin, part.bodyRange.size()),
                                                transferEncodingFromName(part.transferEncoding), &report);
        part.decodedSize = bytes.size();
        part.decodedSha256 = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
        lintLeaf(part, bytes, report, &m_diagnostics);
    }
    return part;
}

void Builder::addChildren(GMimeMultipart *multipart, Part *part, const Place &place)
{
    const QByteArray boundary = g_mime_multipart_get_boundary(multipart);
    QList<QByteArray> boundaries = place.boundaries;
    if (!boundary.isEmpty())
        boundaries.prepend(boundary);
    const qint64 end = part->bodyRange.end;
    // RFC 2046 5.1.1: a delimiter line of this boundary ends whatever is open, so a child
    // multipart declaring the same boundary holds no parts (as Python's email and Thunderbird
    // read it); GMime nests what follows inside it, and it is lifted back here.
    QList<GMimeObject *> children;
    const auto flatten = [&](auto &self, GMimeObject *child) -> void {
        children.append(child);
        if (boundary.isEmpty() || !GMIME_IS_MULTIPART(child) || boundary != g_mime_multipart_get_boundary(GMIME_MULTIPART(child)))
            return;
        m_hollow.insert(child);
        for (int i = 0, n = g_mime_multipart_get_count(GMIME_MULTIPART(child)); i < n; ++i)
            self(self, g_mime_multipart_get_part(GMIME_MULTIPART(child), i));
    };
    for (int i = 0, n = g_mime_multipart_get_count(multipart); i < n; ++i)
        flatten(flatten, g_mime_multipart_get_part(multipart, i));
    const int count = int(children.size());
    // Each child starts after its delimiter line and ends at the line break before the next
    // one; GMime's offsets say which delimiter line belongs to which child.
    QList<qint64> delimiters;
    qint64 floor = part->bodyRange.begin;
    for (int i = 0; i < count; ++i) {
        const qint64 first = m_buffer.toRaw(firstOffset(children[i]));
        const qint64 d = boundary.isEmpty() || first < floor ? -1 : delimiterBefore(m_raw, boundary, first, floor);
        delimiters.append(d);
        floor = qMax(floor, d < 0 ? first : d + 1);
    }
    floor = part->bodyRange.begin;
    for (int i = 0; i < count; ++i) {
        if (m_parts >= m_limits.maxParts) {
            limitReached(QStringLiteral("limit-parts"),
                         QStringLiteral("The message has more than %1 MIME parts; the rest are not listed.")
                             .arg(m_limits.maxParts),
                         floor, part->path);
            return;
        }
        GMimeObject *child = children[i];
        const qint64 first = m_buffer.toRaw(firstOffset(child));
        // GMime's offsets may point past where this multipart ends (a hostile message): clamp.
        const qint64 begin = qMin(qMax(floor, delimiters[i] >= 0 ? nextLine(m_raw, delimiters[i]) : first), end);
        qint64 next = i + 1 < count && delimiters[i + 1] >= begin && delimiters[i + 1] <= end ? delimiters[i + 1] : -1;
        // The first delimiter line ends the part, also when GMime went on to the next one
        // (back-to-back delimiter lines around an empty part it dropped).
        const QList<QByteArray> own{boundary};
        if (next < 0 || nextDelimiter(m_raw, begin, next, own) >= 0) {
            QList<QByteArray> deeper;
            collectBoundaries(child, &deeper);
            next = next < 0 ? nextDelimiter(m_raw, begin, end, boundaries, deeper)
                            : nextDelimiter(m_raw, begin, next + 1, own, deeper);
        }
        // Without a closing delimiter the last part runs to the end of the message, less the
        // final line break (once: an enclosing part ending there has taken it already).
        const qint64 childEnd = qMin(next >= 0 ? beforeLineBreak(m_raw, next, begin)
                                               : (end == m_raw.size() ? beforeLineBreak(m_raw, end, begin) : end),
                                     end);
        const Place inside{begin, childEnd, place.depth + 1, place.inMessage, boundaries};
        part->children.append(entity(child, joinPath(part->path, i + 1), inside, false));
        floor = childEnd;
    }
    mendUnseenParts(multipart, *part, boundaries);
}

// GMime drops a part whose header section it cannot read (a long line that is no field where
// the blank line should be); its header section is mended too, so that the next round sees it.
void Builder::mendUnseenParts(GMimeMultipart *multipart, const Part &part, const QList<QByteArray> &boundaries)
{
    if (boundaries.isEmpty() || !g_mime_multipart_get_boundary(multipart))
        return;
    QList<QByteArray> deeper;
    collectBoundaries(GMIME_OBJECT(multipart), &deeper);
    const QByteArray dashes = "--" + boundaries.first();
    const qint64 end = part.bodyRange.end;
    for (qint64 d = nextDelimiter(m_raw, part.bodyRange.begin, end, {boundaries.first()}, deeper); d >= 0;
         d = nextDelimiter(m_raw, d + 1, end, {boundaries.first()}, deeper)) {
        if (QByteArrayView(m_raw).sliced(d + dashes.size()).startsWith("--"))
            break; // the closing delimiter
        const qint64 begin = nextLine(m_raw, d);
        bool seen = false;
        for (const Part &child : part.children)
            seen |= child.headerRange.begin == begin;
        if (seen)
            continue;
        const qint64 next = nextDelimiter(m_raw, begin, end, boundaries, deeper);
        mend(scanHeaderBlock(m_raw, begin, next < 0 ? end : next, m_limits.maxHeaderBytes));
    }
}

Part Builder::bodyOnly()
{
    Part part;
    part.path = QStringLiteral("1");
    part.contentType = QStringLiteral("text/plain");
    // Whatever was dropped for GMime (nameless lines) is header; the rest is body.
    qint64 begin = 0;
    for (const PatchedBuffer::Change &c : m_buffer.changes()) {
        if (c.pos == begin && c.edit == PatchedBuffer::Edit::Drop)
            begin += c.length;
    }
    part.headerRange = {0, begin};
    part.bodyRange = {begin, m_raw.size()};
    if (m_depth == BuildDepth::Full) {
        const QByteArray body = m_raw.mid(begin);
        part.decodedSize = body.size();
        part.decodedSha256 = QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex();
    }
    m_diagnostics.append({Severity::Error, QStringLiteral("no-header"),
                          QStringLiteral("GMime found no message in these bytes; all of it is shown as a plain "
                                         "text body."),
                          QStringLiteral("RFC 5322 2.1"), 0, QString()});
    return part;
}

// GMime reads on past a line that is no header field; mend such header sections and parse
// again, so that the tree is the one most readers (and RFC 5322 2.1) see. Each round mends
// at least one more place; a few rounds cover anything but a contrived message.
ParsedMessage Builder::run()
{
    ensureGMime();
    // GMime skips an mbox From_ line itself but then counts offsets from after it.
    if (m_raw.startsWith("From ")) {
        const qsizetype nl = m_raw.indexOf('\n');
        m_buffer.add({0, PatchedBuffer::Edit::Drop, nl < 0 ? m_raw.size() : nl + 1});
    }
    constexpr int kMaxRounds = 6;
    ParsedMessage message;
    for (int round = 0; round < kMaxRounds; ++round) {
        m_pending.clear();
        message = once();
        // Offsets of this round map through this round's buffer: change it only now.
        bool mended = false;
        for (const PatchedBuffer::Change &c : std::as_const(m_pending))
            mended |= m_buffer.add(c);
        if (!mended)
            break;
    }
    m_diagnostics += mendingFindings(m_raw, m_buffer.changes());
    // The parser's first, then the address parser's, less what both said about one field.
    QList<Diagnostic> all = m_diagnostics;
    for (const Diagnostic &d : std::as_const(message.diagnostics)) {
        if (std::none_of(m_diagnostics.cbegin(), m_diagnostics.cend(),
                         [&](const Diagnostic &seen) { return seen.code == d.code && seen.offset == d.offset; }))
            all.append(d);
    }
    message.diagnostics = all;
    return message;
}

void Builder::mend(const HeaderBlock &block)
{
    for (const ByteRange &r : block.nameless)
        m_pending.append({r.begin, PatchedBuffer::Edit::Drop, r.size()});
    if (block.bodyWithoutBlank >= 0)
        m_pending.append({block.bodyWithoutBlank, PatchedBuffer::Edit::InsertBlankLine, 0});
}

ParsedMessage Builder::once()
{
    m_diagnostics.clear();
    m_hollow.clear();
    m_parts = 0;
    m_top = {};
    ParsedMessage message;
    message.size = m_raw.size();
    const QByteArray &bytes = m_buffer.bytes();
    // GMime reads the bytes where they are: a stream made from a buffer would copy all of them
    // (50 MiB for a large message), and persisted parts are substreams of this one. The array
    // outlives every stream here, and the streams only read it.
    const bool wrap = bytes.size() <= qsizetype(std::numeric_limits<guint>::max());
    GByteArray view{reinterpret_cast<guint8 *>(const_cast<char *>(bytes.constData())), wrap ? guint(bytes.size()) : 0};
    GObjectPtr<GMimeStream> stream(wrap ? g_mime_stream_mem_new()
                                        : g_mime_stream_mem_new_with_buffer(bytes.constData(), size_t(bytes.size())));
    if (wrap)
        g_mime_stream_mem_set_byte_array(GMIME_STREAM_MEM(stream.get()), &view); // not owned
    GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    g_mime_parser_set_persist_stream(parser.get(), TRUE); // bodies stay offsets into the bytes
    GObjectPtr<GMimeMessage> parsed(g_mime_parser_construct_message(parser.get(), m_options));
    if (parsed) {
        message.root = messageEntity(parsed.get(), QString(), Place{0, m_raw.size(), 0, 0, {}});
        readMessageFields(m_raw, m_top, &message, m_depth == BuildDepth::Full);
    } else {
        // GMime gives up when the first line is no header field: mend that, or show it all as body.
        mend(scanHeaderBlock(m_raw, 0, m_raw.size(), m_limits.maxHeaderBytes, true));
        message.root = bodyOnly();
    }
    return message;
}

} // namespace

namespace {

// The entities that ran to the end of what was parsed hold the rest of the message, unparsed.
void extendTo(Part *part, qint64 cut, qint64 size)
{
    if (part->bodyRange.end == cut)
        part->bodyRange.end = size;
    for (Part &child : part->children)
        extendTo(&child, cut, size);
}

} // namespace

ParsedMessage buildTree(const QByteArray &raw, const Limits &limits, BuildDepth depth)
{
    // A structure past the limits is cut before anything reads it, so parsing costs what a
    // message at the limits costs however deep or wide the rest goes.
    const StructureCut cut = scanStructure(raw, limits);
    if (cut.limit == StructureCut::Limit::None)
        return Builder(raw, limits, depth).run();
    const QByteArray head = raw.first(cut.offset);
    ParsedMessage message = Builder(head, limits, depth).run();
    extendTo(&message.root, cut.offset, raw.size());
    message.size = raw.size();
    message.diagnostics.append({Severity::Warning, QStringLiteral("limit-parse-stopped"),
                                cut.limit == StructureCut::Limit::Depth
                                    ? QStringLiteral("The MIME structure nests deeper than %1 levels; parsing stopped "
                                                     "here and the rest of the message is not read as MIME.")
                                          .arg(limits.maxDepth)
                                    : QStringLiteral("The message has more than %1 MIME parts; parsing stopped here "
                                                     "and the rest of the message is not read as MIME.")
                                          .arg(limits.maxParts),
                                QString(), cut.offset, QString()});
    return message;
}

} // namespace Mime
