#include "replyreader.h"

#include <cctype>

namespace Smtp {

QByteArray ReplyLine::text() const
{
    QByteArray t = bytes.mid(4);
    while (t.endsWith('\n') || t.endsWith('\r'))
        t.chop(1);
    return t;
}

std::optional<ReplyLine> ReplyReader::takeLine()
{
    const qsizetype newline = m_buffer.indexOf('\n');
    if (newline < 0)
        return std::nullopt;
    ReplyLine line;
    line.bytes = m_buffer.left(newline + 1);
    m_buffer.remove(0, newline + 1);
    const QByteArray &b = line.bytes;
    if (b.size() >= 3 && std::isdigit(uchar(b[0])) && std::isdigit(uchar(b[1])) && std::isdigit(uchar(b[2])))
        line.code = (b[0] - '0') * 100 + (b[1] - '0') * 10 + (b[2] - '0');
    line.last = !(b.size() > 3 && b[3] == '-');
    return line;
}

QByteArray dataForWire(const QByteArray &message)
{
    QByteArray wire;
    wire.reserve(message.size() + message.size() / 64 + 5);
    qsizetype from = 0;
    while (from < message.size()) {
        if (message[from] == '.')
            wire += '.';
        qsizetype end = message.indexOf("\r\n", from);
        end = end < 0 ? message.size() : end + 2;
        wire.append(message.constData() + from, end - from);
        from = end;
    }
    if (!message.isEmpty() && !message.endsWith("\r\n"))
        wire += "\r\n";
    wire += ".\r\n";
    return wire;
}

} // namespace Smtp
