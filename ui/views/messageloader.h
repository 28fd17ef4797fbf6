#pragma once

#include "mime/parsedmessage.h"
#include "models/transcriptslice.h"
#include "records/envelope.h"
#include "records/commitbatch.h"

#include <QJsonObject>

#include <optional>

namespace Ui {

// Everything the message view shows for one message, read and parsed off the GUI thread
// (a 50 MB message costs the window nothing) on the worker's own database connection.
struct LoadedMessage
{
    qint64 id = 0;
    bool found = false;
    Records::MessageSummary summary;
    QByteArray raw;
    QList<qint64> lineStarts;   // for the raw view
    QJsonObject envelopeJson;   // helo, client and server addresses, data lines
    Records::Envelope envelope;
    Records::Defects defects;
    Mime::ParsedMessage parsed;
    std::optional<Records::SessionRecord> session;
    TranscriptSlice transcript; // the message's part of its session's
};

struct LoadedSession
{
    qint64 id = 0;
    bool found = false;
    Records::SessionRecord session;
    TranscriptSlice transcript; // its first and last lines
};

// The envelope's recipients that no To, Cc or Bcc header names: blind copies, as written.
QStringList envelopeOnlyRecipients(const LoadedMessage &message);

LoadedMessage loadMessage(const QString &databasePath, qint64 id);
LoadedSession loadSession(const QString &databasePath, qint64 id);
// More of a session's transcript, for a gap between the lines beforeId and afterId (0: none):
// the lines after afterId when beforeId is 0, else those before beforeId.
TranscriptSlice loadTranscriptPart(const QString &databasePath, qint64 sessionId, qint64 afterId, qint64 beforeId);

} // namespace Ui
