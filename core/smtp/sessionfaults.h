#pragma once

#include "protocolevent.h"

#include "faults/hooks.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QTimer>

namespace Smtp {

class Protocol;

// The timers and socket side of what fault rules decide for one session: delayed and
// throttled replies, hangs, holds (with the HoldBroker) and closes once the output is out.
// Owned by Session, on its thread; reaches the socket only through Host and drives the
// protocol's fault pause (resume, answerHold). Rates are in octets per second.
class SessionFaults final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionFaults)

public:
    // What the faults need from the session.
    class Host
    {
    public:
        virtual void write(const QByteArray &bytes) = 0;        // to the client, at once
        virtual void disconnectClient() = 0;                    // close once the output is written
        virtual void handleEvents(const ProtocolEvents &events) = 0; // a paced reply and what follows it
        virtual void readOn() = 0;   // the protocol reads again: take its events, then what waited in the socket
        virtual void note(Records::LineKind kind, const QString &text) = 0;

    protected:
        ~Host() = default;
    };

    SessionFaults(Protocol &protocol, Host &host);
    ~SessionFaults() override;

    // Before the greeting: the rules for this session, which the protocol is asked from now on.
    void begin(const Faults::Hooks &hooks, quint64 session, const QHostAddress &client);

    void commandRead(const QByteArray &line) { m_lastCommand = line; } // what a hold is asked about
    void decided(const Faults::Decision &decision);                      // a rule fired
    void pace(const Faults::Decision &pace, const ProtocolEvents &deferred); // from the paced reply on
    void send(const QByteArray &bytes);          // the session's output, paced when a rule says so
    void closeWhenSent();
    void messageReady(const ProtocolEvent &message);  // for quotas once it is stored
    void messageAcknowledged(bool stored);

    bool isHung() const { return m_hung; }
    bool closedByRule() const { return m_closedByRule; }
    bool isWaitingOnRule() const;                // a rule, not the client, holds the conversation up
    void stop();                                 // nothing more is waited for: timers, output, holds
    void end();                                  // the session ended

    static qint64 sliceOctets(qint64 bytesPerSecond); // written per pacing tick

private:
    void releasePaced();
    void onPaceTick();
    void afterSent();
    void onHoldTimeout();
    void onHoldResolved(quint64 id, const Records::Reply &reply, bool timedOut);

    Protocol &m_protocol;
    Host &m_host;
    Faults::Hooks m_faults;
    quint64 m_session = 0;         // the session's token, for the injector and the broker
    QHostAddress m_client;
    bool m_ended = false;
    QTimer m_delay;                // a rule's delay before the deferred reply
    QTimer m_pacer;                // writes throttled output a slice at a time
    QTimer m_holdTimer;
    ProtocolEvents m_deferred;     // what follows a paced reply, from the reply on
    Faults::Decision m_pace;
    QByteArray m_paced;            // bytes waiting for the pacer
    qint64 m_pacedRate = 0;        // bytes per second
    qint64 m_replyRate = 0;        // a throttle rule for the reply being sent
    qint64 m_sessionRate = 0;      // a throttle rule at connect: the whole session
    bool m_resumeAfterSent = false;
    bool m_closeAfterSent = false;
    bool m_hung = false;
    bool m_closedByRule = false;
    quint64 m_holdId = 0;          // the broker's id of the pending hold
    Faults::Decision m_hold;
    QByteArray m_lastCommand;      // for a hold request: what is being answered, as read
    Faults::Context m_stored;      // the message awaiting its ack, for quotas
};

} // namespace Smtp
