// Session: TLS, implicit (RFC 8314) or after STARTTLS (RFC 3207): the socket swap, the
// ClientHello read for its server name, and the handshake's outcome. Kept apart from the
// plain conversation.
#include "session.h"

#include "clienthello.h"

#include "records/clock.h"

#include <QSslCipher>
#include <QSslSocket>

#include <unistd.h>

namespace Smtp {

namespace {

QString protocolName(QSsl::SslProtocol protocol)
{
    switch (protocol) {
    case QSsl::TlsV1_3:
        return QStringLiteral("TLSv1.3");
    case QSsl::TlsV1_2:
        return QStringLiteral("TLSv1.2");
    default:
        return QStringLiteral("older than TLSv1.2");
    }
}

constexpr qint64 kMaxHelloOctets = 16 * 1024 + 5;

} // namespace

QSslSocket *Session::tlsSocket() const
{
    return qobject_cast<QSslSocket *>(m_socket);
}

void Session::setTlsConfiguration(const QSslConfiguration &tls)
{
    m_tlsConfiguration = tls;
    if (QSslSocket *socket = tlsSocket())
        socket->setSslConfiguration(tls);
}

// After the 220 to STARTTLS: the connection moves to a QSslSocket (a duplicate of the same
// descriptor) and the plain socket is closed without touching the connection. Whatever the
// client pipelined after STARTTLS was read and discarded already (RFC 3207 section 4.2); the
// ClientHello that follows is read by the new socket.
bool Session::upgradeToTls()
{
    QTcpSocket *plain = m_socket;
    const auto fail = [&](const QString &why) {
        note(Records::LineKind::TlsEvent, QStringLiteral("Could not start TLS on this connection: %1").arg(why));
        m_forcedOutcome = Records::Outcome::Aborted;
        plain->abort();
        finish();
        return false;
    };
    // The network thread never waits for one client: replies the kernel could not take yet
    // mean the client is not reading them, and the 220 must be out before the swap.
    if (plain->bytesToWrite() > 0)
        return fail(QStringLiteral("the client is not reading the replies"));
    const int descriptor = ::dup(int(plain->socketDescriptor()));
    auto *tls = new QSslSocket(this);
    if (descriptor < 0 || !tls->setSocketDescriptor(descriptor)) {
        if (descriptor >= 0)
            ::close(descriptor);
        delete tls;
        return fail(QStringLiteral("no socket for it"));
    }
    disconnect(plain, nullptr, this, nullptr);
    plain->abort(); // closes its descriptor only: the duplicate keeps the connection
    plain->deleteLater();
    attach(tls);
    return true;
}

// The handshake starts only once the ClientHello is here, so its server name can be read
// first; the octets stay in the socket for the TLS engine.
void Session::awaitClientHello()
{
    m_tls = Tls::AwaitingHello;
    if (m_socket->bytesAvailable() > 0)
        inspectClientHello();
}

void Session::inspectClientHello()
{
    m_helloHint.stop();
    const QByteArray head = m_socket->peek(kMaxHelloOctets);
    const ClientHello hello = ClientHello::inspect(head);
    if (hello.status == ClientHello::Status::NeedMore && head.size() < kMaxHelloOctets)
        return;
    if (hello.status == ClientHello::Status::NotTls) {
        m_record.tls.insert(QStringLiteral("error"), QStringLiteral("client sent plain text instead of a TLS handshake"));
        note(Records::LineKind::TlsEvent, QStringLiteral("Expected a TLS handshake, the client sent plain text: \"%1\"").arg(hello.plainTextStart));
        addDefect({"tls-plain-text", QStringLiteral("Client spoke plain text where TLS was expected"), 1, -1});
        note(Records::LineKind::Defect, QStringLiteral("Client spoke plain text where TLS was expected"));
        m_forcedOutcome = Records::Outcome::Aborted;
        m_socket->abort();
        finish();
        return;
    }
    if (!hello.serverName.isEmpty())
        m_record.tls.insert(QStringLiteral("sni"), hello.serverName);
    m_tls = Tls::Handshaking;
    tlsSocket()->startServerEncryption();
}

void Session::onEncrypted()
{
    m_tls = Tls::On;
    const QSslSocket *socket = tlsSocket();
    const QSslCipher cipher = socket->sessionCipher();
    m_record.tls.insert(QStringLiteral("version"), protocolName(socket->sessionProtocol()));
    m_record.tls.insert(QStringLiteral("cipher"), cipher.name());
    m_record.tls.insert(QStringLiteral("started_us"), Records::nowUs());
    note(Records::LineKind::TlsEvent, QStringLiteral("TLS established: %1, %2%3")
             .arg(protocolName(socket->sessionProtocol()), cipher.name(),
                  m_record.tls.contains(QStringLiteral("sni"))
                      ? QStringLiteral(", client asked for \"%1\" (SNI)").arg(m_record.tls.value(QStringLiteral("sni")).toString())
                      : QStringLiteral(", no SNI")));
    Q_EMIT updated(m_record);
    if (m_implicitTls) {
        m_protocol.setImplicitTls();
        m_protocol.start();
    } else {
        m_protocol.tlsStarted();
    }
    readOn();
}

void Session::onSocketError()
{
    if (m_tls != Tls::Handshaking || m_finished)
        return;
    const QString reason = m_socket->errorString();
    m_record.tls.insert(QStringLiteral("error"), reason);
    note(Records::LineKind::TlsEvent, QStringLiteral("TLS handshake failed: %1").arg(reason));
    m_forcedOutcome = Records::Outcome::Aborted;
    m_socket->abort();
    finish();
}

} // namespace Smtp
