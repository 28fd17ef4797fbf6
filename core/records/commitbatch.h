#pragma once

#include "message.h"
#include "session.h"
#include "transcript.h"

#include <QList>
#include <QMetaType>
#include <QPair>

namespace Records {

// Everything one commit made durable, in order, with database ids.
struct CommitBatch
{
    QList<SessionRecord> started;
    QList<TranscriptLine> lines;
    QList<MessageSummary> messages;
    QList<StoredAck> acks;
    QList<SessionRecord> updated; // sessions still open whose facts changed: each once, as it is now
    QList<SessionRecord> ended;
    QList<qint64> removed;      // messages deleted by request, in no order
    qint64 messagesRemovedUpTo = 0; // every message with an id up to this one was deleted
    qint64 sessionsRemovedUpTo = 0; // every ended session with an id up to this one was deleted
    QList<QPair<qint64, int>> analysed; // messages whose body and lint were added after ingest: id, lint
    QList<qint64> tagsChanged;  // messages whose tags were set, renamed or deleted, in no order
    QList<QPair<qint64, bool>> seen; // messages whose read state changed: id, read now

    bool isEmpty() const
    {
        return started.isEmpty() && lines.isEmpty() && messages.isEmpty() && acks.isEmpty() && updated.isEmpty()
            && ended.isEmpty()
            && removed.isEmpty() && messagesRemovedUpTo == 0 && sessionsRemovedUpTo == 0 && analysed.isEmpty()
            && tagsChanged.isEmpty() && seen.isEmpty();
    }
    void append(const CommitBatch &other);
};

} // namespace Records

Q_DECLARE_METATYPE(Records::CommitBatch)
