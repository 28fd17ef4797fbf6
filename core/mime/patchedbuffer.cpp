#include "patchedbuffer.h"

#include <algorithm>

namespace Mime {

bool PatchedBuffer::add(const Change &change)
{
    auto at = std::lower_bound(m_changes.begin(), m_changes.end(), change,
                               [](const Change &a, const Change &b) { return a.pos < b.pos; });
    for (auto it = at; it != m_changes.end() && it->pos == change.pos; ++it) {
        if (it->edit == change.edit)
            return false;
    }
    m_changes.insert(at, change);
    m_stale = true;
    return true;
}

const QByteArray &PatchedBuffer::bytes() const
{
    if (m_stale)
        rebuild();
    return m_bytes;
}

void PatchedBuffer::rebuild() const
{
    m_stale = false;
    m_bytes.clear();
    m_bytes.reserve(m_raw.size() + m_changes.size());
    m_segments.clear();
    qint64 cursor = 0;
    for (const Change &c : std::as_const(m_changes)) {
        if (c.pos < cursor)
            continue; // inside a dropped range
        m_segments.append({m_bytes.size(), cursor, true});
        m_bytes.append(m_raw.constData() + cursor, c.pos - cursor);
        if (c.edit == Edit::InsertBlankLine) {
            m_segments.append({m_bytes.size(), c.pos, false});
            m_bytes.append('\n');
            cursor = c.pos;
        } else {
            cursor = qMin(c.pos + c.length, qint64(m_raw.size()));
        }
    }
    m_segments.append({m_bytes.size(), cursor, true});
    m_bytes.append(m_raw.constData() + cursor, m_raw.size() - cursor);
}

qint64 PatchedBuffer::toRaw(qint64 offset) const
{
    if (m_stale)
        rebuild();
    if (offset < 0 || m_segments.isEmpty())
        return offset;
    const auto after = std::upper_bound(m_segments.cbegin(), m_segments.cend(), offset,
                                        [](qint64 o, const Segment &s) { return o < s.bufferStart; });
    const Segment &s = *(after - 1);
    return qMin(s.advances ? s.rawStart + (offset - s.bufferStart) : s.rawStart, qint64(m_raw.size()));
}

} // namespace Mime
