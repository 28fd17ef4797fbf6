#pragma once

#include "smtp/protocol.h"

#include <QStringList>

namespace Test {

using Smtp::Protocol;
using Smtp::ProtocolEvent;

// Runs a whole dialogue: feeds the chunks in order, stores every ready message at once.
struct Dialogue
{
    QByteArray output;
    QList<ProtocolEvent> messages;
    QList<Smtp::Defect> defects;
    QList<QByteArray> received;
    QStringList notes;
    bool closed = false;
    bool startTls = false;
    QByteArray authenticated;

    Dialogue(const QList<QByteArray> &chunks, const Smtp::ProtocolConfig &c)
    {
        Protocol p(c);
        p.start();
        collect(p);
        for (const QByteArray &chunk : chunks) {
            p.receive(chunk);
            collect(p);
        }
    }

    void collect(Protocol &p)
    {
        for (;;) {
            const auto events = p.takeEvents();
            if (events.isEmpty())
                return;
            for (const ProtocolEvent &e : events) {
                switch (e.kind) {
                case ProtocolEvent::Kind::Sent:
                    output += e.bytes;
                    break;
                case ProtocolEvent::Kind::Received:
                    received.append(e.bytes);
                    break;
                case ProtocolEvent::Kind::Note:
                    notes.append(e.text);
                    break;
                case ProtocolEvent::Kind::Defect:
                    defects.append(e.defect);
                    break;
                case ProtocolEvent::Kind::MessageReady:
                    messages.append(e);
                    break;
                case ProtocolEvent::Kind::Closed:
                    closed = true;
                    break;
                case ProtocolEvent::Kind::StartTls:
                    startTls = true;
                    break;
                case ProtocolEvent::Kind::Authenticated:
                    authenticated = e.bytes;
                    break;
                case ProtocolEvent::Kind::Fault: // no fault check is set in these dialogues
                case ProtocolEvent::Kind::Pace:
                    break;
                }
            }
            if (p.isAwaitingStore())
                p.messageStored("7");
        }
    }

    QByteArrayList defectCodes() const
    {
        QByteArrayList codes;
        for (const auto &d : defects)
            codes.append(d.code);
        return codes;
    }
};

} // namespace Test
