#include "submission.h"

#include <QHostAddress>

namespace Smtp {

namespace {

// "<a@b> (550 no such user), ..." for the recipients the server did not accept.
QString refusedRecipients(const QList<RecipientResult> &recipients)
{
    QStringList refused;
    for (const RecipientResult &r : recipients) {
        if (!r.accepted())
            refused.append(QStringLiteral("<%1> (%2 %3)").arg(QString::fromUtf8(r.address)).arg(r.code).arg(QString::fromUtf8(r.text)));
    }
    return refused.join(QStringLiteral(", "));
}

} // namespace

std::optional<HostPort> HostPort::parse(const QString &input, quint16 defaultPort)
{
    const QString text = input.trimmed();
    HostPort result;
    QString portText;
    if (text.startsWith(QLatin1Char('['))) {
        const qsizetype close = text.indexOf(QLatin1Char(']'));
        if (close < 0)
            return std::nullopt;
        result.host = text.mid(1, close - 1);
        const QString rest = text.mid(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(QLatin1Char(':')))
                return std::nullopt;
            portText = rest.mid(1);
        }
        if (QHostAddress(result.host).protocol() != QAbstractSocket::IPv6Protocol)
            return std::nullopt;
    } else if (text.count(QLatin1Char(':')) == 1) {
        result.host = text.section(QLatin1Char(':'), 0, 0);
        portText = text.section(QLatin1Char(':'), 1);
    } else if (!text.contains(QLatin1Char(':'))) {
        result.host = text;
    } else {
        return std::nullopt; // an IPv6 address needs its brackets before a port
    }
    if (result.host.isEmpty() || result.host.contains(QLatin1Char(' ')))
        return std::nullopt;
    if (portText.isNull()) {
        if (defaultPort == 0)
            return std::nullopt;
        result.port = defaultPort;
        return result;
    }
    bool ok = false;
    const uint port = portText.toUInt(&ok);
    if (!ok || port == 0 || port > 65535)
        return std::nullopt;
    result.port = quint16(port);
    return result;
}

QString HostPort::toString() const
{
    const QString h = host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(host) : host;
    return QStringLiteral("%1:%2").arg(h).arg(port);
}

bool SubmitOutcome::temporary() const
{
    switch (failure) {
    case SubmitFailure::None:
    case SubmitFailure::AuthUnavailable:
        return false;
    case SubmitFailure::ConnectFailed:
    case SubmitFailure::TimedOut:
    case SubmitFailure::TlsFailed:
    case SubmitFailure::ConnectionLost:
        return true;
    case SubmitFailure::Refused:
    case SubmitFailure::AuthRefused:
        return code / 100 == 4;
    case SubmitFailure::NoRecipientAccepted:
        for (const RecipientResult &r : recipients) {
            if (r.code / 100 == 5)
                return false;
        }
        return !recipients.isEmpty();
    }
    return false;
}

bool SubmitOutcome::partial() const
{
    if (!delivered())
        return false;
    for (const RecipientResult &r : recipients) {
        if (!r.accepted())
            return true;
    }
    return false;
}

QString stageName(SubmitStage stage)
{
    switch (stage) {
    case SubmitStage::Connect: return QStringLiteral("connect");
    case SubmitStage::Tls: return QStringLiteral("TLS handshake");
    case SubmitStage::Greeting: return QStringLiteral("greeting");
    case SubmitStage::Ehlo: return QStringLiteral("EHLO");
    case SubmitStage::StartTls: return QStringLiteral("STARTTLS");
    case SubmitStage::Auth: return QStringLiteral("AUTH");
    case SubmitStage::Mail: return QStringLiteral("MAIL FROM");
    case SubmitStage::Rcpt: return QStringLiteral("RCPT TO");
    case SubmitStage::Data: return QStringLiteral("DATA");
    case SubmitStage::EndOfData: return QStringLiteral("end of data");
    }
    return {};
}

QString SubmitOutcome::description() const
{
    const QString reply = QStringLiteral("%1 %2").arg(code).arg(QString::fromUtf8(text));
    switch (failure) {
    case SubmitFailure::None:
        return partial() ? QStringLiteral("delivered, but the server refused %1").arg(refusedRecipients(recipients))
                         : QStringLiteral("delivered");
    case SubmitFailure::ConnectFailed:
        return QStringLiteral("could not connect: %1").arg(QString::fromUtf8(text));
    case SubmitFailure::TimedOut:
        return QStringLiteral("no answer from the server at the %1 stage in time").arg(stageName(stage));
    case SubmitFailure::TlsFailed:
        return QStringLiteral("TLS failed: %1").arg(QString::fromUtf8(text));
    case SubmitFailure::ConnectionLost:
        return QStringLiteral("the server closed the connection at the %1 stage").arg(stageName(stage));
    case SubmitFailure::Refused:
        return QStringLiteral("the server refused %1 with %2").arg(stageName(stage), reply);
    case SubmitFailure::AuthRefused:
        return QStringLiteral("the server refused the credentials with %1").arg(reply);
    case SubmitFailure::AuthUnavailable:
        return QStringLiteral("the server offers neither AUTH PLAIN nor AUTH LOGIN for the credentials given");
    case SubmitFailure::NoRecipientAccepted:
        return recipients.isEmpty()
            ? QStringLiteral("there is no recipient to send to")
            : QStringLiteral("the server refused every recipient: %1").arg(refusedRecipients(recipients));
    }
    return {};
}

} // namespace Smtp
