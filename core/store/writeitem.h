#pragma once

#include "records.h"

namespace Store {

// One thing waiting to be written, in the order producers enqueued it.
struct WriteItem
{
    enum class Kind { Start, Lines, Message, Update } kind;
    SessionRecord session;          // Start, Update
    QList<TranscriptLine> lines;    // Lines
    MessageRecord message;          // Message
};

} // namespace Store
