#pragma once

#include "protocol.h"
#include "records/commitbatch.h"
#include "sessionfaults.h"

#include <QObject>
#include <QElapsedTimer>
#include <QSslConfiguration>
#include <QTimer>

#include <optional>

class QSslSocket;
class QTcpSocket;

namespace Smtp {

// One client connection: glues a socket and an idle timer to the protocol state machine and
// reports what happens as store records. Lives on the network thread, owns its socket.
// What fault rules decide is carried out by SessionFaults, through the Host side of this class.
class Session final : public QObject, private SessionFaults::Host
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Session)

public:
    // implicitTls: the socket is a QSslSocket on an SMTPS listener; TLS comes before the
    // greeting (RFC 8314). Otherwise a plain socket, swapped for a QSslSocket at STARTTLS.
    Session(QTcpSocket *socket, const ProtocolConfig &config, bool implicitTls, QObject *parent = nullptr);
    ~Session() override;

    quint64 token() const { return m_record.token; }
    const QString &clientAddress() const { return m_record.clientAddress; }
    // Failed AUTH attempts from this client's address, across sessions (Smtp::Server counts them).
    void setAddressAuthFailures(int failures) { m_protocol.setAddressAuthFailures(failures); }
    void setStorageLow(bool low) { m_protocol.setStorageLow(low); }

    void start();                                 // greets the client
    void reject(const Records::Reply &reply);              // answers once and closes (e.g. too many connections)
    void messageAcknowledged(const Records::StoredAck &ack);
    void shutdown();                              // 421 and close, for a stopping server
    void setFaults(const Faults::Hooks &hooks);   // before start(): fault rules for this session
    void setTlsConfiguration(const QSslConfiguration &tls); // before start(): the server's certificate

Q_SIGNALS:
    void started(const Records::SessionRecord &session);
    void transcriptAppended(const QList<Records::TranscriptLine> &lines);
    void messageReceived(const Records::MessageRecord &message);
    // Its facts changed (HELO, TLS, user, fault rules, messages stored), at most once per batch
    // of input and after the transcript lines that tell of it; outcome != InProgress: it ended.
    void updated(const Records::SessionRecord &session);
    void finished(quint64 token);
    void authFailed(int failures);                // this many more AUTH attempts failed

private:
    void onReadyRead();
    void onDisconnected();
    void onIdleTimeout();
    void drainEvents();
    void readOn() override;                       // drain, then read what waited in the socket
    void handleEvents(const ProtocolEvents &events) override;
    void handleMessage(const ProtocolEvent &event);
    void addDefect(const Records::Defect &defect);
    void finish();
    void keepReplyPath();
    void releaseReplyPath();
    void note(Records::LineKind kind, const QString &text) override;
    // TLS (sessiontls.cpp)
    void awaitClientHello();
    void inspectClientHello();
    void onEncrypted();
    void onSocketError();

    // Fault injection: the session records what rules did; SessionFaults carries it out and
    // reaches the socket through these.
    void onFault(const Faults::Decision &decision, QList<Records::TranscriptLine> &lines);
    void recordHung(const QByteArray &data, bool atEnd = false);
    QList<Records::TranscriptLine> unansweredLines(const ProtocolEvents &events) const;
    void write(const QByteArray &bytes) override;
    void disconnectClient() override;

    enum class Tls { Off, AwaitingHello, Handshaking, On };

    void attach(QTcpSocket *socket);
    bool upgradeToTls();
    QSslSocket *tlsSocket() const;

    QTcpSocket *m_socket = nullptr;
    std::optional<QSslConfiguration> m_tlsConfiguration; // the server's, when it offers TLS
    Tls m_tls = Tls::Off;
    bool m_implicitTls;
    QTimer m_helloHint;
    Protocol m_protocol;
    QTimer m_idle;                 // fires m_idleTimeoutMs after the client's last read, at the earliest
    QElapsedTimer m_lastRead;      // when the client last sent something: m_idle is not restarted per read
    int m_idleTimeoutMs;
    Records::SessionRecord m_record;
    quint64 m_pendingMessage = 0;
    int m_authFailures = 0;        // reported with authFailed
    bool m_quit = false;
    bool m_refused = false;        // a reply with a 4xx/5xx code was sent
    bool m_finished = false;
    Records::Outcome m_forcedOutcome = Records::Outcome::InProgress;
    // Half-close: QTcpSocket closes both directions when the client shuts down its sending side,
    // but a client that sent "." and QUIT and then did so still waits for its 250 and 221. While
    // a message is being stored, a duplicate of the plain socket's descriptor keeps the
    // connection; once the client's input has ended, replies are written to it.
    int m_replyFd = -1;
    bool m_inputClosed = false;
    QByteArray m_lateInput;        // what came with the end of input, read once the store answers

    SessionFaults m_faults{m_protocol, *this};
};

} // namespace Smtp
