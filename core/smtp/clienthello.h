#pragma once

#include <QByteArray>
#include <QString>

namespace Smtp {

// Looks at the first octets a client sent where a TLS handshake is expected, without
// consuming them: is it a TLS ClientHello, and which server name (SNI, RFC 6066 3) does it ask for?
struct ClientHello
{
    enum class Status { NeedMore, Tls, NotTls };
    Status status = Status::NeedMore;
    QString serverName;         // empty when the client sent none
    QString plainTextStart;     // NotTls: the start of what was sent, printable

    static ClientHello inspect(const QByteArray &bytes);
};

} // namespace Smtp
