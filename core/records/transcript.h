#pragma once

#include <QByteArray>
#include <QLatin1StringView>
#include <QMetaType>

namespace Records {

// What a transcript line is, set where the line is made. The numbers are stored with each
// line (TranscriptChunk) and never change meaning: 0, 1 and 2 are the client, server and note
// of the format before kinds existed.
enum class LineKind : quint8 {
    Command = 0,        // client bytes: a command line as read
    Reply = 1,          // server bytes: a reply line as written
    Note = 2,           // text: anything the other kinds do not say
    TlsEvent = 3,       // text: TLS awaited, established or failed, the name the client asked for
    AuthStep = 4,       // text: what an AUTH exchange said, decoded (older versions kept the
                        // password here; schema step 12 masks it)
    FaultAction = 5,    // text: what a fault rule did
    DataSummary = 6,    // text: stands for a message's data; messageId links it once stored
    Defect = 7,         // text: a protocol defect of the client's
    AuthResponse = 8,   // client bytes: a line of an AUTH exchange after the AUTH command
    AuthChallenge = 9,  // server bytes: a 334 challenge of an AUTH exchange
    AuthSecret = 10,    // a client's AUTH line that carries credentials: an encoded
                        // Records::AuthSecret (authsecret.h), never the bytes themselves unless
                        // passwords are recorded
};
constexpr int kLineKindCount = 11;

enum class Direction { Client, Server, Note };

constexpr Direction directionOf(LineKind kind)
{
    switch (kind) {
    case LineKind::Command:
    case LineKind::AuthResponse:
    case LineKind::AuthSecret:
        return Direction::Client;
    case LineKind::Reply:
    case LineKind::AuthChallenge:
        return Direction::Server;
    default:
        return Direction::Note;
    }
}
constexpr bool isClient(LineKind kind) { return directionOf(kind) == Direction::Client; }
constexpr bool isServer(LineKind kind) { return directionOf(kind) == Direction::Server; }
// Sent or received on the wire (an AuthSecret line stands for such a line), not a note.
constexpr bool isWire(LineKind kind) { return directionOf(kind) != Direction::Note; }

// Stable names of the kinds and directions, as the HTTP API writes them ("command",
// "auth-challenge", ...; "client", "server", "note").
QLatin1StringView lineKindName(LineKind kind);
QLatin1StringView directionName(Direction direction);

// One line of a session's transcript. Times in microseconds (clock.h).
struct TranscriptLine
{
    quint64 sessionToken = 0;
    qint64 sessionId = 0;       // filled in by the writer
    qint64 id = 0;              // filled in by the writer
    qint64 timeUs = 0;
    LineKind kind = LineKind::Note;
    QByteArray data;            // exact bytes for client and server kinds, UTF-8 text for notes,
                                // an encoded AuthSecret for AuthSecret
    qint64 messageId = 0;       // set on the line that summarises a message's data
};

} // namespace Records

Q_DECLARE_METATYPE(Records::TranscriptLine)
