#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

class QTcpSocket;

// Sends SMTP mail at a fixed rate over a few connections, for the GUI benchmark. Lives on
// its own thread; each connection sends its next message when the pacer allows one.
class FloodClient final : public QObject
{
    Q_OBJECT

public:
    FloodClient(quint16 port, int connections, int ratePerSecond, int total);
    void start();
    int sent() const { return m_acknowledged; }
    double elapsedSeconds() const { return m_clock.nsecsElapsed() / 1e9; }

Q_SIGNALS:
    void finished();

private:
    struct Connection
    {
        QTcpSocket *socket = nullptr;
        QByteArray buffer;
        int step = 0;           // 0 greeting, 1 EHLO, 2 MAIL, 3 RCPT, 4 DATA, 5 content
        bool idle = false;      // waiting for the pacer
    };
    void onReply(Connection &c);
    void sendNext(Connection &c);
    void release();

    quint16 m_port;
    int m_rate;
    int m_total;
    int m_started = 0;
    int m_acknowledged = 0;
    QList<Connection> m_connections;
    QTimer m_pacer;
    QElapsedTimer m_clock;
};
