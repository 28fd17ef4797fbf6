#include "transcriptpages.h"

#include "transcriptchunk.h"

#include <QVariant>

#include <algorithm>

namespace Store {

namespace {

constexpr qsizetype kCachedChunks = 64; // a part rarely needs more; the cache starts over past it

qint64 chunkOf(qint64 lineId)
{
    return lineId / TranscriptChunk::kLineSlots;
}

} // namespace

TranscriptPages::TranscriptPages(const QSqlDatabase &db, qint64 sessionId)
    : m_sessionId(sessionId), m_read(db)
{
    QSqlQuery chain(db);
    chain.setForwardOnly(true);
    chain.prepare(TranscriptChunk::chainSql(QLatin1StringView("id = ?")) + QLatin1StringView("SELECT id FROM chain"));
    chain.addBindValue(sessionId);
    if (chain.exec()) {
        while (chain.next())
            m_chain.append(chain.value(0).toLongLong());
    }
    std::reverse(m_chain.begin(), m_chain.end()); // the walk goes from the last chunk back
    m_read.setForwardOnly(true);
    m_read.prepare(QStringLiteral("SELECT data FROM transcript_chunks WHERE id = ? AND session_id = ?"));
}

qsizetype TranscriptPages::indexOfLine(qint64 lineId) const
{
    const auto it = std::lower_bound(m_chain.cbegin(), m_chain.cend(), chunkOf(lineId));
    return it != m_chain.cend() && *it == chunkOf(lineId) ? it - m_chain.cbegin() : -1;
}

const QList<Records::TranscriptLine> &TranscriptPages::chunk(qsizetype index)
{
    const auto cached = m_cache.constFind(index);
    if (cached != m_cache.cend())
        return *cached;
    if (m_cache.size() >= kCachedChunks)
        m_cache.clear();
    QList<Records::TranscriptLine> &lines = m_cache[index];
    const qint64 id = m_chain.at(index);
    m_read.bindValue(0, id);
    m_read.bindValue(1, m_sessionId);
    if (m_read.exec() && m_read.next()) {
        ++m_decoded;
        if (!TranscriptChunk::decode(m_read.value(0).toByteArray(), id, m_sessionId, &lines))
            qWarning("transcript chunk %lld of session %lld is damaged", id, m_sessionId);
    }
    m_read.finish();
    return lines;
}

qsizetype TranscriptPages::placeOf(const QList<Records::TranscriptLine> &lines, qint64 lineId) const
{
    const auto it = std::lower_bound(lines.cbegin(), lines.cend(), lineId,
                                     [](const Records::TranscriptLine &l, qint64 id) { return l.id < id; });
    return it - lines.cbegin();
}

QList<Records::TranscriptLine> TranscriptPages::first(int count)
{
    return m_chain.isEmpty() ? QList<Records::TranscriptLine>() : after(m_chain.first() * TranscriptChunk::kLineSlots - 1, count);
}

QList<Records::TranscriptLine> TranscriptPages::last(int count)
{
    return m_chain.isEmpty() ? QList<Records::TranscriptLine>() : before((m_chain.last() + 1) * TranscriptChunk::kLineSlots, count);
}

QList<Records::TranscriptLine> TranscriptPages::before(qint64 lineId, int count)
{
    QList<Records::TranscriptLine> out; // newest first until the end
    auto index = std::upper_bound(m_chain.cbegin(), m_chain.cend(), chunkOf(lineId)) - m_chain.cbegin() - 1;
    for (; index >= 0 && out.size() < count; --index) {
        const QList<Records::TranscriptLine> &lines = chunk(index);
        for (qsizetype i = placeOf(lines, lineId) - 1; i >= 0 && out.size() < count; --i)
            out.append(lines.at(i));
    }
    std::reverse(out.begin(), out.end());
    return out;
}

QList<Records::TranscriptLine> TranscriptPages::after(qint64 lineId, int count)
{
    QList<Records::TranscriptLine> out;
    auto index = std::lower_bound(m_chain.cbegin(), m_chain.cend(), chunkOf(lineId)) - m_chain.cbegin();
    for (; index < m_chain.size() && out.size() < count; ++index) {
        const QList<Records::TranscriptLine> &lines = chunk(index);
        for (qsizetype i = placeOf(lines, lineId + 1); i < lines.size() && out.size() < count; ++i)
            out.append(lines.at(i));
    }
    return out;
}

bool TranscriptPages::hasBefore(qint64 lineId)
{
    return !before(lineId, 1).isEmpty();
}

bool TranscriptPages::hasAfter(qint64 lineId)
{
    return !after(lineId, 1).isEmpty();
}

qint64 TranscriptPages::scanForMessage(qsizetype from, qsizetype to, qint64 messageId)
{
    for (qsizetype index = from; index < to; ++index) {
        for (const Records::TranscriptLine &line : chunk(index)) {
            if (line.messageId == messageId)
                return line.id;
        }
    }
    return 0;
}

qint64 TranscriptPages::lineOfMessage(qint64 messageId)
{
    if (messageId <= 0)
        return 0;
    // Binary search over the chunks: a chunk without a message id defers to the next one that
    // has one inside the range.
    qsizetype lo = 0, hi = m_chain.size(); // the line is in [lo, hi) if anywhere
    while (lo < hi) {
        const qsizetype mid = lo + (hi - lo) / 2;
        qsizetype probe = mid;
        qint64 low = 0, high = 0;
        for (; probe < hi && !high; ++probe) {
            for (const Records::TranscriptLine &line : chunk(probe)) {
                if (line.messageId <= 0)
                    continue;
                if (line.messageId == messageId)
                    return line.id;
                low = low ? qMin(low, line.messageId) : line.messageId;
                high = qMax(high, line.messageId);
            }
        }
        if (!high || low > messageId)
            hi = mid; // nothing in [mid, hi) or all of it is later
        else if (high < messageId)
            lo = probe;
        else
            break; // the chunk spans the id without holding it: not ordered as expected
    }
    // Ids out of order (a clock or a writer this build does not know): look at every chunk.
    return scanForMessage(0, m_chain.size(), messageId);
}

} // namespace Store
