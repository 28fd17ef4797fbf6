#pragma once

#include <QTcpServer>
#include <QTcpSocket>

#include <functional>

// An SMTP server played from a script, to see exactly what a client writes: greets, answers
// each command line with what reply() returns for it (CRLF included), and after a 354 reads
// the data up to CRLF.CRLF and answers it with dataReply. Keeps every byte the client sent.
class ScriptedPeer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScriptedPeer)

public:
    using Script = std::function<QByteArray(const QByteArray &command)>;

    ScriptedPeer(Script reply, QByteArray dataReply = "250 2.0.0 queued\r\n")
        : m_reply(std::move(reply)), m_dataReply(std::move(dataReply))
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            m_socket = m_server.nextPendingConnection();
            if (!m_greeting.isEmpty())
                m_socket->write(m_greeting);
            connect(m_socket, &QTcpSocket::readyRead, this, &ScriptedPeer::onReadyRead);
            connect(m_socket, &QTcpSocket::disconnected, this, [this] { m_closed = true; });
        });
    }

    quint16 port() const { return m_server.serverPort(); }
    void setGreeting(const QByteArray &greeting) { m_greeting = greeting; } // empty: never greets
    QByteArray received() const { return m_received; }
    bool closed() const { return m_closed; }

private:
    void onReadyRead()
    {
        const QByteArray bytes = m_socket->readAll();
        m_received += bytes;
        m_pending += bytes;
        while (true) {
            if (m_inData) {
                const qsizetype end = m_pending.indexOf("\r\n.\r\n");
                if (end < 0 && !m_pending.startsWith(".\r\n"))
                    return;
                m_pending.remove(0, end < 0 ? 3 : end + 5);
                m_inData = false;
                m_socket->write(m_dataReply);
                continue;
            }
            const qsizetype end = m_pending.indexOf("\r\n");
            if (end < 0)
                return;
            const QByteArray command = m_pending.left(end);
            m_pending.remove(0, end + 2);
            const QByteArray reply = m_reply(command);
            m_inData = reply.startsWith("354");
            m_socket->write(reply);
            if (reply.startsWith("221") || reply.startsWith("421"))
                m_socket->disconnectFromHost();
        }
    }

    QTcpServer m_server;
    QTcpSocket *m_socket = nullptr;
    Script m_reply;
    QByteArray m_dataReply;
    QByteArray m_greeting = "220 peer.example ESMTP\r\n";
    QByteArray m_received;
    QByteArray m_pending;
    bool m_inData = false;
    bool m_closed = false;
};
