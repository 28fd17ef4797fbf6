#pragma once

#include <QHostAddress>
#include <QString>

#include <optional>

namespace Smtp {

struct ListenAddress
{
    QHostAddress address;
    quint16 port = 0;
    bool implicitTls = false;   // an SMTPS listener

    // "127.0.0.1:1025", "[::1]:1025", "localhost:1025", ":1025" (all addresses) or "1025".
    static std::optional<ListenAddress> parse(const QString &text);
    QString toString() const;   // the inverse, IPv6 in brackets
};

// An address as a client's is shown: IPv4 clients of a dual-stack listener as plain IPv4.
QString addressText(const QHostAddress &address);

} // namespace Smtp
