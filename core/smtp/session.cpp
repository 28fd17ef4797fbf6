#include "session.h"


#include "clienthello.h"

#include "mime/listsummary.h"
#include "records/clock.h"

#include <QRandomGenerator>
#include <QSslCipher>
#include <QSslSocket>

#include <unistd.h>

namespace Smtp {

namespace {

QString addressText(const QHostAddress &address)
{
    // Show IPv4 clients of a dual-stack listener as plain IPv4.
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : address.toString();
}

ProtocolConfig withNonce(ProtocolConfig config)
{
    config.authNonce = QByteArray::number(QRandomGenerator::global()->generate64()) + "."
                     + QByteArray::number(Records::nowUs() / 1000000);
    return config;
}

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

constexpr int kHelloHintMs = 3000;
// Qt stops reading from the kernel when this much is buffered: while a message is being
// stored, a client that keeps sending is slowed down by TCP instead of filling our memory.
constexpr qint64 kReadBufferOctets = 256 * 1024;
constexpr qint64 kMaxHelloOctets = 16 * 1024 + 5;

} // namespace

Session::Session(QTcpSocket *socket, const ProtocolConfig &config, bool implicitTls, QObject *parent)
    : QObject(parent), m_implicitTls(implicitTls), m_protocol(withNonce(config)),
      m_idleTimeoutMs(config.limits.idleTimeoutMs)
{
    attach(socket);
    m_peer = socket->peerAddress();
    m_record.token = Records::newToken();
    m_record.startedUs = Records::nowUs();
    m_record.clientAddress = addressText(socket->peerAddress());
    m_record.clientPort = socket->peerPort();
    m_record.serverAddress = addressText(socket->localAddress());
    m_record.serverPort = socket->localPort();

    m_idle.setSingleShot(true);
    m_idle.setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5% early
    connect(&m_idle, &QTimer::timeout, this, &Session::onIdleTimeout);
    m_helloHint.setSingleShot(true);
    connect(&m_helloHint, &QTimer::timeout, this, [this] {
        note(Records::LineKind::TlsEvent,
             QStringLiteral("No TLS handshake after %1 s: a client speaking plain SMTP here would be waiting for a "
                            "greeting that an implicit-TLS port never sends")
                 .arg(kHelloHintMs / 1000));
    });
}

Session::~Session() = default;

void Session::attach(QTcpSocket *socket)
{
    m_socket = socket;
    m_socket->setParent(this);
    m_socket->setReadBufferSize(kReadBufferOctets);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); // replies are small and awaited
    connect(m_socket, &QTcpSocket::readyRead, this, &Session::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &Session::onDisconnected);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &Session::onSocketError);
    if (QSslSocket *tls = tlsSocket()) {
        if (m_tlsConfiguration)
            tls->setSslConfiguration(*m_tlsConfiguration);
        connect(tls, &QSslSocket::encrypted, this, &Session::onEncrypted);
    }
}

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

void Session::start()
{
    Q_EMIT started(m_record);
    if (m_implicitTls) {
        note(Records::LineKind::TlsEvent,
             QStringLiteral("Implicit TLS port: waiting for the client's TLS handshake (RFC 8314)"));
        m_record.tls.insert(QStringLiteral("implicit"), true);
        awaitClientHello();
        m_helloHint.start(kHelloHintMs);
        m_idle.start(m_idleTimeoutMs);
        return;
    }
    m_protocol.start();
    drainEvents();
    m_idle.start(m_idleTimeoutMs);
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
}

void Session::reject(const Records::Reply &reply)
{
    Q_EMIT started(m_record);
    m_forcedOutcome = Records::Outcome::Rejected;
    const QByteArray wire = reply.format(true);
    if (m_implicitTls) { // a TLS client cannot read a plain reply; only the transcript says why
        note(Records::LineKind::TlsEvent,
             QStringLiteral("Closed without TLS handshake: %1").arg(QString::fromUtf8(wire.trimmed())));
        m_socket->abort();
        finish();
        return;
    }
    m_socket->write(wire);
    Q_EMIT transcriptAppended({{m_record.token, 0, 0, Records::nowUs(), Records::LineKind::Reply, wire, 0}});
    m_socket->disconnectFromHost();
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        finish();
}

