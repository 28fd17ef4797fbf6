#include "boundaries.h"

#include <QByteArrayView>

namespace Mime {

namespace {
bool isLineStart(const QByteArray &raw, qint64 pos)
{
    return pos == 0 || raw.at(pos - 1) == '\n';
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
        for (qint64 pos = from; (pos = raw.indexOf(dashes, pos)) >= 0 && pos < to && (best < 0 || pos < best); ++pos) {
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
    for (qint64 at = pos; at >= floor && (at = raw.lastIndexOf(dashes, at)) >= floor; --at) {
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
