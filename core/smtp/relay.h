#pragma once

#include "submission.h"

#include <functional>

class QObject;

// Releasing a stored message: sending its exact bytes on to a real SMTP server (the relay),
// for the front ends' "release" action. Off unless a relay server is configured.
namespace Smtp {

struct RelayConfig
{
    HostPort server;                  // empty host: relaying is off
    TransportSecurity security = TransportSecurity::None;
    QByteArray user;                  // AUTH when not empty
    QByteArray password;
    QString allowedRecipients;        // a regular expression every recipient must match (case-insensitive); empty: any
    QByteArray returnPath;            // the envelope sender to use; empty: the stored message's

    bool enabled() const { return !server.host.isEmpty(); }
    bool operator==(const RelayConfig &) const = default;
};

enum class ReleaseRefusal {
    None,
    RelayOff,              // no relay server is configured
    NoRecipients,
    RecipientNotAllowed,   // a recipient does not match allowedRecipients
};

// Why a release cannot start, before any connection; *recipient names the one not allowed.
ReleaseRefusal checkRelease(const RelayConfig &relay, const QList<QByteArray> &recipients, QByteArray *recipient = nullptr);
QString refusalText(ReleaseRefusal refusal, const QByteArray &recipient); // one sentence

// Delivers raw (the stored bytes, unchanged) to recipients through the relay, with the return
// path or else sender as the envelope sender, and calls done once with the outcome, on
// context's thread. checkRelease() must have said None. The delivery stops if context goes.
void release(const RelayConfig &relay, const QByteArray &sender, const QList<QByteArray> &recipients,
             const QByteArray &raw, QObject *context, std::function<void(const SubmitOutcome &)> done);

} // namespace Smtp
