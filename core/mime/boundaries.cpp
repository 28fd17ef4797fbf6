#include "boundaries.h"

#include <QByteArrayView>

#include <cstring>

namespace Mime {

namespace {
bool isLineStart(const QByteArray &raw, qint64 pos)
{
    return pos == 0 || raw.at(pos - 1) == '\n';
}

// The first place in [from, to) where needle starts (it may run on past to), or -1. The search
// never looks beyond: in a message of tens of MiB, a search that ran to the end for every part
// would cost the whole message each time.
qint64 findBetween(const QByteArray &raw, const QByteArray &needle, qint64 from, qint64 to)
{
    const qint64 end = qMin<qint64>(raw.size(), to + needle.size() - 1);
    if (from < 0 || needle.isEmpty() || end - from < needle.size())
        return -1;
    const void *hit = ::memmem(raw.constData() + from, size_t(end - from), needle.constData(), size_t(needle.size()));
    return hit ? static_cast<const char *>(hit) - raw.constData() : -1;
}
} // namespace

qint64 beforeLineBreak(const QByteArray &raw, qint64 pos, qint64 floor)
{
    if (pos > floor && raw.at(pos - 1) == '\n')
        --pos;
    if (pos > floor && raw.at(pos - 1) == '\r')
        --pos;
    return pos;
}

bool isDelimiterAt(const QByteArray &raw, qint64 pos, const QByteArray &dashes)
{
    return isLineStart(raw, pos) && QByteArrayView(raw).sliced(pos).startsWith(dashes);
}

qint64 nextDelimiter(const QByteArray &raw, qint64 from, qint64 to, const QList<QByteArray> &boundaries,
                     const QList<QByteArray> &deeper)
{
    qint64 best = -1;
    for (const QByteArray &b : boundaries) {
        const QByteArray dashes = "--" + b;
        for (qint64 pos = from; (pos = findBetween(raw, dashes, pos, best < 0 ? to : qMin(to, best))) >= 0; ++pos) {
            if (!isDelimiterAt(raw, pos, dashes))
                continue;
            bool inner = false;
            for (const QByteArray &d : deeper)
                inner |= d.size() > b.size() && QByteArrayView(raw).sliced(pos + 2).startsWith(d);
            if (!inner) {
                best = pos;
                break;
            }
        }
    }
    return best;
}

qint64 delimiterBefore(const QByteArray &raw, const QByteArray &boundary, qint64 pos, qint64 floor)
{
    const QByteArray dashes = "--" + boundary;
    floor = qMax<qint64>(floor, 0);
    for (qint64 at = qMin<qint64>(pos, raw.size() - 1); at >= floor; --at) {
        // Only the bytes from floor on are searched, not everything before pos.
        const qint64 found = QByteArrayView(raw).sliced(floor, qMin<qint64>(raw.size(), at + dashes.size()) - floor)
                                 .lastIndexOf(dashes);
        if (found < 0)
            return -1;
        at = floor + found;
        if (isDelimiterAt(raw, at, dashes))
            return at;
    }
    return -1;
}

qint64 nextLine(const QByteArray &raw, qint64 pos)
{
    const qsizetype nl = raw.indexOf('\n', pos);
    return nl < 0 ? raw.size() : nl + 1;
}

} // namespace Mime
