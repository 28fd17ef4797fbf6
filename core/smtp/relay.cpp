#include "relay.h"

#include "submitter.h"

#include <QRegularExpression>

namespace Smtp {

ReleaseRefusal checkRelease(const RelayConfig &relay, const QList<QByteArray> &recipients, QByteArray *recipient)
{
    if (!relay.enabled())
        return ReleaseRefusal::RelayOff;
    if (recipients.isEmpty())
        return ReleaseRefusal::NoRecipients;
    if (relay.allowedRecipients.isEmpty())
        return ReleaseRefusal::None;
    const QRegularExpression allowed(relay.allowedRecipients, QRegularExpression::CaseInsensitiveOption);
    for (const QByteArray &r : recipients) {
        if (!allowed.isValid() || !allowed.match(QString::fromUtf8(r)).hasMatch()) {
            if (recipient)
                *recipient = r;
            return ReleaseRefusal::RecipientNotAllowed;
        }
    }
    return ReleaseRefusal::None;
}

QString refusalText(ReleaseRefusal refusal, const QByteArray &recipient)
{
    switch (refusal) {
    case ReleaseRefusal::None: return {};
    case ReleaseRefusal::RelayOff:
        return QStringLiteral("no relay server is configured (--relay-smtp HOST:PORT)");
    case ReleaseRefusal::NoRecipients:
        return QStringLiteral("give at least one recipient to release the message to");
    case ReleaseRefusal::RecipientNotAllowed:
        return QStringLiteral("%1 is not an allowed recipient (--relay-allowed-recipients)").arg(QString::fromUtf8(recipient));
    }
    return {};
}

void release(const RelayConfig &relay, const QByteArray &sender, const QList<QByteArray> &recipients,
             const QByteArray &raw, QObject *context, std::function<void(const SubmitOutcome &)> done)
{
    Q_ASSERT(checkRelease(relay, recipients) == ReleaseRefusal::None);
    auto *submitter = new Submitter(context);
    QObject::connect(submitter, &Submitter::finished, context, [submitter, done = std::move(done)](const SubmitOutcome &outcome) {
        submitter->deleteLater();
        done(outcome);
    });
    SubmitTarget target;
    target.server = relay.server;
    target.security = relay.security;
    target.user = relay.user;
    target.password = relay.password;
    submitter->submit(target, {relay.returnPath.isEmpty() ? sender : relay.returnPath, recipients, raw});
}

} // namespace Smtp
