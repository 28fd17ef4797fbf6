#include "listenaddress.h"

namespace Smtp {

QString addressText(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : address.toString();
}

std::optional<ListenAddress> ListenAddress::parse(const QString &text)
{
    QString host;
    QString port = text;
    if (text.startsWith(QLatin1Char('['))) {
        const qsizetype close = text.indexOf(QStringLiteral("]:"));
        if (close < 0)
            return std::nullopt;
        host = text.mid(1, close - 1);
        port = text.mid(close + 2);
    } else if (text.count(QLatin1Char(':')) == 1) {
        host = text.section(QLatin1Char(':'), 0, 0);
        port = text.section(QLatin1Char(':'), 1);
    } else if (text.contains(QLatin1Char(':'))) {
        return std::nullopt; // a bare IPv6 address needs brackets to carry a port
    }
    bool ok = false;
    const uint number = port.toUInt(&ok);
    if (!ok || number > 65535)
        return std::nullopt;
    ListenAddress out;
    out.port = static_cast<quint16>(number);
    if (host.isEmpty())
        out.address = QHostAddress::Any;
    else if (host == QLatin1String("localhost"))
        out.address = QHostAddress::LocalHost;
    else if (!out.address.setAddress(host))
        return std::nullopt;
    return out;
}

QString ListenAddress::toString() const
{
    if (implicitTls)
        return ListenAddress{address, port, false}.toString() + QStringLiteral(" (TLS)");
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return QStringLiteral("[%1]:%2").arg(address.toString()).arg(port);
    if (address == QHostAddress::Any)
        return QStringLiteral("*:%1").arg(port);
    return QStringLiteral("%1:%2").arg(address.toString()).arg(port);
}

} // namespace Smtp
