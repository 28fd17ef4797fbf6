#pragma once

#include "protocol.h"
#include "store/records.h"

#include <QObject>
#include <QTimer>

class QSslSocket;

namespace Smtp {

// One client connection: glues a socket and an idle timer to the protocol state machine and
// reports what happens as store records. Lives on the network thread, owns its socket.
class Session final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Session)

public:
    // implicitTls: the socket is on an SMTPS listener; TLS comes before the greeting (RFC 8314).
    Session(QSslSocket *socket, const ProtocolConfig &config, bool implicitTls, QObject *parent = nullptr);
    ~Session() override;

    quint64 token() const { return m_record.token; }

    void start();                                 // greets the client
    void reject(const Reply &reply);              // answers once and closes (e.g. too many connections)
    void messageAcknowledged(const Store::StoredAck &ack);
    void shutdown();                              // 421 and close, for a stopping server

Q_SIGNALS:
    void started(const Store::SessionRecord &session);
    void transcriptAppended(const QList<Store::TranscriptLine> &lines);
    void messageReceived(const Store::MessageRecord &message);
    void updated(const Store::SessionRecord &session); // outcome != InProgress: it ended
    void finished(quint64 token);

private:
    void onReadyRead();
    void onDisconnected();
    void onIdleTimeout();
    void drainEvents();
    void handleMessage(const ProtocolEvent &event);
    void addDefect(const Defect &defect);
    void finish();
    void note(const QString &text);
    void awaitClientHello();
    void inspectClientHello();
    void onEncrypted();
    void onSocketError();

    enum class Tls { Off, AwaitingHello, Handshaking, On };

    QSslSocket *m_socket;
    Tls m_tls = Tls::Off;
    bool m_implicitTls;
    QTimer m_helloHint;
    Protocol m_protocol;
    QTimer m_idle;
    int m_idleTimeoutMs;
    Store::SessionRecord m_record;
    quint64 m_pendingMessage = 0;
    bool m_quit = false;
    bool m_refused = false;        // a 4xx/5xx reply was sent
    bool m_finished = false;
    Store::Outcome m_forcedOutcome = Store::Outcome::InProgress;
};

} // namespace Smtp
