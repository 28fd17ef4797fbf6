#include "submitter.h"

#include <QHostInfo>
#include <QSslSocket>

namespace Smtp {

namespace {

constexpr int kQuitTimeoutMs = 5000; // the outcome is known; QUIT is a courtesy

bool hasEightBit(const QByteArray &bytes)
{
    for (const char c : bytes) {
        if (uchar(c) >= 0x80)
            return true;
    }
    return false;
}

} // namespace

Submitter::Submitter(QObject *parent)
    : QObject(parent), m_socket(new QSslSocket(this))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_step == Step::Quit)
            return done();
        const SubmitStage where = stage();
        if (m_step == Step::Body || m_step == Step::Connecting || m_step == Step::Handshake)
            m_socket->abort(); // no QUIT: mid-data it would be message text, mid-handshake noise
        fail(SubmitFailure::TimedOut, where, 0, {});
    });
    connect(m_socket, &QSslSocket::connected, this, &Submitter::onConnected);
    connect(m_socket, &QSslSocket::encrypted, this, &Submitter::onEncrypted);
    connect(m_socket, &QSslSocket::readyRead, this, &Submitter::onReadyRead);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &Submitter::onSocketError);
    connect(m_socket, &QSslSocket::disconnected, this, &Submitter::onSocketError);
    connect(m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &) {
        if (!m_target.verifyCertificate)
            m_socket->ignoreSslErrors();
    });
}

Submitter::~Submitter() = default;

void Submitter::submit(const SubmitTarget &target, const Submission &submission)
{
    Q_ASSERT(m_step == Step::Idle);
    m_target = target;
    m_submission = submission;
    for (const QByteArray &r : submission.recipients)
        m_outcome.recipients.append({r, 0, {}});
    if (m_target.heloName.isEmpty())
        m_target.heloName = QHostInfo::localHostName().toUtf8();
    if (m_target.heloName.isEmpty())
        m_target.heloName = "localhost";
    m_step = Step::Connecting;
    if (submission.recipients.isEmpty()) {
        // Asynchronous like every other outcome, so callers connect finished() after submit().
        QMetaObject::invokeMethod(this, [this] { fail(SubmitFailure::NoRecipientAccepted, SubmitStage::Rcpt, 0, {}); },
                                  Qt::QueuedConnection);
        return;
    }
    m_socket->setPeerVerifyMode(m_target.verifyCertificate ? QSslSocket::VerifyPeer : QSslSocket::VerifyNone);
    m_socket->setPeerVerifyName(m_target.server.host);
    m_timer.start(m_target.connectTimeoutMs);
    if (m_target.security == TransportSecurity::ImplicitTls)
        m_socket->connectToHostEncrypted(m_target.server.host, m_target.server.port);
    else
        m_socket->connectToHost(m_target.server.host, m_target.server.port);
}

SubmitStage Submitter::stage() const
{
    switch (m_step) {
    case Step::Idle:
    case Step::Connecting:
        return m_tcpConnected ? SubmitStage::Tls : SubmitStage::Connect;
    case Step::Greeting: return SubmitStage::Greeting;
    case Step::Ehlo:
    case Step::Helo: return SubmitStage::Ehlo;
    case Step::StartTls: return SubmitStage::StartTls;
    case Step::Handshake: return SubmitStage::Tls;
    case Step::AuthPlain:
    case Step::AuthLogin:
    case Step::AuthLoginUser:
    case Step::AuthLoginPassword: return SubmitStage::Auth;
    case Step::Mail: return SubmitStage::Mail;
    case Step::Rcpt: return SubmitStage::Rcpt;
    case Step::Data: return SubmitStage::Data;
    case Step::Body:
    case Step::Quit:
    case Step::Done: return SubmitStage::EndOfData;
    }
    return SubmitStage::Connect;
}

void Submitter::onConnected()
{
    m_tcpConnected = true;
    if (m_target.security == TransportSecurity::ImplicitTls)
        return; // the greeting comes after the handshake
    m_step = Step::Greeting;
    m_timer.start(m_target.replyTimeoutMs);
}

void Submitter::onEncrypted()
{
    if (m_step == Step::Connecting) { // implicit TLS
        m_step = Step::Greeting;
        m_timer.start(m_target.replyTimeoutMs);
        onReadyRead(); // a greeting may have arrived with the handshake
    } else if (m_step == Step::Handshake) {
        // RFC 3207 4.2: forget what was learnt before TLS and ask again.
        send("EHLO " + m_target.heloName, Step::Ehlo);
    }
}

