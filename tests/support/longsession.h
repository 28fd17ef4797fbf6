#pragma once

#include "records/transcript.h"

#include <QList>

namespace Store {
class Writer;
}

namespace Test {

// A connection that carried many messages, written as Mailscope's server writes one: its
// opening (greeting, EHLO and the reply's lines), then for each message MAIL, RCPT and DATA
// with their replies, the message with its data line, and its 250 in the commit after (a
// commit per message, as a client that waits for each 250 brings them); QUIT at the end
// unless the connection is to stay open.
struct LongSession
{
    qint64 sessionId = 0;
    QList<qint64> messageIds; // oldest first
};

LongSession writeLongSession(Store::Writer &writer, int messages, bool quit = true);

// The subject of the message number i (from 0) of a long session.
QByteArray longSessionSubject(int i);

} // namespace Test
