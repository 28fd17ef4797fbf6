#pragma once

#include "mime/parsedmessage.h"
#include "smtp/envelope.h"
#include "store/records.h"

#include <QJsonObject>

#include <optional>

namespace Ui {

// Everything the message view shows for one message, read and parsed off the GUI thread
// (a 50 MB message costs the window nothing) on the worker's own database connection.
struct LoadedMessage
{
    qint64 id = 0;
    bool found = false;
    Store::MessageSummary summary;
    QByteArray raw;
    QList<qint64> lineStarts;   // for the raw view
    QJsonObject envelopeJson;   // helo, client and server addresses, data lines
    Smtp::Envelope envelope;
    Smtp::Defects defects;
    Mime::ParsedMessage parsed;
    std::optional<Store::SessionRecord> session;
    QList<Store::TranscriptLine> transcript;
};

struct LoadedSession
{
    qint64 id = 0;
    bool found = false;
    Store::SessionRecord session;
    QList<Store::TranscriptLine> transcript;
};

LoadedMessage loadMessage(const QString &databasePath, qint64 id);
LoadedSession loadSession(const QString &databasePath, qint64 id);

} // namespace Ui
