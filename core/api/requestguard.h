#pragma once

#include <QPointer>
#include <QTcpServer>

namespace Api {

// A TCP server whose connections are watched before Qt HTTP Server parses them, which keeps
// whole bodies in memory: a request announcing a body over the limit gets 413, a header block
// over 64 KiB gets 431, a chunked body 411 (Content-Length is required), and the connection is
// closed before the body is read. A WebSocket upgrade is left alone from then on.
class GuardedTcpServer final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GuardedTcpServer)

public:
    GuardedTcpServer(qint64 maxBody, QObject *parent = nullptr);
    QTcpSocket *nextPendingConnection() override;

private:
    qint64 m_maxBody;
};

} // namespace Api
