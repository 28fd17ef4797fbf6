#include "smtptestclient.h"

void SmtpTestClient::send(quint16 port, const QList<Message> &messages, bool quit)
{
    m_commands = {"EHLO test-client.example\r\n"};
    for (const Message &m : messages) {
        m_commands.append("MAIL FROM:<" + m.from + ">\r\n");
        for (const QByteArray &to : m.to)
            m_commands.append("RCPT TO:<" + to + ">\r\n");
        m_commands.append("DATA\r\n");
        m_commands.append(m.data + (m.data.endsWith("\r\n") ? "" : "\r\n") + ".\r\n");
    }
    if (quit)
        m_commands.append("QUIT\r\n");
    m_keepOpen = !quit;
    connect(&m_socket, &QTcpSocket::readyRead, this, &SmtpTestClient::onReadyRead);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] {
        if (!m_done) {
            m_failed = !m_commands.isEmpty();
            m_done = true;
            Q_EMIT finished();
        }
    });
    connect(&m_socket, &QTcpSocket::connected, this, [this] { m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1); });
    m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
}

void SmtpTestClient::onReadyRead()
{
    m_buffer += m_socket.readAll();
    // A reply is complete at a line whose fourth character is a space ("250 ok").
    for (;;) {
        const qsizetype eol = m_buffer.indexOf("\r\n");
        if (eol < 0)
            return;
        const QByteArray line = m_buffer.left(eol + 2);
        m_buffer.remove(0, eol + 2);
        m_transcript += "S: " + line;
        if (line.size() >= 4 && line.at(3) == ' ') {
            if (line.startsWith('4') || line.startsWith('5'))
                m_failed = true;
            next();
        }
    }
}

void SmtpTestClient::next()
{
    if (m_commands.isEmpty()) {
        m_done = true;
        if (!m_keepOpen)
            m_socket.disconnectFromHost();
        Q_EMIT finished();
        return;
    }
    write(m_commands.takeFirst());
}

void SmtpTestClient::write(const QByteArray &bytes)
{
    m_transcript += "C: " + bytes.left(200);
    m_socket.write(bytes);
}
