#include "commitbatch.h"

#include <algorithm>

namespace Records {

void CommitBatch::append(const CommitBatch &other)
{
    started += other.started;
    lines += other.lines;
    messages += other.messages;
    acks += other.acks;
    updated += other.updated;
    ended += other.ended;
    removed += other.removed;
    analysed += other.analysed;
    tagsChanged += other.tagsChanged;
    seen += other.seen;
    messagesRemovedUpTo = std::max(messagesRemovedUpTo, other.messagesRemovedUpTo);
    sessionsRemovedUpTo = std::max(sessionsRemovedUpTo, other.sessionsRemovedUpTo);
}

} // namespace Records
