#pragma once

#include <QByteArray>
#include <QList>

#include <optional>

namespace Smtp {

// One line of a server's reply as a client reads it (RFC 5321 4.2): the code, whether more
// lines of the same reply follow ("250-"), and the line exactly as read, CRLF included.
struct ReplyLine
{
    QByteArray bytes;
    int code = 0;               // 0 when the line does not start with three digits
    bool last = true;           // false for "code-" lines
    QByteArray text() const;    // after "code-" or "code ", without the line break
};

// Splits what a client reads from a server into reply lines, on any split of the input.
// Pure; the console client and the submitter read with it.
class ReplyReader
{
public:
    void append(const QByteArray &bytes) { m_buffer += bytes; }
    std::optional<ReplyLine> takeLine();
    void clear() { m_buffer.clear(); }

private:
    QByteArray m_buffer;
};

// The message's bytes as DATA carries them (RFC 5321 4.5.2): a dot doubled at the start of
// every line (after each CRLF), then the terminator, with a CRLF before it only when the
// message does not already end with one. The message itself is not otherwise changed.
QByteArray dataForWire(const QByteArray &message);

} // namespace Smtp