void Session::onReadyRead()
{
    if (m_finished)
        return;
    m_lastRead.start();
    if (!m_idle.isActive())
        m_idle.start(m_idleTimeoutMs);
    if (m_tls == Tls::AwaitingHello)
        return inspectClientHello();
    if (m_tls == Tls::Handshaking)
        return;
    if (m_hung)
        return recordHung(m_socket->readAll());
    if (m_protocol.isAwaitingStore() || m_protocol.isPausedByFault())
        return; // read once the store or the fault rule has answered
    const QByteArray data = m_socket->readAll();
    m_protocol.receive(data);
    drainEvents();
}

void Session::onIdleTimeout()
{
    if (m_lastRead.isValid() && m_lastRead.elapsed() < m_idleTimeoutMs) { // the client spoke since it was set
        m_idle.start(int(m_idleTimeoutMs - m_lastRead.elapsed()));
        return;
    }
    if (m_protocol.isAwaitingStore() || isWaitingOnRule()) { // the wait is ours, not the client's
        m_idle.start(m_idleTimeoutMs);
        return;
    }
    m_forcedOutcome = Records::Outcome::TimedOut;
    if (m_hung) {
        note(Records::LineKind::Note, QStringLiteral("Idle timeout while hanging: closed without a reply"));
        m_socket->disconnectFromHost();
        return;
    }
    m_protocol.idleTimeout();
    drainEvents();
}

void Session::shutdown()
{
    if (m_finished)
        return;
    if (m_forcedOutcome == Records::Outcome::InProgress)
        m_forcedOutcome = Records::Outcome::Shutdown;
    endFaults(); // a delayed or throttled reply is not waited for: the 421 goes out now
    m_protocol.shutdown();
    drainEvents();
    // The network thread is stopping: write the 421 now rather than from an event loop.
    m_socket->flush();
    if (m_socket->state() != QAbstractSocket::UnconnectedState && m_socket->bytesToWrite() > 0)
        m_socket->waitForBytesWritten(200);
    m_socket->abort();
    finish();
}

void Session::messageAcknowledged(const Records::StoredAck &ack)
{
    if (ack.messageToken != m_pendingMessage)
        return;
    m_pendingMessage = 0;
    if (ack.messageId > 0 && m_faults.injector)
        m_faults.injector->messageStored(m_stored);
    m_stored = {};
    if (ack.messageId > 0) {
        ++m_record.messageCount; // counted once stored: a refused message is not delivered
        Q_EMIT updated(m_record);
        m_protocol.messageStored(QByteArray::number(ack.messageId));
    }
    else
        m_protocol.messageFailed(ack.error.toUtf8().left(200));
    drainEvents();
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
}

void Session::drainEvents()
{
    handleEvents(m_protocol.takeEvents());
}

void Session::handleEvents(const ProtocolEvents &events)
{
    if (events.isEmpty())
        return;
    const qint64 now = Records::nowUs();
    QList<Records::TranscriptLine> lines;
    lines.reserve(events.size());
    QByteArray output;
    bool closing = false;
    bool changed = false; // the record's facts: published once, after the lines that tell of them
    for (qsizetype i = 0; i < events.size(); ++i) {
        const ProtocolEvent &e = events[i];
        switch (e.kind) {
        case ProtocolEvent::Kind::Received:
            m_lastCommand = e.bytes.trimmed();
            lines.append({m_record.token, 0, 0, now, e.line, e.bytes, 0});
            break;
        case ProtocolEvent::Kind::Sent:
            if (e.replyCode >= 400)
                m_refused = true;
            if (e.replyCode == 221)
                m_quit = true;
            output += e.bytes;
            lines.append({m_record.token, 0, 0, now, e.line, e.bytes, 0});
            break;
        case ProtocolEvent::Kind::Note:
            lines.append({m_record.token, 0, 0, now, e.line, e.text.toUtf8(), 0});
            break;
        case ProtocolEvent::Kind::Defect:
            addDefect(e.defect);
            break;
        case ProtocolEvent::Kind::MessageReady:
            // Lines before the message must reach the store before it, so flush them first.
            Q_EMIT transcriptAppended(std::exchange(lines, {}));
            handleMessage(e);
            break;
        case ProtocolEvent::Kind::Closed:
            closing = true;
            break;
        case ProtocolEvent::Kind::StartTls:
            m_tls = Tls::AwaitingHello;
            lines.append({m_record.token, 0, 0, now, Records::LineKind::TlsEvent,
                          QByteArrayLiteral("Waiting for the client's TLS handshake"), 0});
            break;
        case ProtocolEvent::Kind::Authenticated:
            m_record.authUser = e.bytes;
            changed = true;
            break;
        case ProtocolEvent::Kind::Fault:
            onFault(e.fault, lines);
            break;
        case ProtocolEvent::Kind::Pace:
            // The reply and what follows it wait for the rule's delay or throttle.
            startPace(e.fault, events.mid(i + 1));
            i = events.size();
            break;
        }
    }
    if (!output.isEmpty())
        send(output);
    if (!lines.isEmpty())
        Q_EMIT transcriptAppended(lines);
    if (m_tls == Tls::AwaitingHello && !tlsSocket() && !upgradeToTls())
        return;
    if (m_protocol.heloName() != m_record.helo) {
        m_record.helo = m_protocol.heloName();
        changed = true;
    }
    if (changed)
        Q_EMIT updated(m_record);
    if (closing)
        closeWhenSent();
}

