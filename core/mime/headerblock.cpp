#include "headerblock.h"

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

HeaderBlock scanHeaderBlock(const QByteArray &raw, qint64 begin, qint64 limit, qint64 maxBytes)
{
    HeaderBlock block;
    limit = qMin(limit, qint64(raw.size()));
    qint64 pos = qMax(qint64(0), begin);
    block.range = {pos, pos};
    block.bodyBegin = limit;
    const char *data = raw.constData();
    while (pos < limit) {
        const qsizetype nl = raw.indexOf('\n', pos);
        const qint64 next = (nl < 0 || nl >= limit) ? limit : nl + 1;
        qint64 contentEnd = (nl < 0 || nl >= limit) ? limit : nl;
        if (contentEnd > pos && data[contentEnd - 1] == '\r')
            --contentEnd;
        if (contentEnd == pos && next > pos && (nl >= 0 && nl < limit)) {
            block.blankLine = true;
            block.bodyBegin = next;
            return block;
        }
        const bool continuation = (data[pos] == ' ' || data[pos] == '\t') && !block.fields.isEmpty();
        if (continuation) {
            RawField &f = block.fields.last();
            f.range.end = next;
            f.valueRange.end = contentEnd;
        } else {
            if (pos - block.range.begin >= maxBytes) {
                block.truncated = true;
                block.bodyBegin = limit;
                return block;
            }
            RawField f;
            const QByteArrayView line(data + pos, contentEnd - pos);
            const qsizetype colon = line.indexOf(':');
            if (colon >= 0) {
                QByteArrayView name = line.first(colon);
                while (!name.isEmpty() && (name.back() == ' ' || name.back() == '\t'))
                    name.chop(1); // obs-optional: "Subject : x" (RFC 5322 4.5)
                f.validName = isFieldName(name);
                f.name = name.toByteArray();
                f.valueRange = {pos + colon + 1, contentEnd};
            } else {
                f.valueRange = {pos, contentEnd};
            }
            f.range = {pos, next};
            block.fields.append(f);
        }
        block.range.end = next;
        pos = next;
    }
    return block;
}

QByteArray unfold(QByteArrayView value)
{
    QByteArray out;
    out.reserve(value.size());
    for (char c : value) {
        if (c != '\r' && c != '\n')
            out.append(c);
    }
    return out.trimmed();
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
