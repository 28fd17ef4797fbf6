#pragma once

#include "records.h"
#include "smtp/defect.h"
#include "smtp/envelope.h"

#include <QJsonArray>
#include <QJsonObject>

// JSON forms of the values stored beside messages and sessions. Byte strings from the wire
// are decoded as UTF-8; invalid sequences become U+FFFD (the raw bytes stay in their columns).
namespace Store::Json {

// A message's envelope as stored in messages.envelope: MAIL and RCPT with their parameters,
// plus HELO, addresses and ports, data lines, the authenticated user and TLS.
QByteArray storedEnvelope(const MessageRecord &message);
Smtp::Envelope toEnvelope(const QJsonObject &object);

QByteArray defectsJson(const Smtp::Defects &defects);
QJsonArray fromDefects(const Smtp::Defects &defects);
Smtp::Defects toDefects(const QJsonArray &array);

QByteArray faultHitsJson(const QList<FaultHit> &hits);    // [{"rule": name, "count": n}]
QJsonArray fromFaultHits(const QList<FaultHit> &hits);
QList<FaultHit> toFaultHits(const QJsonArray &array);

QByteArray stringsJson(const QStringList &strings);

QByteArray compact(const QJsonObject &object);
QByteArray compact(const QJsonArray &array);

} // namespace Store::Json
