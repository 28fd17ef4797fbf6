#pragma once

#include "smtp/protocol.h"

#include <QStringList>

#include <optional>

namespace Test {

using Smtp::Protocol;
using Smtp::ProtocolEvent;

// Runs a whole dialogue: feeds the chunks in order, stores every ready message at once (as
// id 7). With a fault check, paced replies are released at once (the session owns the clock)
// and holds are answered with holdAnswer.
struct Dialogue
{
    QByteArray output;
    QStringList replies;        // reply lines without CRLF, in order
    QList<ProtocolEvent> messages;
    QList<Records::Defect> defects;
    QList<QByteArray> received;
    QStringList notes;
    bool closed = false;
    bool startTls = false;
    QByteArray authenticated;
    QStringList fired;          // fault rules, in the order they decided
    QList<qint64> paces;        // delay of each paced reply
    int paceLines = 0;          // reply lines that came after a Pace event
    QList<Records::LineKind> kinds; // of each line for the transcript (received, sent, note), in order
    QList<int> replyCodes;      // of each reply line sent

    Dialogue(const QList<QByteArray> &chunks, const Smtp::ProtocolConfig &c, Protocol::FaultCheck faults = {},
             std::optional<Records::Reply> holdAnswer = {})
        : m_holdAnswer(std::move(holdAnswer))
    {
        Protocol p(c);
        if (faults)
            p.setFaultCheck(std::move(faults));
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
            bool paced = false, held = false;
            for (const ProtocolEvent &e : events) {
                switch (e.kind) {
                case ProtocolEvent::Kind::Sent:
                    output += e.bytes;
                    replies.append(QString::fromUtf8(e.bytes.chopped(2)));
                    paceLines += paced;
                    kinds.append(e.line);
                    replyCodes.append(e.replyCode);
                    break;
                case ProtocolEvent::Kind::Received:
                    received.append(e.bytes);
                    kinds.append(e.line);
                    break;
                case ProtocolEvent::Kind::Note:
                    notes.append(e.text);
                    kinds.append(e.line);
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
                case ProtocolEvent::Kind::Fault:
                    fired.append(e.fault.rule);
                    held = held || e.fault.kind == Faults::Decision::Kind::Hold;
                    break;
                case ProtocolEvent::Kind::Pace:
                    paces.append(e.fault.delayMs);
                    paced = true;
                    break;
                }
            }
            if (p.isAwaitingStore())
                p.messageStored("7");
            if (paced)
                p.resume();
            if (held && m_holdAnswer)
                p.answerHold(*m_holdAnswer);
        }
    }

    QByteArrayList defectCodes() const
    {
        QByteArrayList codes;
        for (const auto &d : defects)
            codes.append(d.code);
        return codes;
    }

    std::optional<Records::Reply> m_holdAnswer;
};

} // namespace Test