void Submitter::onReadyRead()
{
    if (m_step == Step::Quit) {
        m_reader.append(m_socket->readAll());
        while (const auto line = m_reader.takeLine()) {
            Q_EMIT lineReceived(line->bytes);
            if (line->last)
                return done();
        }
        return;
    }
    if (m_step == Step::Done || m_step == Step::Handshake)
        return;
    m_reader.append(m_socket->readAll());
    while (m_step != Step::Done && m_step != Step::Handshake && m_step != Step::Quit) {
        const auto line = m_reader.takeLine();
        if (!line)
            break;
        Q_EMIT lineReceived(line->bytes);
        m_reply.code = line->code;
        m_reply.texts.append(line->text());
        if (!line->last)
            continue;
        const Reply reply = std::exchange(m_reply, {});
        onReply(reply);
    }
}

// An error, or the connection closed: what it means depends on where the dialogue was.
void Submitter::onSocketError()
{
    if (m_step == Step::Quit)
        return done();
    onReadyRead(); // a reply that came with the close still counts
    if (m_step == Step::Done)
        return;
    const QAbstractSocket::SocketError error = m_socket->error();
    const bool handshaking = m_step == Step::Handshake || (m_step == Step::Connecting && m_tcpConnected);
    const bool tlsError = error == QAbstractSocket::SslHandshakeFailedError || error == QAbstractSocket::SslInternalError
        || error == QAbstractSocket::SslInvalidUserDataError;
    QByteArray why = m_socket->errorString().toUtf8();
    if (error == QAbstractSocket::UnknownSocketError || why.isEmpty())
        why = "the server closed the connection";
    if (tlsError || handshaking)
        fail(SubmitFailure::TlsFailed, SubmitStage::Tls, 0, why);
    else if (m_step == Step::Connecting)
        fail(SubmitFailure::ConnectFailed, SubmitStage::Connect, 0, why);
    else
        fail(SubmitFailure::ConnectionLost, stage(), 0, why);
}

void Submitter::send(const QByteArray &command, Step next)
{
    const QByteArray line = command + "\r\n";
    m_socket->write(line);
    Q_EMIT lineSent(line);
    m_step = next;
    m_timer.start(m_target.replyTimeoutMs);
}

// Credentials go on the wire but not into lineSent(), which -v prints: shown stands for them.
void Submitter::sendSecret(const QByteArray &line, const QByteArray &shown, Step next)
{
    m_socket->write(line + "\r\n");
    Q_EMIT lineSent(shown + "\r\n");
    m_step = next;
    m_timer.start(m_target.replyTimeoutMs);
}

void Submitter::onReply(const Reply &reply)
{
    const int klass = reply.code / 100;
    switch (m_step) {
    case Step::Greeting:
        if (klass != 2)
            return fail(SubmitFailure::Refused, SubmitStage::Greeting, reply.code, reply.text());
        return send("EHLO " + m_target.heloName, Step::Ehlo);
    case Step::Ehlo:
        return onEhloReply(reply);
    case Step::Helo:
        if (klass != 2)
            return fail(SubmitFailure::Refused, SubmitStage::Ehlo, reply.code, reply.text());
        return afterHello();
    case Step::StartTls:
        if (reply.code != 220)
            return fail(SubmitFailure::Refused, SubmitStage::StartTls, reply.code, reply.text());
        m_step = Step::Handshake;
        m_reader.clear();
        m_timer.start(m_target.connectTimeoutMs);
        m_socket->startClientEncryption();
        return;
    case Step::AuthPlain:
    case Step::AuthLoginPassword:
        if (reply.code != 235)
            return fail(SubmitFailure::AuthRefused, SubmitStage::Auth, reply.code, reply.text());
        return sendMail();
    case Step::AuthLogin:
    case Step::AuthLoginUser:
        if (reply.code != 334)
            return fail(SubmitFailure::AuthRefused, SubmitStage::Auth, reply.code, reply.text());
        if (m_step == Step::AuthLogin)
            return sendSecret(m_target.user.toBase64(), "(user)", Step::AuthLoginUser);
        return sendSecret(m_target.password.toBase64(), "(password)", Step::AuthLoginPassword);
    case Step::Mail:
        if (klass != 2)
            return fail(SubmitFailure::Refused, SubmitStage::Mail, reply.code, reply.text());
        m_rcpt = 0;
        return sendRcpt();
    case Step::Rcpt: {
        RecipientResult &result = m_outcome.recipients[m_rcpt];
        result.code = reply.code;
        result.text = reply.text();
        ++m_rcpt;
        if (m_rcpt < m_outcome.recipients.size())
            return sendRcpt();
        for (const RecipientResult &r : std::as_const(m_outcome.recipients)) {
            if (r.accepted())
                return send("DATA", Step::Data);
        }
        return fail(SubmitFailure::NoRecipientAccepted, SubmitStage::Rcpt, reply.code, reply.text());
    }
    case Step::Data:
        if (reply.code != 354)
            return fail(SubmitFailure::Refused, SubmitStage::Data, reply.code, reply.text());
        m_socket->write(dataForWire(m_submission.message));
        m_step = Step::Body;
        m_timer.start(m_target.dataTimeoutMs);
        return;
    case Step::Body:
        if (klass != 2)
            return fail(SubmitFailure::Refused, SubmitStage::EndOfData, reply.code, reply.text());
        m_outcome.code = reply.code;
        m_outcome.text = reply.text();
        return finish();
    case Step::Idle:
    case Step::Connecting:
    case Step::Handshake:
    case Step::Quit:
    case Step::Done:
        return; // nothing was asked: a reply out of turn is ignored
    }
}

