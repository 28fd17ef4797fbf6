#include "consoleclient.h"

#include <QSslCipher>
#include <QSslSocket>

namespace Smtp {

ConsoleClient::ConsoleClient(QObject *parent)
    : QObject(parent), m_socket(new QSslSocket(this))
{
    m_socket->setPeerVerifyMode(QSslSocket::VerifyNone);
    connect(m_socket, &QSslSocket::connected, this, &ConsoleClient::connected);
    connect(m_socket, &QSslSocket::readyRead, this, &ConsoleClient::onReadyRead);
    connect(m_socket, &QSslSocket::disconnected, this, &ConsoleClient::disconnected);
    connect(m_socket, &QSslSocket::encrypted, this, [this] {
        Q_EMIT encrypted(QStringLiteral("TLS established: %1").arg(m_socket->sessionCipher().name()));
        pump();
    });
    connect(m_socket, &QAbstractSocket::errorOccurred, this, [this] {
        if (m_socket->error() != QAbstractSocket::RemoteHostClosedError)
            Q_EMIT errorOccurred(m_socket->errorString());
    });
}

ConsoleClient::~ConsoleClient() = default;

void ConsoleClient::connectTo(const QString &host, quint16 port, bool implicitTls)
{
    m_socket->abort();
    m_reader.clear();
    m_inData = m_awaitingData = m_awaitingTls = false;
    m_awaitingReply = true; // the greeting
    m_closing = false;
    m_script.clear();
    if (implicitTls)
        m_socket->connectToHostEncrypted(host, port);
    else
        m_socket->connectToHost(host, port);
}

void ConsoleClient::disconnectFromServer()
{
    m_socket->disconnectFromHost();
}

bool ConsoleClient::isConnected() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState && !m_closing;
}

bool ConsoleClient::isEncrypted() const
{
    return m_socket->isEncrypted();
}

quint16 ConsoleClient::localPort() const
{
    return m_socket->localPort();
}

void ConsoleClient::sendLine(const QByteArray &typed)
{
    QByteArray line = typed;
    if (m_inData) {
        if (line == ".")
            m_inData = false;
        else if (line.startsWith('.'))
            line.prepend('.'); // dot-stuffing (RFC 5321 4.5.2)
    } else {
        const QByteArray verb = line.split(' ').constFirst().toUpper();
        m_awaitingData = verb == "DATA";
        m_awaitingTls = verb == "STARTTLS";
    }
    m_awaitingReply = !m_inData;
    line += "\r\n";
    m_socket->write(line);
    Q_EMIT lineSent(line);
}

void ConsoleClient::onReadyRead()
{
    m_reader.append(m_socket->readAll());
    while (const auto line = m_reader.takeLine()) {
        Q_EMIT lineReceived(line->bytes);
        if (!line->last)
            continue; // more lines of the same reply follow
        m_awaitingReply = false;
        m_closing = m_closing || line->code == 221 || line->code == 421;
        if (m_awaitingData) {
            m_awaitingData = false;
            m_inData = line->code == 354;
        }
        if (m_awaitingTls) {
            m_awaitingTls = false;
            if (line->code == 220) {
                m_reader.clear();
                m_socket->startClientEncryption();
                return;
            }
        }
    }
    pump();
}

void ConsoleClient::sendScript(const QList<QByteArray> &lines)
{
    m_script += lines;
    pump();
}

void ConsoleClient::pump()
{
    const bool handshaking = m_socket->mode() != QSslSocket::UnencryptedMode && !m_socket->isEncrypted();
    while (!m_script.isEmpty() && !m_awaitingReply && !m_awaitingTls && !handshaking && isConnected())
        sendLine(m_script.takeFirst());
}

QStringList ConsoleClient::commands()
{
    return {QStringLiteral("EHLO client.example"), QStringLiteral("HELO client.example"),
            QStringLiteral("MAIL FROM:<sender@example.com>"), QStringLiteral("RCPT TO:<recipient@example.com>"),
            QStringLiteral("DATA"), QStringLiteral("BDAT 0 LAST"), QStringLiteral("RSET"), QStringLiteral("NOOP"),
            QStringLiteral("QUIT"), QStringLiteral("VRFY user"), QStringLiteral("EXPN list"), QStringLiteral("HELP"),
            QStringLiteral("STARTTLS"), QStringLiteral("AUTH PLAIN"), QStringLiteral("AUTH LOGIN"),
            QStringLiteral("AUTH CRAM-MD5")};
}

QList<QByteArray> ConsoleClient::sampleMessage(const QByteArray &from, const QByteArray &to)
{
    return {"EHLO console.example",
            "MAIL FROM:<" + from + ">",
            "RCPT TO:<" + to + ">",
            "DATA",
            "From: <" + from + ">",
            "To: <" + to + ">",
            "Subject: Sample message from the Mailscope console",
            "Message-ID: <sample@console.example>",
            "",
            "Hello! This message was typed into the SMTP console.",
            ".",
            "QUIT"};
}

} // namespace Smtp
