#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpSocket>

// A real SMTP client for widget tests: it talks to a server in the same process, driven by
// readyRead (never waitForReadyRead, which would block the loop the server needs).
class SmtpTestClient final : public QObject
{
    Q_OBJECT

public:
    struct Message
    {
        QByteArray from;
        QList<QByteArray> to;
        QByteArray data;        // without the terminating dot; no line may start with '.'
    };

    void send(quint16 port, const QList<Message> &messages, bool quit = true);
    void command(const QByteArray &line) { write(line); } // on a connection kept open
    void close() { m_socket.disconnectFromHost(); }
    bool isDone() const { return m_done; }
    bool failed() const { return m_failed; }
    QByteArray transcript() const { return m_transcript; }

Q_SIGNALS:
    void finished();

private:
    void onReadyRead();
    void next();
    void write(const QByteArray &bytes);

    QTcpSocket m_socket;
    QList<QByteArray> m_commands;   // what to send after each complete reply
    QByteArray m_buffer;
    QByteArray m_transcript;
    bool m_done = false;
    bool m_failed = false;
    bool m_keepOpen = false;    // no QUIT: the session stays in progress
};
