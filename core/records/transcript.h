#pragma once

#include <QByteArray>
#include <QMetaType>

namespace Records {

enum class Direction { Client = 0, Server = 1, Note = 2 };

// One line of a session's transcript. Times in microseconds (clock.h).
struct TranscriptLine
{
    quint64 sessionToken = 0;
    qint64 sessionId = 0;       // filled in by the writer
    qint64 id = 0;              // filled in by the writer
    qint64 timeUs = 0;
    Direction direction = Direction::Note;
    QByteArray data;            // exact bytes for Client/Server, UTF-8 text for Note
    qint64 messageId = 0;       // set on the line that summarises a message's data
};

} // namespace Records

Q_DECLARE_METATYPE(Records::TranscriptLine)
