#include "session.h"

#include "listenaddress.h"
#include "transcripttext.h"

#include "records/clock.h"

#include <QRandomGenerator>
#include <QSslSocket>

#include <sys/socket.h>
#include <unistd.h>

namespace Smtp {

namespace {

ProtocolConfig withNonce(ProtocolConfig config)
{
    config.authNonce = QByteArray::number(QRandomGenerator::global()->generate64()) + "."
                     + QByteArray::number(Records::nowUs() / 1000000);
    return config;
}

constexpr int kHelloHintMs = 3000;
// Qt stops reading from the kernel when this much is buffered: while a message is being
// stored, a client that keeps sending is slowed down by TCP instead of filling our memory.
constexpr qint64 kReadBufferOctets = 256 * 1024;

} // namespace

Session::Session(QTcpSocket *socket, const ProtocolConfig &config, bool implicitTls, QObject *parent)
    : QObject(parent), m_implicitTls(implicitTls), m_protocol(withNonce(config)),
      m_idleTimeoutMs(config.limits.idleTimeoutMs)
{
    attach(socket);
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

Session::~Session()
{
    releaseReplyPath();
}

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
    if (m_socket->bytesAvailable() > 0)
        m_protocol.inputWaiting(); // before the greeting is written
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
    const QByteArray wire = reply.format(false); // before any EHLO: no enhanced code (RFC 2034 3)
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
    if (m_faults.isHung())
        return recordHung(m_socket->readAll());
    if (m_protocol.isAwaitingStore() || m_protocol.isPausedByFault()) {
        m_protocol.inputWaiting();
        drainEvents();
        return; // read once the store or the fault rule has answered
    }
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
    if (m_protocol.isAwaitingStore() || m_faults.isWaitingOnRule()) { // the wait is ours, not the client's
        m_idle.start(m_idleTimeoutMs);
        return;
    }
    m_forcedOutcome = Records::Outcome::TimedOut;
    if (m_faults.isHung()) {
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
    m_faults.stop(); // a delayed or throttled reply is not waited for: the 421 goes out now
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
    m_faults.messageAcknowledged(ack.messageId > 0);
    if (ack.messageId > 0) {
        // Counted once stored: a refused message is not delivered. The writer keeps the stored
        // count itself, so this needs no update of its own on the ingest path.
        ++m_record.messageCount;
        m_protocol.messageStored(QByteArray::number(ack.messageId));
    }
    else
        m_protocol.messageFailed(ack.error.toUtf8().left(200));
    readOn();
}

void Session::drainEvents()
{
    handleEvents(m_protocol.takeEvents());
}

void Session::readOn()
{
    drainEvents();
    if (m_inputClosed) {
        if (m_finished || m_protocol.isAwaitingStore() || m_protocol.isPausedByFault())
            return;
        if (!m_lateInput.isEmpty()) { // commands pipelined behind the message, QUIT among them
            m_protocol.receive(std::exchange(m_lateInput, {}));
            drainEvents();
            if (m_protocol.isAwaitingStore())
                return;
        }
        finish(); // nothing more can come: every reply owed is written
        return;
    }
    if (!m_pendingMessage)
        releaseReplyPath();
    if (m_socket->bytesAvailable() > 0) // what the client sent meanwhile waited in the socket
        onReadyRead();
}

void Session::write(const QByteArray &bytes)
{
    if (m_inputClosed) {
        // The socket is closed on our side; the duplicate still reaches the client. Replies
        // are small: what the kernel does not take at once is dropped with the connection.
        for (qsizetype sent = 0; m_replyFd >= 0 && sent < bytes.size();) {
            const ssize_t n = ::send(m_replyFd, bytes.constData() + sent, size_t(bytes.size() - sent), MSG_NOSIGNAL);
            if (n <= 0)
                break;
            sent += n;
        }
        return;
    }
    m_socket->write(bytes);
    m_socket->flush(); // now, not on the next turn of the event loop
}

void Session::disconnectClient()
{
    if (m_inputClosed)
        return finish();
    m_socket->disconnectFromHost();
}

void Session::keepReplyPath()
{
    if (m_replyFd >= 0 || m_tls != Tls::Off || tlsSocket() || m_socket->socketDescriptor() < 0)
        return;
    m_replyFd = ::dup(int(m_socket->socketDescriptor()));
}

void Session::releaseReplyPath()
{
    if (m_replyFd >= 0)
        ::close(std::exchange(m_replyFd, -1));
}

void Session::setFaults(const Faults::Hooks &hooks)
{
    m_faults.begin(hooks, m_record.token, m_socket->peerAddress());
}

void Session::onFault(const Faults::Decision &d, QList<Records::TranscriptLine> &lines)
{
    bool counted = false;
    for (Records::FaultHit &hit : m_record.faultRules) {
        if (hit.rule == d.rule) {
            ++hit.count;
            counted = true;
        }
    }
    if (!counted)
        m_record.faultRules.append({d.rule, 1});
    m_faults.decided(d);
    using Kind = Faults::Decision::Kind;
    switch (d.kind) {
    case Kind::Drop:
        ++m_record.droppedMessages;
        break;
    case Kind::Hang:
        // Commands pipelined behind the one that hangs are read, never answered.
        lines += unansweredLines(m_protocol.readUnanswered({}));
        break;
    default:
        break;
    }
}

void Session::recordHung(const QByteArray &data, bool atEnd)
{
    if (const auto lines = unansweredLines(m_protocol.readUnanswered(data, atEnd)); !lines.isEmpty())
        Q_EMIT transcriptAppended(lines);
}

QList<Records::TranscriptLine> Session::unansweredLines(const ProtocolEvents &events) const
{
    QList<Records::TranscriptLine> lines;
    const qint64 now = Records::nowUs();
    for (const ProtocolEvent &e : events) {
        if (e.kind == ProtocolEvent::Kind::Received)
            lines.append({m_record.token, 0, 0, now, e.line, e.bytes, 0});
    }
    return lines;
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
            lines.append({m_record.token, 0, 0, now, e.line, e.bytes, 0});
            // A held AUTH line is shown by its mask, whatever is recorded.
            m_faults.commandRead(e.line == Records::LineKind::AuthSecret ? TranscriptText::text(lines.last()).toUtf8()
                                                                         : e.bytes);
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
        case ProtocolEvent::Kind::Defect: // counted on the session, and a row where it happened
            addDefect(e.defect);
            lines.append({m_record.token, 0, 0, now, Records::LineKind::Defect, e.defect.detail.toUtf8(), 0});
            changed = true;
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
            changed = true;
            break;
        case ProtocolEvent::Kind::Pace:
            // The reply and what follows it wait for the rule's delay or throttle.
            m_faults.pace(e.fault, events.mid(i + 1));
            i = events.size();
            break;
        }
    }
    if (m_protocol.authFailures() != m_authFailures)
        Q_EMIT authFailed(m_protocol.authFailures() - std::exchange(m_authFailures, m_protocol.authFailures()));
    if (!output.isEmpty())
        m_faults.send(output);
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
        m_faults.closeWhenSent();
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
    m.spool = e.spool;
    m.defects = e.messageDefects;
    m.dataLines = e.dataLines;
    // The list columns are the writer's to compute: a MIME parse here would hold every session.
    m.summaryPending = true;
    m.summary.receivedUs = Records::nowUs();
    m.summary.size = e.contentSize();
    m.summary.authUser = m_protocol.authenticatedUser();
    m.summary.tls = m_protocol.isTls();
    m.summary.faultRules = e.faultRules;
    m.summary.faultRules.removeDuplicates();
    m_faults.messageReady(e);
    m.dataNote = (e.envelope.chunked ? QStringLiteral("Message data (BDAT): ") : QStringLiteral("Message data (DATA): "))
                 + QString::number(e.contentSize()) + QStringLiteral(" octets, ") + QString::number(e.dataLines)
                 + QStringLiteral(" lines");
    m_pendingMessage = m.token;
    keepReplyPath();
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

void Session::onDisconnected()
{
    if (!m_finished && m_pendingMessage && m_replyFd >= 0) {
        // The client may only have shut down its sending side: its 250 is still owed.
        m_inputClosed = true;
        m_lateInput += m_socket->readAll();
        return;
    }
    finish();
}

void Session::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_idle.stop();
    m_faults.end();
    if (m_faults.isHung()) {
        recordHung(m_socket->readAll(), true);
    } else if (m_socket->bytesAvailable() > 0) { // whatever arrived with the close is still the client's
        m_protocol.receive(m_socket->readAll());
        drainEvents();
    }
    if (m_inputClosed)
        ::shutdown(m_replyFd, SHUT_RDWR); // the client sees the close after its last reply
    releaseReplyPath();
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
    if (!m_quit && !m_faults.closedByRule() && m_forcedOutcome == Records::Outcome::InProgress) {
        Q_EMIT transcriptAppended({{m_record.token, 0, 0, m_record.endedUs, Records::LineKind::Note,
                                    QByteArrayLiteral("Client closed the connection"), 0}});
    }
    Q_EMIT updated(m_record);
    Q_EMIT finished(m_record.token);
}

} // namespace Smtp
