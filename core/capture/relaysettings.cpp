#include "relaysettings.h"

#include <QFile>
#include <QRegularExpression>

namespace Capture {

QString RelaySettings::problem() const
{
    if (smtp.trimmed().isEmpty()) {
        if (startTls || tls || !user.isEmpty() || !passwordFile.isEmpty() || !allowedRecipients.isEmpty()
            || !returnPath.isEmpty())
            return QStringLiteral("the relay options need the relay server (--relay-smtp HOST:PORT)");
        return {};
    }
    if (!Smtp::HostPort::parse(smtp))
        return QStringLiteral("--relay-smtp %1 is not HOST:PORT (example: smtp.example.com:587)").arg(smtp);
    if (startTls && tls)
        return QStringLiteral("choose STARTTLS (--relay-starttls) or implicit TLS (--relay-tls) for the relay, not both");
    if (user.isEmpty() != passwordFile.isEmpty())
        return QStringLiteral("the relay user (--relay-user) and its password file (--relay-password-file) go together");
    if (const QRegularExpression re(allowedRecipients); !re.isValid())
        return QStringLiteral("--relay-allowed-recipients %1 is not a regular expression: %2").arg(allowedRecipients, re.errorString());
    if (returnPath.contains(QLatin1Char('<')) || returnPath.contains(QLatin1Char(' ')))
        return QStringLiteral("--relay-return-path takes a bare address, e.g. bounces@example.com");
    return {};
}

std::optional<RelayConfig> RelaySettings::config(QString *error) const
{
    const auto refuse = [error](const QString &why) -> std::optional<RelayConfig> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (const QString why = problem(); !why.isEmpty())
        return refuse(why);
    RelayConfig relay;
    if (smtp.trimmed().isEmpty())
        return relay;
    relay.server = *Smtp::HostPort::parse(smtp);
    relay.security = tls ? Smtp::TransportSecurity::ImplicitTls
        : startTls       ? Smtp::TransportSecurity::StartTls
                         : Smtp::TransportSecurity::None;
    relay.user = user.toUtf8();
    if (!passwordFile.isEmpty()) {
        QFile file(passwordFile);
        if (!file.open(QIODevice::ReadOnly))
            return refuse(QStringLiteral("cannot read the relay password file %1: %2").arg(passwordFile, file.errorString()));
        relay.password = file.readLine();
        while (relay.password.endsWith('\n') || relay.password.endsWith('\r'))
            relay.password.chop(1);
    }
    relay.allowedRecipients = allowedRecipients;
    relay.returnPath = returnPath.trimmed().toUtf8();
    return relay;
}

} // namespace Capture
