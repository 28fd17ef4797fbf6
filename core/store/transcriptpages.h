#pragma once

#include "records/transcript.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>

namespace Store {

// One session's transcript read a part at a time, so that a connection that carried thousands
// of messages costs what the part shown costs. It walks the session's chain of chunks once
// (their ids only, not their bytes), then decodes only the chunks a part needs. Lines are
// named by their ids (TranscriptChunk: chunk id × kLineSlots + place). Lives on the thread of
// the connection it is given; sees the chain as it was when made.
class TranscriptPages
{
public:
    TranscriptPages(const QSqlDatabase &db, qint64 sessionId);

    qint64 sessionId() const { return m_sessionId; }
    qsizetype chunkCount() const { return m_chain.size(); }

    // Up to count lines from the session's first / up to its last, in order.
    QList<Records::TranscriptLine> first(int count);
    QList<Records::TranscriptLine> last(int count);
    // Up to count lines just before / just after the line lineId, in order, without it.
    QList<Records::TranscriptLine> before(qint64 lineId, int count);
    QList<Records::TranscriptLine> after(qint64 lineId, int count);

    // The id of the line that stands for the message's data (it carries the message's id), 0
    // when the transcript has none. Message ids grow along a session's transcript, so this
    // decodes a few chunks (a binary search), not all of them.
    qint64 lineOfMessage(qint64 messageId);

    // Whether lines exist before / after the line lineId.
    bool hasBefore(qint64 lineId);
    bool hasAfter(qint64 lineId);

    // Chunks decoded so far: tests check that a part costs a part.
    int chunksDecoded() const { return m_decoded; }

private:
    qsizetype indexOfLine(qint64 lineId) const; // of its chunk in m_chain, -1 when not there
    const QList<Records::TranscriptLine> &chunk(qsizetype index);
    qsizetype placeOf(const QList<Records::TranscriptLine> &lines, qint64 lineId) const;
    qint64 scanForMessage(qsizetype from, qsizetype to, qint64 messageId);

    qint64 m_sessionId;
    QSqlQuery m_read;
    QList<qint64> m_chain;                                  // chunk ids, oldest first
    QHash<qsizetype, QList<Records::TranscriptLine>> m_cache; // decoded chunks by index
    int m_decoded = 0;
};

} // namespace Store
