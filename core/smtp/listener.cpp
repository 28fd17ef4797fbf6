#include "listener.h"

#include <QSslSocket>

namespace Smtp {

void Listener::incomingConnection(qintptr descriptor)
{
    QTcpSocket *socket = m_implicitTls ? new QSslSocket(this) : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    addPendingConnection(socket);
}

} // namespace Smtp
