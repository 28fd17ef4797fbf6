#pragma once

#include "defect.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace Records {

// How a session ended.
// Interrupted: open when the process that served it ended without closing it (a crash, kill -9);
// the next writer to open the database closes it so.
enum class Outcome { InProgress, Delivered, Quit, Rejected, TimedOut, Aborted, Shutdown, Interrupted };
QString outcomeName(Outcome outcome);
Outcome outcomeFromName(const QString &name);

// A fault rule that fired in a session, and how often.
struct FaultHit
{
    QString rule;
    int count = 0;
    bool operator==(const FaultHit &) const = default;
};

// One SMTP connection, as the session knows it so far. Times in microseconds (clock.h).
struct SessionRecord
{
    quint64 token = 0;
    qint64 id = 0;              // filled in by the writer
    qint64 startedUs = 0;
    qint64 endedUs = 0;
    QString clientAddress;
    quint16 clientPort = 0;
    QString serverAddress;
    quint16 serverPort = 0;
    QByteArray helo;
    Outcome outcome = Outcome::InProgress;
    int messageCount = 0;
    Defects defects;
    QJsonObject tls;            // version, cipher, sni, implicit, error; empty without TLS
    QByteArray authUser;        // empty when the client did not authenticate
    QList<FaultHit> faultRules; // fault rules that fired, in the order they first did
    int droppedMessages = 0;    // accepted with 250 and dropped on purpose by a fault rule
};

} // namespace Records

Q_DECLARE_METATYPE(Records::SessionRecord)
