#include "scenarios.h"

namespace Faults {

namespace {

// Bounds the memory a long run or a flood of distinct triples can take; forgetting an old
// triple only means it is greylisted once more.
constexpr qsizetype kMaxEntries = 100000;
constexpr qint64 kForgetAfterMs = 24LL * 3600 * 1000;

} // namespace

bool Greylist::admit(const QByteArray &triple, qint64 nowMs, qint64 retryAfterMs)
{
    if (m_passed.contains(triple))
        return true;
    const auto it = m_firstSeen.constFind(triple);
    if (it == m_firstSeen.cend()) {
        if (m_firstSeen.size() >= kMaxEntries) {
            m_firstSeen.removeIf([nowMs](const auto &entry) { return nowMs - entry.value() > kForgetAfterMs; });
            if (m_firstSeen.size() >= kMaxEntries)
                m_firstSeen.clear();
        }
        m_firstSeen.insert(triple, nowMs);
        return false;
    }
    if (nowMs - it.value() < retryAfterMs)
        return false;
    m_firstSeen.remove(triple);
    if (m_passed.size() >= kMaxEntries)
        m_passed.clear();
    m_passed.insert(triple);
    return true;
}

bool RateWindow::admit(const QByteArray &key, qint64 nowMs, int limit, qint64 windowMs)
{
    QList<qint64> &times = m_times[key];
    times.removeIf([&](qint64 t) { return nowMs - t >= windowMs; });
    if (times.size() >= limit) {
        return false;
    }
    times.append(nowMs);
    if (m_times.size() > kMaxEntries)
        m_times.removeIf([&](const auto &entry) { return entry.value().isEmpty() || nowMs - entry.value().last() >= windowMs; });
    return true;
}

bool QuotaLedger::isFull(const QByteArray &recipient, qint64 maxMessages, qint64 maxBytes) const
{
    const Usage u = m_usage.value(recipient);
    return (maxMessages > 0 && u.messages >= maxMessages) || (maxBytes > 0 && u.bytes >= maxBytes);
}

void QuotaLedger::record(const QByteArray &recipient, qint64 bytes)
{
    Usage &u = m_usage[recipient];
    ++u.messages;
    u.bytes += bytes;
}

} // namespace Faults
