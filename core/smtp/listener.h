#pragma once

#include <QTcpServer>

namespace Smtp {

// A listening socket. On an implicit-TLS (SMTPS) listener connections are QSslSockets that
// start with TLS; elsewhere they are plain QTcpSockets, which a session swaps for a QSslSocket
// if the client asks for STARTTLS (a QSslSocket in plain mode wraps a second socket, and
// every read and write would pay for both).
class Listener final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Listener)

public:
    explicit Listener(bool implicitTls, QObject *parent = nullptr)
        : QTcpServer(parent), m_implicitTls(implicitTls)
    {
    }
    bool implicitTls() const { return m_implicitTls; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    bool m_implicitTls;
};

} // namespace Smtp
