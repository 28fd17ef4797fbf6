#include "transcriptchunk.h"

#include <utility>

namespace Store::TranscriptChunk {

namespace {

// Layout: one format octet, then for each line: the time as a signed difference from the line
// before (the first from 0), the kind (Records::LineKind; 0, 1 and 2 were the directions
// client, server and note, and mean the same as kinds), the message id (0: none) and the
// length, each a little-endian base-128 varint (signed values zigzag-coded), followed by the
// line's bytes.
constexpr char kFormat = 1;

void putVarint(QByteArray &out, quint64 value)
{
    while (value >= 0x80) {
        out.append(char(value | 0x80));
        value >>= 7;
    }
    out.append(char(value));
}

quint64 zigzag(qint64 value)
{
    return (quint64(value) << 1) ^ quint64(value >> 63);
}

qint64 unzigzag(quint64 value)
{
    return qint64(value >> 1) ^ -qint64(value & 1);
}

class Cursor
{
public:
    explicit Cursor(QByteArrayView bytes) : m_p(bytes.data()), m_end(bytes.data() + bytes.size()) {}
    bool atEnd() const { return m_p == m_end; }
    bool varint(quint64 *value)
    {
        quint64 v = 0;
        for (int shift = 0; shift < 64 && m_p < m_end; shift += 7) {
            const auto octet = quint8(*m_p++);
            v |= quint64(octet & 0x7f) << shift;
            if (!(octet & 0x80)) {
                *value = v;
                return true;
            }
        }
        return false;
    }
    bool bytes(quint64 size, QByteArray *out)
    {
        if (size > quint64(m_end - m_p))
            return false;
        *out = QByteArray(m_p, qsizetype(size));
        m_p += size;
        return true;
    }
    bool octet(char *out)
    {
        if (m_p == m_end)
            return false;
        *out = *m_p++;
        return true;
    }

private:
    const char *m_p;
    const char *m_end;
};

} // namespace

void Encoder::append(const Records::TranscriptLine &line)
{
    if (m_lines == 0)
        m_out.append(kFormat);
    putVarint(m_out, zigzag(line.timeUs - m_previousUs));
    m_previousUs = line.timeUs;
    putVarint(m_out, quint64(line.kind));
    putVarint(m_out, quint64(qMax<qint64>(line.messageId, 0)));
    putVarint(m_out, quint64(line.data.size()));
    m_out.append(line.data);
    ++m_lines;
    m_bytes += line.data.size();
}

QByteArray Encoder::take()
{
    m_lines = 0;
    m_bytes = 0;
    m_previousUs = 0;
    return std::exchange(m_out, {});
}

QByteArray encode(const Records::TranscriptLine *lines, qsizetype count)
{
    Encoder chunk;
    for (qsizetype i = 0; i < count; ++i)
        chunk.append(lines[i]);
    return chunk.take();
}

bool decode(QByteArrayView chunk, qint64 chunkId, qint64 sessionId, QList<Records::TranscriptLine> *lines)
{
    Cursor in(chunk);
    char format = 0;
    if (!in.octet(&format) || format != kFormat)
        return false;
    qint64 time = 0;
    for (qint64 index = 0; !in.atEnd(); ++index) {
        quint64 delta = 0, kind = 0, messageId = 0, size = 0;
        Records::TranscriptLine line;
        if (index >= kLineSlots || !in.varint(&delta) || !in.varint(&kind) || kind >= quint64(Records::kLineKindCount)
            || !in.varint(&messageId) || !in.varint(&size) || !in.bytes(size, &line.data))
            return false;
        time += unzigzag(delta);
        line.id = chunkId * kLineSlots + index;
        line.sessionId = sessionId;
        line.timeUs = time;
        line.kind = static_cast<Records::LineKind>(kind);
        line.messageId = qint64(messageId);
        lines->append(std::move(line));
    }
    return true;
}

QString chainSql(QLatin1StringView sessionCondition)
{
    return QLatin1StringView("WITH RECURSIVE chain(id) AS (SELECT last_chunk_id FROM sessions WHERE last_chunk_id IS NOT NULL AND (")
        + sessionCondition
        + QLatin1StringView(") UNION ALL SELECT c.prev_id FROM transcript_chunks c JOIN chain ON c.id = chain.id"
                            " WHERE c.prev_id < c.id) ");
}

} // namespace Store::TranscriptChunk
