#include "headerblock.h"

#include "encodedwords.h"

namespace Mime {

namespace {

// RFC 5322 2.2: printable US-ASCII except the colon.
bool isFieldName(QByteArrayView name)
{
    if (name.isEmpty())
        return false;
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 33 || u > 126 || c == ':')
            return false;
    }
    return true;
}

} // namespace

HeaderBlock scanHeaderBlock(const QByteArray &raw, qint64 begin, qint64 limit, qint64 maxBytes, bool fromLine)
{
    HeaderBlock block;
    limit = qMin(limit, qint64(raw.size()));
    qint64 pos = qMax(qint64(0), begin);
    block.range = {pos, pos};
    block.bodyBegin = limit;
    const char *data = raw.constData();
    while (pos < limit) {
        const qsizetype nl = raw.indexOf('\n', pos);
        const bool hasBreak = nl >= 0 && nl < limit;
        const qint64 next = hasBreak ? nl + 1 : limit;
        qint64 contentEnd = hasBreak ? nl : limit;
        if (contentEnd > pos && data[contentEnd - 1] == '\r')
            --contentEnd;
        if (contentEnd == pos && hasBreak) {
            block.blankLine = true;
            block.bodyBegin = next;
            return block;
        }
        const QByteArrayView line(data + pos, contentEnd - pos);
        const bool folded = data[pos] == ' ' || data[pos] == '\t';
        if (folded && !block.fields.isEmpty()) {
            RawField &f = block.fields.last();
            f.range.end = next;
            f.valueRange.end = contentEnd;
            if (!f.validName)
                block.nameless.last().end = next;
        } else if (folded || line.startsWith(':') || (fromLine && pos == begin && line.startsWith("From "))) {
            block.fields.append({QByteArray(), {pos, next}, {pos, contentEnd}, false});
            block.nameless.append({pos, next});
        } else {
            if (pos - block.range.begin >= maxBytes) {
                block.truncated = true;
                block.bodyBegin = limit;
                return block;
            }
            const qsizetype colon = line.indexOf(':');
            QByteArrayView name = colon >= 0 ? line.first(colon) : QByteArrayView();
            while (!name.isEmpty() && (name.back() == ' ' || name.back() == '\t'))
                name.chop(1); // obs-optional: "Subject : x" (RFC 5322 4.5)
            if (!isFieldName(name)) {
                block.bodyWithoutBlank = pos;
                block.bodyBegin = pos;
                return block;
            }
            block.fields.append({name.toByteArray(), {pos, next}, {pos + colon + 1, contentEnd}, true});
        }
        block.range.end = next;
        pos = next;
    }
    return block;
}

QByteArray unfold(QByteArrayView value)
{
    qsizetype i = 0;
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t' || value[i] == '\r' || value[i] == '\n'))
        ++i;
    value = value.sliced(i); // leading blanks, before and after a fold, are not part of the value
    if (!value.contains('\r') && !value.contains('\n'))
        return value.toByteArray();
    QByteArray out;
    out.reserve(value.size());
    for (char c : value) {
        if (c != '\r' && c != '\n')
            out.append(c);
    }
    return out; // trailing blanks are part of the value (RFC 5322 3.2.5)
}

bool isMediaType(QByteArrayView value)
{
    auto isToken = [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u > 32 && u < 127 && !QByteArrayView("()<>@,;:\\\"/[]?=").contains(c);
    };
    qsizetype i = 0;
    auto skipBlanks = [&] {
        while (i < value.size() && (value[i] == ' ' || value[i] == '\t' || value[i] == '\r' || value[i] == '\n'))
            ++i;
    };
    auto token = [&] {
        const qsizetype start = i;
        while (i < value.size() && isToken(value[i]))
            ++i;
        return i > start;
    };
    skipBlanks();
    if (!token())
        return false;
    skipBlanks();
    if (i >= value.size() || value[i] != '/')
        return false;
    ++i;
    skipBlanks();
    if (!token())
        return false;
    skipBlanks();
    return i == value.size() || value[i] == ';' || value[i] == '(';
}

QList<HeaderField> decodeFields(const QByteArray &raw, const HeaderBlock &block)
{
    QList<HeaderField> out;
    out.reserve(block.fields.size());
    for (const RawField &f : block.fields) {
        HeaderField h;
        h.name = f.name;
        h.range = f.range;
        h.raw = raw.mid(f.range.begin, f.range.size());
        const QByteArray value = unfold(QByteArrayView(raw).sliced(f.valueRange.begin, f.valueRange.size()));
        h.value = decodeHeaderText(value); // unfold() left the trailing blanks: they are content (RFC 5322 3.2.5)
        out.append(h);
    }
    return out;
}

QByteArray firstValue(const QByteArray &raw, const QList<RawField> &fields, QByteArrayView name)
{
    for (const RawField &f : fields) {
        if (f.validName && QByteArrayView(f.name).compare(name, Qt::CaseInsensitive) == 0)
            return unfold(QByteArrayView(raw).sliced(f.valueRange.begin, f.valueRange.size()));
    }
    return {};
}

} // namespace Mime
