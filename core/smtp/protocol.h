#pragma once

#include "datareader.h"
#include "records/envelope.h"
#include "limits.h"
#include "protocolevent.h"
#include "protocolfaults.h"
#include "records/authsecret.h"
#include "records/reply.h"

#include <QByteArray>
#include <QByteArrayView>

#include <functional>
#include <memory>
#include <optional>

namespace Smtp {

// The SMTP server side as a pure state machine (RFC 5321 with SIZE, PIPELINING, 8BITMIME,
// SMTPUTF8, ENHANCEDSTATUSCODES, CHUNKING and DSN): bytes in, events out. No sockets, no
// timers, no clock; the session owns those. Input that arrives while a message is being
// stored waits, so pipelined commands are answered in order.
class Protocol final : private ProtocolFaults::Host
{
public:
    explicit Protocol(ProtocolConfig config);
    Q_DISABLE_COPY_MOVE(Protocol)

    void start();                                  // queues the greeting
    void receive(QByteArrayView data);
    // The client sent bytes the session holds back for now (a fault rule pauses the input):
    // before the greeting is out that is pre-greet traffic (RFC 5321 4.3.1), a defect.
    void inputWaiting();
    void messageStored(const QByteArray &queueId); // the store committed the ready message
    void messageFailed(const QByteArray &reason);  // the store could not keep it
    void idleTimeout();
    void shutdown();
    void tlsStarted();                             // handshake done: client must EHLO again
    void setImplicitTls() { m_tls = true; }        // SMTPS: TLS from the first octet

    // Fault injection (ProtocolFaults). The check is asked at each stage before the
    // normal reply; the session fills in the client and the clock. A reply rule replaces the
    // command's handling (2xx/3xx: the handling runs and, if it succeeds, sends this text).
    // Timing, holds and hangs pause the input until resume() or answerHold().
    using FaultCheck = ProtocolFaults::Check;
    void setFaultCheck(FaultCheck check) { m_faults.setCheck(std::move(check)); }
    void resume();                                 // the paced reply was sent
    void answerHold(const Records::Reply &reply);           // the held stage gets this reply
    bool isPausedByFault() const { return m_faults.isPaused(); }
    // Input a hung session reads and never answers (its unread input, then whatever follows):
    // Received events, one per line as the client sent it, AUTH credentials masked as in an
    // answered exchange. atEnd: the session is over, a last line without its CRLF counts too.
    ProtocolEvents readUnanswered(QByteArrayView data, bool atEnd = false);

    // The list handed out takes the storage; the next one starts out as large, not growing anew.
    ProtocolEvents takeEvents()
    {
        ProtocolEvents out = m_events;
        m_events.clear();
        return out;
    }

    bool isClosed() const { return m_closed; }
    bool isAwaitingStore() const { return m_awaitingStore; }
    bool usedEhlo() const { return m_esmtp; }
    bool isTls() const { return m_tls; }
    const QByteArray &authenticatedUser() const { return m_authUser; }
    int authFailures() const { return m_authFailures; }          // in this session
    // Failed attempts from the client's address, this session's included (the server counts
    // them across sessions): at Limits::maxAuthFailures, AUTH is refused with 421 and a close.
    void setAddressAuthFailures(int failures) { m_addressAuthFailures = failures; }
    // The store's disk is nearly full: MAIL is answered 452 4.3.1 until it is not (Postfix's reply).
    void setStorageLow(bool low) { m_storageLow = low; }
    const QByteArray &heloName() const { return m_helo; }
    int messagesAccepted() const { return m_accepted; }
    QList<QByteArray> extensions() const;

private:
    enum class Mode { Command, Data, Bdat, DiscardLine };

    void process();
    bool canRead() const { return !m_closed && !m_awaitingStore && !m_awaitingTls && !m_faults.isPaused(); }
    bool processCommandLine();
    qsizetype readContent(QByteArrayView input);
    qsizetype processData(QByteArrayView input);
    qsizetype processBdat(QByteArrayView input);
    void newSink();
    void handleCommand(const QByteArray &line);
    void dispatch(const QByteArray &verb, const QByteArray &arg);

