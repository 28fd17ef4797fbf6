#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

// Our own MIME fixtures (tests/data/mime), read as exact bytes.
inline QByteArray mimeFixture(const QString &name)
{
    QFile file(QStringLiteral(MAILSCOPE_TEST_DATA "/mime/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Builds a message from lines joined with CR LF, the way SMTP delivers it.
inline QByteArray crlf(std::initializer_list<const char *> lines)
{
    QByteArray out;
    for (const char *line : lines)
        out += QByteArray(line) + "\r\n";
    return out;
}
