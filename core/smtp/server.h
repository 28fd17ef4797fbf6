#pragma once

#include "limits.h"
#include "listenaddress.h"
#include "records/commitbatch.h"
#include "tlsidentity.h"

#include "faults/hooks.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QTimer>

namespace Smtp {

class Listener;
class Session;

struct ServerConfig
{
    QList<ListenAddress> listen{{QHostAddress::LocalHost, 1025}};
    QList<ListenAddress> implicitTls;       // SMTPS listeners (RFC 8314), none by default
    std::optional<TlsIdentity> tls;         // without it, neither STARTTLS nor SMTPS
    ProtocolConfig protocol;
    Faults::Hooks faults;                   // no injector: no fault injection
    // New mail is refused (452 4.3.1 at MAIL) while the folder at storagePath (the database's)
    // has less free space than minFreeSpace octets; 0 or no path: never.
    QString storagePath;
    qint64 minFreeSpace = 0;
    // Message content past SpoolSink's threshold is written to files here (the database's
    // spool folder) instead of memory; empty: kept in memory.
    QString spoolFolder;
    SpoolProgress spoolProgress;            // how far each spool file has been written
};

// Owns the listeners and the sessions, and enforces the connection limit. Lives on the
// network thread; session events are re-emitted as the server's own signals.
class Server final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Server)

public:
    explicit Server(ServerConfig config, QObject *parent = nullptr);
    ~Server() override;

    bool listen(QString *error);             // all listeners or none
    QList<ListenAddress> boundAddresses() const; // with the ports actually bound
    // After listen() failed because another program holds a port: that address.
    std::optional<ListenAddress> addressInUse() const { return m_addressInUse; }
    void stopListening();
    void closeSessions();                    // each open session gets 421 and is closed
    void stop() { stopListening(); closeSessions(); }
    int sessionCount() const { return int(m_sessions.size()); }

    void acknowledge(const Records::CommitBatch &batch); // routes store acks to their sessions

    // TLS 1.3's suites and TLS 1.2's forward-secret AEAD ones: what sessions offer.
    static QList<QSslCipher> forwardSecretCiphers();

Q_SIGNALS:
    void sessionStarted(const Records::SessionRecord &session);
    void transcriptAppended(const QList<Records::TranscriptLine> &lines);
    void messageReceived(const Records::MessageRecord &message);
    void sessionUpdated(const Records::SessionRecord &session);

private:
    bool listenOn(const ListenAddress &address, bool implicitTls, QString *error);
    void onNewConnection(Listener *listener);
    Session *adopt(Session *session);
    QSslConfiguration tlsConfiguration();
    int addressAuthFailures(const QString &address);
    void checkStorage();
    void onAuthFailed(const QString &address, int failures);

    ServerConfig m_config;
    QSslConfiguration m_tlsConfiguration;          // made from m_config.tls on first use
    QList<Listener *> m_listeners;
    std::optional<ListenAddress> m_addressInUse;
    QHash<quint64, Session *> m_sessions;          // by session token
    QHash<quint64, Session *> m_pendingMessages;   // by message token
    struct AuthFailures
    {
        int count = 0;
        QElapsedTimer last;
    };
    QHash<QString, AuthFailures> m_authFailures;   // by client address, forgotten kAuthFailureWindowMs after the last
    QTimer *m_storageTimer;                        // looks at the free space now and then; a child, so it moves with the server
    bool m_storageLow = false;
};

} // namespace Smtp
