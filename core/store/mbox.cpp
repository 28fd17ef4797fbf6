#include "mbox.h"

namespace Store::Mbox {

namespace {

bool isQuotedFrom(const char *line, qsizetype size)
{
    qsizetype i = 0;
    while (i < size && line[i] == '>')
        ++i;
    return i > 0 && size - i >= 5 && qstrncmp(line + i, "From ", 5) == 0;
}

} // namespace

bool looksLikeMbox(const QByteArray &data)
{
    return data.startsWith("From ");
}

QList<QByteArray> split(const QByteArray &data)
{
    QList<QByteArray> messages;
    QByteArray current;
    bool inMessage = false;
    bool previousBlank = true;
    qsizetype pos = 0;
    while (pos < data.size()) {
        qsizetype end = data.indexOf('\n', pos);
        end = end < 0 ? data.size() : end + 1;
        const char *line = data.constData() + pos;
        const qsizetype size = end - pos;
        if (previousBlank && size >= 5 && qstrncmp(line, "From ", 5) == 0) {
            if (inMessage) {
                // The blank line before a separator belongs to the mbox, not the message.
                if (current.endsWith("\r\n\r\n"))
                    current.chop(2);
                else if (current.endsWith("\n\n"))
                    current.chop(1);
                messages.append(current);
            }
            current.clear();
            inMessage = true;
        } else if (inMessage) {
            if (isQuotedFrom(line, size))
                current.append(line + 1, size - 1);
            else
                current.append(line, size);
        }
        const QByteArrayView view(line, size);
        previousBlank = view == "\n" || view == "\r\n";
        pos = end;
    }
    if (inMessage) {
        if (current.endsWith("\r\n\r\n"))
            current.chop(2);
        else if (current.endsWith("\n\n"))
            current.chop(1);
        messages.append(current);
    }
    return messages;
}

QList<QByteArray> messagesIn(const QByteArray &data)
{
    return looksLikeMbox(data) ? split(data) : QList<QByteArray>{data};
}

} // namespace Store::Mbox