void Submitter::onEhloReply(const Reply &reply)
{
    if (reply.code / 100 != 2) {
        if (m_target.security == TransportSecurity::StartTls && !m_socket->isEncrypted())
            return fail(SubmitFailure::Refused, SubmitStage::Ehlo, reply.code, reply.text());
        return send("HELO " + m_target.heloName, Step::Helo); // an old server: no extensions
    }
    m_offersStartTls = m_offersSize = m_offers8BitMime = m_offersSmtpUtf8 = false;
    m_authMechanisms.clear();
    for (qsizetype i = 1; i < reply.texts.size(); ++i) { // the first line is the server's name
        const QList<QByteArray> words = reply.texts[i].simplified().toUpper().split(' ');
        const QByteArray &keyword = words.first();
        if (keyword == "STARTTLS")
            m_offersStartTls = true;
        else if (keyword == "SIZE")
            m_offersSize = true;
        else if (keyword == "8BITMIME")
            m_offers8BitMime = true;
        else if (keyword == "SMTPUTF8")
            m_offersSmtpUtf8 = true;
        else if (keyword == "AUTH")
            m_authMechanisms = words.mid(1);
    }
    afterHello();
}

void Submitter::afterHello()
{
    if (m_target.security == TransportSecurity::StartTls && !m_socket->isEncrypted()) {
        if (!m_offersStartTls)
            return fail(SubmitFailure::TlsFailed, SubmitStage::StartTls, 0, "the server does not offer STARTTLS");
        return send("STARTTLS", Step::StartTls);
    }
    if (!m_target.user.isEmpty() && !m_authMechanisms.isEmpty())
        return authenticate();
    sendMail();
}

void Submitter::authenticate()
{
    if (m_authMechanisms.contains("PLAIN")) {
        const QByteArray initial = QByteArray(1, '\0') + m_target.user + '\0' + m_target.password;
        sendSecret("AUTH PLAIN " + initial.toBase64(), "AUTH PLAIN (credentials)", Step::AuthPlain);
    } else if (m_authMechanisms.contains("LOGIN")) {
        send("AUTH LOGIN", Step::AuthLogin);
    } else {
        fail(SubmitFailure::AuthUnavailable, SubmitStage::Auth, 0, m_authMechanisms.join(' '));
    }
}

void Submitter::sendMail()
{
    QByteArray command = "MAIL FROM:<" + m_submission.sender + ">";
    if (m_offersSize)
        command += " SIZE=" + QByteArray::number(m_submission.message.size());
    if (m_offers8BitMime && hasEightBit(m_submission.message))
        command += " BODY=8BITMIME";
    bool international = hasEightBit(m_submission.sender);
    for (const QByteArray &r : std::as_const(m_submission.recipients))
        international = international || hasEightBit(r);
    if (m_offersSmtpUtf8 && international)
        command += " SMTPUTF8";
    send(command, Step::Mail);
}

void Submitter::sendRcpt()
{
    send("RCPT TO:<" + m_outcome.recipients[m_rcpt].address + ">", Step::Rcpt);
}

void Submitter::fail(SubmitFailure failure, SubmitStage stage, int code, const QByteArray &text)
{
    if (m_step == Step::Quit || m_step == Step::Done)
        return;
    m_outcome.failure = failure;
    m_outcome.stage = stage;
    m_outcome.code = code;
    m_outcome.text = text;
    finish();
}

// Says QUIT where the dialogue allows it and waits briefly for its reply before reporting.
void Submitter::finish()
{
    m_timer.stop();
    const bool talking = m_socket->state() == QAbstractSocket::ConnectedState && m_step != Step::Handshake
        && (m_socket->mode() == QSslSocket::UnencryptedMode || m_socket->isEncrypted());
    if (!talking) {
        m_socket->abort();
        return done();
    }
    m_reader.clear();
    send("QUIT", Step::Quit);
    m_timer.start(std::min(m_target.replyTimeoutMs, kQuitTimeoutMs));
}

void Submitter::done()
{
    if (m_step == Step::Done)
        return;
    m_step = Step::Done;
    m_timer.stop();
    m_socket->abort();
    Q_EMIT finished(m_outcome);
}

} // namespace Smtp
