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
    if (!isLineStart(raw, pos) || !QByteArrayView(raw).sliced(pos).startsWith(dashes))
        return false;
    qint64 i = pos + dashes.size();
    if (i + 1 < raw.size() && raw.at(i) == '-' && raw.at(i + 1) == '-')
        i += 2;
    for (; i < raw.size() && raw.at(i) != '\n'; ++i) {
        if (raw.at(i) != ' ' && raw.at(i) != '\t' && raw.at(i) != '\r')
            return false;
    }
    return true;
}

qint64 nextDelimiter(const QByteArray &raw, qint64 from, qint64 to, const QList<QByteArray> &boundaries)
{
    qint64 best = -1;
    for (const QByteArray &b : boundaries) {
        const QByteArray dashes = "--" + b;
        for (qint64 pos = from; (pos = raw.indexOf(dashes, pos)) >= 0 && pos < to && (best < 0 || pos < best); ++pos) {
            if (isDelimiterAt(raw, pos, dashes)) {
                best = pos;
                break;
            }
        }
    }
    return best;
}

qint64 afterDelimiterBefore(const QByteArray &raw, const QByteArray &boundary, qint64 pos, qint64 floor)
{
    const QByteArray dashes = "--" + boundary;
    for (qint64 at = pos; at >= floor && (at = raw.lastIndexOf(dashes, at)) >= floor; --at) {
        if (isDelimiterAt(raw, at, dashes)) {
            const qsizetype nl = raw.indexOf('\n', at);
            return nl < 0 ? raw.size() : nl + 1;
        }
    }
    return -1;
}

} // namespace Mime