    void onHelo(const QByteArray &verb, const QByteArray &arg);
    void onMail(const QByteArray &arg);
    void onRcpt(const QByteArray &arg);
    void onData(const QByteArray &arg);
    void onBdat(const QByteArray &arg);
    void onRset(const QByteArray &arg);
    void onQuit(const QByteArray &arg);
    void onStartTls(const QByteArray &arg);
    void onAuth(const QByteArray &arg);
    void onAuthResponse(const QByteArray &line);
    void authStep(const QByteArray &decoded);
    // What an AUTH line says at the current step, its secret included (receivedSecret drops it).
    Records::AuthSecret secretOf(const QByteArray &line) const;
    void finishAuth(const Sasl::Credentials &credentials);
    int lineLimit() const;

    std::optional<Records::Reply> refuseParametersAfterHelo(const QByteArray &verb, const Records::Parameters &parameters);
    std::optional<Records::Reply> refuseNonUtf8(const char *role, const QByteArray &address, bool smtpUtf8);
    std::optional<Records::Reply> applyMailParameters(Records::Envelope &envelope);
    std::optional<Records::Reply> applyRcptParameters(Records::Recipient &recipient);
    void finishBdat(bool last);
    void completeMessage(const Content &content, qint64 lines, Records::Defects defects);
    void readyMessage(const Content &content, qint64 lines, const Records::Defects &defects);
    void resetTransaction() override;

    void reply(int code, const char *enhanced, const QByteArray &text);
    void reply(const Records::Reply &r) override;
    void note(const QString &text) { note(Records::LineKind::Note, text); }
    void note(Records::LineKind kind, const QString &text) override;
    void received(const QByteArray &line);          // a command line, or a line of an AUTH exchange
    // The line just received carried credentials: it leaves as `secret` (its bytes and secret
    // kept only when passwords are recorded). A line cut at the limit inside AUTH likewise.
    void receivedSecret(Records::AuthSecret secret);
    void receivedTooLong(const QByteArray &start);
    void unansweredLine(const QByteArray &line);
    void defect(const QByteArray &code, const QString &detail);
    bool greetingSent();                            // latches once the greeting is out
    void checkPreGreet();
    void close() override;
    void addConversation(Faults::Context &context) const override;

    ProtocolConfig m_config;
    ProtocolEvents m_events;
    QByteArray m_in;
    Mode m_mode = Mode::Command;
    bool m_closed = false;
    bool m_started = false;         // start() ran: the greeting is queued, unless a rule holds it
    bool m_greeted = false;         // the greeting went out with nothing pausing it
    bool m_preGreet = false;        // the client's pre-greet traffic is recorded
    bool m_awaitingStore = false;
    bool m_esmtp = false;
    bool m_tls = false;
    bool m_awaitingTls = false;
    QByteArray m_authUser;
    int m_authFailures = 0;
    int m_addressAuthFailures = 0;
    bool m_storageLow = false;
    bool m_unansweredTooLong = false; // a hung session's line over the limit: skipped to its end
    enum class AuthStep { None, PlainResponse, LoginUser, LoginPassword, CramResponse };
    AuthStep m_authStep = AuthStep::None;
    QByteArray m_authMechanism;
    QByteArray m_loginUser;
    QByteArray m_challenge;
    QByteArray m_helo;
    int m_accepted = 0;

    std::optional<Records::Envelope> m_transaction; // set by MAIL
    std::optional<DataReader> m_data;
    std::unique_ptr<ContentSink> m_sink;   // the content of the message being received (DATA or BDAT)
    // BDAT (RFC 3030)
    qint64 m_chunkRemaining = 0;
    qint64 m_chunkedSize = 0;
    qint64 m_chunkLines = 0;
    bool m_chunkLast = false;
    std::optional<Records::Reply> m_chunkRefusal; // set when the current chunk is read and dropped
    qsizetype m_discarded = 0;     // octets of an over-long command line

    ProtocolFaults m_faults{*this, m_events};
};

} // namespace Smtp
