#pragma once

#include "records/commitbatch.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Store::TranscriptChunk {

// A session's transcript is stored as chunks: the lines one commit brought for that session,
// packed into one row of transcript_chunks. A line's id is its chunk's id times kLineSlots
// plus its place in the chunk, so ids grow with the transcript as row ids did.
constexpr qint64 kLineSlots = 65536; // lines per chunk at most
constexpr qsizetype kMaxBytes = 1024 * 1024; // and about this many octets: a flood takes several rows

// Packs lines into one chunk, in order: their times, kinds, message ids and exact bytes.
class Encoder
{
public:
    // Whether a line of `size` octets still goes into this chunk (an empty chunk takes any line,
    // however long).
    bool fits(qsizetype size) const
    {
        return m_lines == 0 || (m_lines < kLineSlots && m_bytes + size <= kMaxBytes);
    }
    void append(const Records::TranscriptLine &line);
    bool isEmpty() const { return m_lines == 0; }
    QByteArray take(); // the chunk so far; the encoder starts a new one

private:
    QByteArray m_out;
    qsizetype m_lines = 0;
    qsizetype m_bytes = 0;
    qint64 m_previousUs = 0;
};

// The chunk of these lines, all in one.
QByteArray encode(const Records::TranscriptLine *lines, qsizetype count);

// The lines of a chunk, with their ids and the session id filled in; false when the bytes are
// not a chunk this build can read (lines then holds what came before the damage).
bool decode(QByteArrayView chunk, qint64 chunkId, qint64 sessionId, QList<Records::TranscriptLine> *lines);

// SQL that opens a statement with the common table expression `chain`: the ids of every chunk
// of the sessions `sessionCondition` (an expression over the sessions table) selects. A
// session's chunks form a chain from its last_chunk_id back along prev_id, which always names
// a smaller id, so a damaged chain cannot loop.
QString chainSql(QLatin1StringView sessionCondition);

} // namespace Store::TranscriptChunk
