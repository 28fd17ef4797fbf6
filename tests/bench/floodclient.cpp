#include "floodclient.h"

#include <QTcpSocket>

FloodClient::FloodClient(quint16 port, int connections, int ratePerSecond, int total)
    : m_port(port), m_rate(ratePerSecond), m_total(total), m_connections(connections)
{
    m_pacer.setParent(this); // moves to the client's thread with it
    m_pacer.setTimerType(Qt::PreciseTimer);
    m_pacer.setInterval(5);
    connect(&m_pacer, &QTimer::timeout, this, &FloodClient::release);
}

void FloodClient::start()
{
    m_clock.start();
    for (Connection &c : m_connections) {
        c.socket = new QTcpSocket(this);
        c.socket->connectToHost(QStringLiteral("127.0.0.1"), m_port);
        Connection *self = &c;
        connect(c.socket, &QTcpSocket::readyRead, this, [this, self] {
            self->buffer += self->socket->readAll();
            for (qsizetype eol; (eol = self->buffer.indexOf("\r\n")) >= 0;) {
                const QByteArray line = self->buffer.left(eol);
                self->buffer.remove(0, eol + 2);
                if (line.size() >= 4 && line.at(3) == ' ')
                    onReply(*self);
            }
        });
    }
    m_pacer.start();
}

void FloodClient::onReply(Connection &c)
{
    static const QByteArray body = QByteArray("x").repeated(600);
    switch (c.step) {
    case 0:
        c.socket->write("EHLO flood.example\r\n");
        c.step = 1;
        return;
    case 1:
    case 5:
        if (c.step == 5 && ++m_acknowledged == m_total) {
            m_pacer.stop();
            Q_EMIT finished();
        }
        c.step = 2;
        c.idle = true; // the pacer decides when the next message starts
        return;
    case 2:
        c.socket->write("RCPT TO:<inbox@example.org>\r\n");
        c.step = 3;
        return;
    case 3:
        c.socket->write("DATA\r\n");
        c.step = 4;
        return;
    case 4:
        c.socket->write("From: Flood <flood@example.com>\r\nTo: inbox@example.org\r\nSubject: Flood message "
                        + QByteArray::number(m_started) + "\r\nDate: Sun, 22 Nov 2026 10:00:00 +0000\r\n"
                        "Message-ID: <" + QByteArray::number(m_started) + "@flood.example>\r\n\r\n" + body + "\r\n.\r\n");
        c.step = 5;
        return;
    }
}

void FloodClient::release()
{
    // Messages due by now at the target rate, handed to idle connections.
    const int due = std::min<qint64>(m_total, qint64(m_clock.nsecsElapsed() / 1e9 * m_rate) + 1);
    for (Connection &c : m_connections) {
        if (m_started >= due)
            return;
        if (c.idle)
            sendNext(c);
    }
}

void FloodClient::sendNext(Connection &c)
{
    c.idle = false;
    ++m_started;
    c.socket->write("MAIL FROM:<flood@example.com>\r\n");
}
