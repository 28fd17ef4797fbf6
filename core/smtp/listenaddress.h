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

} // namespace Smtp
