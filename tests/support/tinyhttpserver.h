#pragma once

#include <QHostAddress>
#include <QObject>
#include <QStringList>
#include <QTcpServer>
#include <QTcpSocket>

// An HTTP server for link checks, on 127.0.0.1 in the test's own thread. By path (the query is
// ignored): /ok 200, /moved 301 to /ok, /nohead 405 to HEAD and 200 to GET, /slow never
// answers, anything else 404. requests records "METHOD /path?query" in arrival order.
class TinyHttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TinyHttpServer)

public:
    TinyHttpServer()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection())
                connect(s, &QTcpSocket::readyRead, this, [this, s] { answer(s); });
        });
    }
    QByteArray base() const { return "http://127.0.0.1:" + QByteArray::number(m_server.serverPort()); }
    QString url(const char *path) const { return QString::fromLatin1(base() + path); }
    QStringList requests;

private:
    void answer(QTcpSocket *s)
    {
        const QByteArray request = s->readAll();
        const QList<QByteArray> line = request.left(request.indexOf("\r\n")).split(' ');
        if (line.size() < 2)
            return;
        requests.append(QString::fromLatin1(line[0] + ' ' + line[1]));
        const QByteArray path = line[1].split('?').first();
        QByteArray status = "404 Not Found";
        QByteArray extra;
        if (path == "/ok") {
            status = "200 OK";
        } else if (path == "/moved") {
            status = "301 Moved Permanently";
            extra = "Location: /ok\r\n";
        } else if (path == "/nohead") {
            status = line[0] == "HEAD" ? "405 Method Not Allowed" : "200 OK";
        } else if (path == "/slow") {
            return;
        }
        s->write("HTTP/1.1 " + status + "\r\n" + extra + "Content-Length: 0\r\n\r\n");
    }

    QTcpServer m_server;
};
