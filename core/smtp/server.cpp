#include "server.h"

#include "listener.h"
#include "session.h"

#include <QSslConfiguration>
#include <QSslSocket>
#include <QStorageInfo>

namespace Smtp {

namespace {
constexpr int kListenBacklog = 1024; // connections the kernel queues before the server accepts them
constexpr qint64 kAuthFailureWindowMs = 10 * 60 * 1000; // an address's failed AUTH attempts count this long
constexpr qsizetype kAuthFailureAddresses = 4096;       // more: the expired ones are forgotten
constexpr int kStorageCheckMs = 1000;
} // namespace

Server::Server(ServerConfig config, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_storageTimer(new QTimer(this))
{
    m_config.protocol.tlsAvailable = m_config.tls.has_value();
    if (!m_config.protocol.contentSink)
        m_config.protocol.contentSink = SpoolSink::factory(m_config.spoolFolder, m_config.spoolProgress);
    m_storageTimer->setInterval(kStorageCheckMs);
    connect(m_storageTimer, &QTimer::timeout, this, &Server::checkStorage);
}

Server::~Server()
{
    stop();
}

bool Server::listen(QString *error)
{
    m_addressInUse.reset();
    if (!m_config.implicitTls.isEmpty() && !m_config.tls) {
        if (error)
            *error = QStringLiteral("an implicit-TLS listener needs a certificate");
        return false;
    }
    for (const ListenAddress &address : std::as_const(m_config.listen)) {
        if (!listenOn(address, false, error))
            return false;
    }
    for (const ListenAddress &address : std::as_const(m_config.implicitTls)) {
        if (!listenOn(address, true, error))
            return false;
    }
    if (m_config.minFreeSpace > 0 && !m_config.storagePath.isEmpty()) {
        checkStorage();
        m_storageTimer->start();
    }
    return true;
}

// A statfs a second on this thread: cheap, and a disk filling up is noticed within a second.
void Server::checkStorage()
{
    const QStorageInfo storage(m_config.storagePath);
    const bool low = storage.isValid() && storage.bytesAvailable() < m_config.minFreeSpace;
    if (low == m_storageLow)
        return;
    m_storageLow = low;
    for (Session *session : std::as_const(m_sessions))
        session->setStorageLow(low);
}

bool Server::listenOn(const ListenAddress &address, bool implicitTls, QString *error)
{
    auto *listener = new Listener(implicitTls, this);
    listener->setMaxPendingConnections(m_config.protocol.limits.maxConnections + 50);
    // Qt's default of 50 drops the SYNs of a burst; the kernel caps it at net.core.somaxconn.
    listener->setListenBacklogSize(kListenBacklog);
    if (!listener->listen(address.address, address.port)) {
        if (listener->serverError() == QAbstractSocket::AddressInUseError)
            m_addressInUse = ListenAddress{address.address, address.port, implicitTls};
        if (error) {
            *error = QStringLiteral("cannot listen on %1: %2").arg(address.toString(), listener->errorString());
            if (listener->serverError() == QAbstractSocket::AddressInUseError)
                *error += QStringLiteral(" (another program uses the port; choose another with %1 ADDR:PORT)")
                              .arg(implicitTls ? QStringLiteral("--smtps") : QStringLiteral("--smtp"));
        }
        delete listener;
        stopListening();
        return false;
    }
    connect(listener, &QTcpServer::newConnection, this, [this, listener] { onNewConnection(listener); });
    m_listeners.append(listener);
    return true;
}

QList<ListenAddress> Server::boundAddresses() const
{
    QList<ListenAddress> out;
    for (const Listener *listener : m_listeners)
        out.append({listener->serverAddress(), listener->serverPort(), listener->implicitTls()});
    return out;
}

void Server::stopListening()
{
    m_storageTimer->stop();
    for (Listener *listener : std::as_const(m_listeners))
        listener->close();
    qDeleteAll(m_listeners);
    m_listeners.clear();
}

void Server::closeSessions()
{
    const QList<Session *> sessions = m_sessions.values();
    for (Session *session : sessions)
        session->shutdown();
}

void Server::onNewConnection(Listener *listener)
{
    while (QTcpSocket *socket = listener->nextPendingConnection()) {
        Session *session = adopt(new Session(socket, m_config.protocol, listener->implicitTls(), this));
        if (m_config.tls)
            session->setTlsConfiguration(tlsConfiguration());
        if (m_sessions.size() > m_config.protocol.limits.maxConnections) {
            session->reject(Records::Reply::make(421, "4.3.2", m_config.protocol.hostname
                                                          + " too many connections, try again later"));
        } else {
            session->setFaults(m_config.faults);
            session->setAddressAuthFailures(addressAuthFailures(session->clientAddress()));
            session->setStorageLow(m_storageLow);
            session->start();
        }
    }
}

// The suites the server offers: all of TLS 1.3's (each is forward-secret AEAD), and of TLS 1.2's
// those with an ephemeral key exchange and an AEAD cipher (GCM, CCM, ChaCha20-Poly1305). The
// backend describes a suite only by OpenSSL's names for its parts, so those names are the
// vocabulary here.
QList<QSslCipher> Server::forwardSecretCiphers()
{
    QList<QSslCipher> kept;
    for (const QSslCipher &cipher : QSslConfiguration::supportedCiphers()) {
        if (cipher.protocol() == QSsl::TlsV1_3) {
            kept.append(cipher);
            continue;
        }
        const QString exchange = cipher.keyExchangeMethod();
        const QString encryption = cipher.encryptionMethod();
        const bool ephemeral = exchange == QLatin1String("ECDH") || exchange == QLatin1String("DH");
        const bool anonymous = cipher.authenticationMethod() == QLatin1String("None");
        const bool aead = encryption.startsWith(QLatin1String("AESGCM")) || encryption.startsWith(QLatin1String("AESCCM"))
            || encryption.startsWith(QLatin1String("CHACHA20/POLY1305"));
        if (cipher.protocol() == QSsl::TlsV1_2 && ephemeral && !anonymous && aead)
            kept.append(cipher);
    }
    return kept;
}

// The server's certificate for TLS sessions, made once: sessions copy it (implicitly shared).
QSslConfiguration Server::tlsConfiguration()
{
    if (m_tlsConfiguration.isNull()) {
        m_tlsConfiguration = QSslConfiguration::defaultConfiguration();
        m_tlsConfiguration.setCiphers(forwardSecretCiphers());
        m_tlsConfiguration.setLocalCertificate(m_config.tls->certificate);
        m_tlsConfiguration.setPrivateKey(m_config.tls->key);
        m_tlsConfiguration.setPeerVerifyMode(QSslSocket::VerifyNone);
    }
    return m_tlsConfiguration;
}

Session *Server::adopt(Session *session)
{
    const quint64 token = session->token();
    m_sessions.insert(token, session);
    connect(session, &Session::started, this, &Server::sessionStarted);
    connect(session, &Session::transcriptAppended, this, &Server::transcriptAppended);
    connect(session, &Session::updated, this, &Server::sessionUpdated);
    connect(session, &Session::messageReceived, this, [this, session](const Records::MessageRecord &m) {
        m_pendingMessages.insert(m.token, session);
        Q_EMIT messageReceived(m);
    });
    connect(session, &Session::authFailed, this,
            [this, session](int failures) { onAuthFailed(session->clientAddress(), failures); });
    connect(session, &Session::finished, this, [this, session](quint64 t) {
        m_sessions.remove(t);
        for (auto it = m_pendingMessages.begin(); it != m_pendingMessages.end();) {
            it = it.value() == session ? m_pendingMessages.erase(it) : std::next(it);
        }
        session->deleteLater();
    });
    return session;
}

int Server::addressAuthFailures(const QString &address)
{
    const auto it = m_authFailures.constFind(address);
    if (it == m_authFailures.cend())
        return 0;
    if (it->last.hasExpired(kAuthFailureWindowMs)) {
        m_authFailures.erase(it);
        return 0;
    }
    return it->count;
}

// Every open session from the address learns the new count: parallel connections share one limit.
void Server::onAuthFailed(const QString &address, int failures)
{
    if (m_authFailures.size() >= kAuthFailureAddresses)
        m_authFailures.removeIf([](const auto &entry) { return entry.value().last.hasExpired(kAuthFailureWindowMs); });
    AuthFailures &entry = m_authFailures[address];
    const bool counting = entry.last.isValid() && !entry.last.hasExpired(kAuthFailureWindowMs);
    entry.count = (counting ? entry.count : 0) + failures;
    entry.last.start();
    for (Session *session : std::as_const(m_sessions)) {
        if (session->clientAddress() == address)
            session->setAddressAuthFailures(entry.count);
    }
}

void Server::acknowledge(const Records::CommitBatch &batch)
{
    for (const Records::StoredAck &ack : batch.acks) {
        if (Session *session = m_pendingMessages.take(ack.messageToken))
            session->messageAcknowledged(ack);
    }
}

} // namespace Smtp
