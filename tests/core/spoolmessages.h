#pragma once

#include <QByteArray>
#include <QDir>
#include <QList>

namespace Test {

constexpr qint64 kMiB = 1024 * 1024;

// A message of exactly size octets: a header section, then lines of varied length, some
// beginning with a dot (stuffed on the wire), ending in CRLF where the size allows.
inline QByteArray spoolMessage(qint64 size)
{
    QByteArray m = "Subject: spooled\r\nX-Size: " + QByteArray::number(size) + "\r\n\r\n";
    if (size < m.size() + 2)
        return QByteArray(size, 'z'); // only the empty message is this small
    m.reserve(size);
    for (int line = 0; size - m.size() >= 100; ++line)
        m += (line % 3 == 0 ? "." : "") + QByteArray(line % 97, char('a' + line % 26)) + "\r\n";
    return m + QByteArray(size - m.size() - 2, 'z') + "\r\n";
}

// DATA's wire form: leading dots doubled, then the terminator.
inline QByteArray dotStuffed(const QByteArray &content)
{
    QByteArray wire;
    wire.reserve(content.size() + content.size() / 32 + 8);
    for (qsizetype start = 0; start < content.size();) {
        qsizetype end = content.indexOf('\n', start);
        end = end < 0 ? content.size() : end + 1;
        if (content[start] == '.')
            wire += '.';
        wire += QByteArrayView(content).sliced(start, end - start);
        start = end;
    }
    if (!content.isEmpty() && !content.endsWith("\r\n"))
        wire += "\r\n";
    return wire + ".\r\n";
}

inline QStringList spoolFiles(const QString &folder)
{
    return QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::System);
}

} // namespace Test
