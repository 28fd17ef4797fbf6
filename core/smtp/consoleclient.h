#pragma once

#include "replyreader.h"

#include <QByteArray>
#include <QObject>
#include <QStringList>

class QSslSocket;

namespace Smtp {

// The client side of a hand-typed SMTP conversation, for teaching and poking at servers:
// sends what the user types, one line at a time, and reports every line in both directions.
// After a 354 it is in data mode: lines are dot-stuffed and a lone "." ends the data. After
// "220" to STARTTLS it starts TLS, accepting any certificate (the conversation is the point).
// Lives on the thread of its front end.
class ConsoleClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleClient)

public:
    explicit ConsoleClient(QObject *parent = nullptr);
    ~ConsoleClient() override;

    void connectTo(const QString &host, quint16 port, bool implicitTls = false);
    void disconnectFromServer();
    bool isConnected() const;
    bool inData() const { return m_inData; }
    bool isEncrypted() const;
    quint16 localPort() const;                      // this end of the connection, 0 when unconnected

    void sendLine(const QByteArray &line);          // without CRLF; the client adds it
    // Sends lines as a careful client would: each command after the reply to the one before,
    // data lines after the 354.
    void sendScript(const QList<QByteArray> &lines);

    static QStringList commands();                  // for completion, with their syntax
    // A whole transaction the user can send with one click.
    static QList<QByteArray> sampleMessage(const QByteArray &from, const QByteArray &to);

Q_SIGNALS:
    void connected();
    void lineSent(const QByteArray &line);          // exactly as written, CRLF included
    void lineReceived(const QByteArray &line);      // exactly as read, CRLF included
    void encrypted(const QString &description);
    void disconnected();
    void errorOccurred(const QString &message);

private:
    void onReadyRead();
    void pump();

    QSslSocket *m_socket;
    ReplyReader m_reader;
    bool m_inData = false;
    bool m_awaitingData = false;       // sent DATA, waiting for 354
    bool m_awaitingTls = false;        // sent STARTTLS, waiting for 220
    bool m_awaitingReply = false;      // a command (or the greeting) is not answered yet
    QList<QByteArray> m_script;
    bool m_closing = false;            // the server said 221 or 421: it is about to close
};

} // namespace Smtp
