#include "requestguard.h"

#include <QTcpSocket>

namespace Api {

namespace {

constexpr qsizetype kMaxHeaderBlock = 64 * 1024;

// Follows one connection's requests by their framing only: where a header block ends and how
// many body octets follow it.
class RequestGuard final : public QObject
{
public:
    RequestGuard(QTcpSocket *socket, qint64 maxBody)
        : QObject(socket)
        , m_socket(socket)
        , m_maxBody(maxBody)
    {
        connect(socket, &QIODevice::readyRead, this, &RequestGuard::inspect);
    }

private:
    void inspect()
    {
        // Qt HTTP Server reads everything available after this slot, so what is buffered is new.
        if (!m_socket->isOpen())
            return;
        feed(m_socket->peek(m_socket->bytesAvailable()));
    }

    void feed(QByteArray data)
    {
        while (!data.isEmpty() && !m_done) {
            if (m_bodyLeft > 0) {
                const qint64 n = qMin<qint64>(m_bodyLeft, data.size());
                m_bodyLeft -= n;
                data.remove(0, n);
                continue;
            }
            m_head += data;
            data.clear();
            qsizetype end = m_head.indexOf("\r\n\r\n");
            qsizetype skip = 4;
            if (end < 0) {
                end = m_head.indexOf("\n\n");
                skip = 2;
            }
            if ((end < 0 && m_head.size() > kMaxHeaderBlock) || end > kMaxHeaderBlock)
                return refuse(431, "Request Header Fields Too Large", "The request's header block is over 64 KiB.");
            if (end < 0)
                return;
            data = m_head.mid(end + skip);
            const QByteArray head = m_head.left(end);
            m_head.clear();
            judge(head);
        }
    }

    void judge(const QByteArray &head)
    {
        qint64 length = 0;
        bool chunked = false;
        bool upgrade = false;
        const QList<QByteArray> lines = head.split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length")
                length = value.toLongLong();
            else if (name == "transfer-encoding")
                chunked = value.toLower().contains("chunked");
            else if (name == "upgrade")
                upgrade = value.toLower() == "websocket";
        }
        if (upgrade) {
            m_done = true; // frames follow, not HTTP
            disconnect(m_socket, nullptr, this, nullptr);
            return;
        }
        if (chunked)
            return refuse(411, "Length Required", "Send the request body with a Content-Length, not chunked.");
        if (length > m_maxBody)
            return refuse(413, "Payload Too Large",
                          QByteArray("The request body of ") + QByteArray::number(length)
                              + " octets is over the limit of " + QByteArray::number(m_maxBody) + " octets.");
        m_bodyLeft = length;
    }

    void refuse(int status, const QByteArray &reason, const QByteArray &message)
    {
        m_done = true;
        const QByteArray body = message + '\n';
        m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
                        + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        // Nothing more of this connection reaches the HTTP server; what still arrives is dropped.
        disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
        m_socket->readAll();
        connect(m_socket, &QIODevice::readyRead, this, [this] { m_socket->readAll(); });
        m_socket->disconnectFromHost();
    }

    QTcpSocket *m_socket;
    qint64 m_maxBody;
    QByteArray m_head;
    qint64 m_bodyLeft = 0;
    bool m_done = false;
};

} // namespace

GuardedTcpServer::GuardedTcpServer(qint64 maxBody, QObject *parent)
    : QTcpServer(parent)
    , m_maxBody(maxBody)
{
}

QTcpSocket *GuardedTcpServer::nextPendingConnection()
{
    QTcpSocket *socket = QTcpServer::nextPendingConnection();
    if (socket)
        new RequestGuard(socket, m_maxBody);
    return socket;
}

} // namespace Api
