#pragma once

#include "smtp/defect.h"
#include "smtp/envelope.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QStringList>

namespace Store {

// Times are microseconds since the Unix epoch, UTC.

// Bits of messages.flags.
constexpr int kFlagTls = 0x1;      // received over TLS
constexpr int kFlagSeen = 0x2;     // the user has looked at it (unread until then)
qint64 nowUs();

enum class Direction { Client = 0, Server = 1, Note = 2 };

// How a session ended.
enum class Outcome { InProgress, Delivered, Quit, Rejected, TimedOut, Aborted, Shutdown };
QString outcomeName(Outcome outcome);
Outcome outcomeFromName(const QString &name);

// A fault rule that fired in a session, and how often.
struct FaultHit
{
    QString rule;
    int count = 0;
    bool operator==(const FaultHit &) const = default;
};

// Sessions and messages carry a token chosen by the process that produced them; the writer
// maps tokens to database ids, so producers never wait for an id.
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

struct SessionRecord
{
    quint64 token = 0;
    qint64 id = 0;
    qint64 startedUs = 0;
    qint64 endedUs = 0;
    QString clientAddress;
    quint16 clientPort = 0;
    QString serverAddress;
    quint16 serverPort = 0;
    QByteArray helo;
    Outcome outcome = Outcome::InProgress;
    int messageCount = 0;
    Smtp::Defects defects;
    QJsonObject tls;            // version, cipher, sni, implicit, error; empty without TLS
    QByteArray authUser;        // empty when the client did not authenticate
    QList<FaultHit> faultRules; // fault rules that fired, in the order they first did
    int droppedMessages = 0;    // accepted with 250 and dropped on purpose by a fault rule
};

struct MessageSummary
{
    qint64 id = 0;
    qint64 sessionId = 0;
    qint64 receivedUs = 0;
    QByteArray mailFrom;
    QList<QByteArray> recipients;
    QString headerFrom;
    QString headerTo;
    QString subject;
    QString date;
    qint64 size = 0;
    int attachments = 0;
    bool hasHtml = false;
    QByteArray authUser;
    bool tls = false;
    QStringList faultRules;     // fault rules that fired for this message's transaction
    int flags = 0;              // kFlag bits as stored
    int lint = -1;              // SMTP defects plus MIME warnings and errors; -1 not analysed
};

struct MessageRecord
{
    quint64 token = 0;
    quint64 sessionToken = 0;   // 0 for imported messages
    MessageSummary summary;
    Smtp::Envelope envelope;
    QByteArray helo;
    QString clientAddress;
    quint16 clientPort = 0;
    QString serverAddress;
    quint16 serverPort = 0;
    QByteArray raw;             // exactly as received
    Smtp::Defects defects;      // found in this message's data
    qint64 dataLines = 0;
    QString source = QStringLiteral("smtp");
    QString dataNote;           // transcript line that stands for the data, linked to the message
};

struct StoredAck
{
    quint64 messageToken = 0;
    qint64 messageId = 0;       // 0 when not stored
    QString error;
};

// Everything one commit made durable, in order, with database ids.
struct CommitBatch
{
    QList<SessionRecord> started;
    QList<TranscriptLine> lines;
    QList<MessageSummary> messages;
    QList<StoredAck> acks;
    QList<SessionRecord> ended;
    QList<qint64> removed;      // messages deleted by request, in no order
    qint64 messagesRemovedUpTo = 0; // every message with an id up to this one was deleted
    qint64 sessionsRemovedUpTo = 0; // every ended session with an id up to this one was deleted
    QList<QPair<qint64, int>> analysed; // messages whose body and lint were added after ingest: id, lint

    bool isEmpty() const
    {
        return started.isEmpty() && lines.isEmpty() && messages.isEmpty() && acks.isEmpty() && ended.isEmpty()
            && removed.isEmpty() && messagesRemovedUpTo == 0 && sessionsRemovedUpTo == 0 && analysed.isEmpty();
    }
    void append(const CommitBatch &other);
};

} // namespace Store

Q_DECLARE_METATYPE(Store::TranscriptLine)
Q_DECLARE_METATYPE(Store::SessionRecord)
Q_DECLARE_METATYPE(Store::MessageRecord)
Q_DECLARE_METATYPE(Store::MessageSummary)
Q_DECLARE_METATYPE(Store::CommitBatch)

namespace Store {
// A process-wide unique token for a session or message.
quint64 newToken();
// The list columns of a message, from its headers, received now.
MessageSummary summarize(const QByteArray &raw);
// A message from a file, ready for the writer: source "import", no session, summarised.
MessageRecord importedMessage(const QByteArray &raw);
} // namespace Store