void Session::handleMessage(const ProtocolEvent &e)
{
    Records::MessageRecord m;
    m.token = Records::newToken();
    m.sessionToken = m_record.token;
    m.envelope = e.envelope;
    m.helo = m_protocol.heloName();
    m.clientAddress = m_record.clientAddress;
    m.clientPort = m_record.clientPort;
    m.serverAddress = m_record.serverAddress;
    m.serverPort = m_record.serverPort;
    m.raw = e.content;
    m.defects = e.messageDefects;
    m.dataLines = e.dataLines;
    m.summary = Mime::summarize(e.content);
    m.summary.authUser = m_protocol.authenticatedUser();
    m.summary.tls = m_protocol.isTls();
    m.summary.faultRules = e.faultRules;
    m.summary.faultRules.removeDuplicates();
    m_stored.recipients.clear();
    for (const Records::Recipient &r : e.envelope.recipients)
        m_stored.recipients.append(r.address);
    m_stored.content = e.content;
    m.dataNote = (e.envelope.chunked ? QStringLiteral("Message data (BDAT): ") : QStringLiteral("Message data (DATA): "))
                 + QString::number(e.content.size()) + QStringLiteral(" octets, ") + QString::number(e.dataLines)
                 + QStringLiteral(" lines");
    m_pendingMessage = m.token;
    Q_EMIT messageReceived(m);
}

void Session::addDefect(const Records::Defect &defect)
{
    for (Records::Defect &d : m_record.defects) {
        if (d.code == defect.code) {
            d.count += defect.count;
            return;
        }
    }
    m_record.defects.append(defect);
}

void Session::note(Records::LineKind kind, const QString &text)
{
    Q_EMIT transcriptAppended({{m_record.token, 0, 0, Records::nowUs(), kind, text.toUtf8(), 0}});
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
        note(Records::LineKind::TlsEvent,
             QStringLiteral("Expected a TLS handshake, the client sent plain text: \"%1\"").arg(hello.plainTextStart));
        addDefect({"tls-plain-text", QStringLiteral("Client spoke plain text where TLS was expected"), 1, -1});
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
    drainEvents();
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
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

void Session::onDisconnected()
{
    finish();
}

void Session::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_idle.stop();
    endFaults();
    if (m_socket->bytesAvailable() > 0) { // whatever arrived with the close is still the client's
        m_protocol.receive(m_socket->readAll());
        drainEvents();
    }
    m_record.endedUs = Records::nowUs();
    if (m_forcedOutcome != Records::Outcome::InProgress)
        m_record.outcome = m_forcedOutcome;
    else if (m_record.messageCount > 0 || m_pendingMessage) // a message still being stored counts
        m_record.outcome = Records::Outcome::Delivered;
    else if (m_refused)
        m_record.outcome = Records::Outcome::Rejected;
    else if (m_quit)
        m_record.outcome = Records::Outcome::Quit;
    else
        m_record.outcome = Records::Outcome::Aborted;
    if (!m_quit && !m_closedByRule && m_forcedOutcome == Records::Outcome::InProgress) {
        Q_EMIT transcriptAppended({{m_record.token, 0, 0, m_record.endedUs, Records::LineKind::Note,
                                    QByteArrayLiteral("Client closed the connection"), 0}});
    }
    Q_EMIT updated(m_record);
    Q_EMIT finished(m_record.token);
}

} // namespace Smtp
