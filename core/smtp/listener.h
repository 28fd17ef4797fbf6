#pragma once

#include <QTcpServer>

namespace Smtp {

// A listening socket whose connections are QSslSockets, so any session can start TLS;
// on an implicit-TLS (SMTPS) listener they start with it.
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
