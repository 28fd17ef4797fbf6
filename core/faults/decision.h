#pragma once

#include "stage.h"

#include "records/reply.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace Faults {

// What the injector is told when a stage is reached. The protocol fills in what it knows of
// the conversation, the session adds the client and the clock.
struct Context
{
    Stage stage = Stage::Any;
    quint64 session = 0;              // the token given to Injector::beginSession
    QHostAddress client;
    QByteArray verb;                  // upper case; empty at connect, greeting, end of data
    QByteArray argument;              // for MAIL and RCPT the address alone, else as sent
    QByteArray helo;
    QByteArray authUser;
    QByteArray mailFrom;              // the open transaction's sender
    QList<QByteArray> recipients;     // accepted so far; all of them at end of data
    QByteArray content;               // end of data: the message's header section as received
    qint64 size = 0;                  // end of data: the message's size in octets
    qint64 nowMs = 0;                 // for the scenarios: ms on a clock that does not go back
};

// What a rule decided. Scenarios are resolved to the effect they have, so a decision is one
// of these kinds only.
struct Decision
{
    enum class Kind {
        None,       // no rule fired: normal handling
        Reply,      // reply instead of the normal reply (2xx/3xx: normal handling, this text)
        Delay,      // normal handling (or reply), the reply sent after delayMs
        Throttle,   // normal handling (or reply), sent at bytesPerSecond
        Disconnect, // reply (421) and close
        Close,      // close without a reply
        Hang,       // no reply; read until the client or the idle timeout gives up
        Drop,       // end of data: reply (250) without storing
        Hold,       // ask a front end; reply is the default after holdTimeoutMs
    };

    Kind kind = Kind::None;
    QString rule;                     // the rule that decided
    Stage stage = Stage::Any;         // where it decided (a throttle at Connect covers the session)
    std::optional<Records::Reply> reply;
    qint64 delayMs = 0;
    qint64 bytesPerSecond = 0;
    int holdTimeoutMs = 0;
    QString detail;                   // for the transcript, e.g. why a scenario refused

    bool fired() const { return kind != Kind::None; }
};

// One line for the transcript: which rule did what ("Fault rule \"busy\": reply 450 4.2.1 ...").
QString describe(const Decision &decision);

} // namespace Faults

Q_DECLARE_METATYPE(Faults::Decision)
