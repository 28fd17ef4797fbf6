#pragma once

#include "records/defect.h"
#include "records/envelope.h"
#include "records/spoolfile.h"
#include "records/transcript.h"

#include "faults/decision.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Smtp {

// What the protocol state machine produced from the last input: lines to send, lines it read,
// notes for the transcript, defects, and complete messages waiting to be stored.
struct ProtocolEvent
{
    enum class Kind {
        Received,       // bytes: one command line exactly as read (CRLF included)
        Sent,           // bytes: one reply line exactly as written
        Note,           // text: something the transcript should say that is not on the wire
        Defect,         // defect: a protocol defect of the client's
        MessageReady,   // a message is complete; reply is held until messageStored()/Failed()
        StartTls,       // after sending what came before, start the TLS handshake (RFC 3207)
        Authenticated,  // bytes: the user name the client authenticated as
        Fault,          // fault: a rule decided; the session records it and carries out closes,
                        // hangs, holds and drops
        Pace,           // fault: send the reply lines that follow after delayMs and/or at
                        // bytesPerSecond, then resume(); input waits meanwhile
        Closed,         // the server side ended the conversation; close after sending
    };

    Kind kind = Kind::Note;
    QByteArray bytes;
    QString text;
    // Received, Sent and Note: what the transcript line is (a command or an AUTH response, a
    // reply or an AUTH challenge, a kind of note).
    Records::LineKind line = Records::LineKind::Note;
    int replyCode = 0;          // Sent only: the code of the reply this line belongs to
    Records::Defect defect;
    // MessageReady only:
    Records::Envelope envelope;
    QByteArray content;         // exactly as received after dot-unstuffing; empty when spooled
    Records::SpoolFile spool;   // or: the content in a spool file
    qint64 dataLines = 0;
    Records::Defects messageDefects;     // defects found in this message's data
    QStringList faultRules;     // rules that fired since the last message, RSET or EHLO
    // Fault and Pace only:
    Faults::Decision fault;

    qint64 contentSize() const { return spool ? spool.size() : content.size(); }

    static ProtocolEvent of(Kind kind, QByteArray bytes = {})
    {
        ProtocolEvent e;
        e.kind = kind;
        e.bytes = std::move(bytes);
        return e;
    }
};

using ProtocolEvents = QList<ProtocolEvent>;

} // namespace Smtp
