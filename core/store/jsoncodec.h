#pragma once

#include "records.h"
#include "smtp/defect.h"
#include "smtp/envelope.h"

#include <QJsonArray>
#include <QJsonObject>

// JSON forms of the values stored beside messages and sessions. Byte strings from the wire
// are decoded as UTF-8; invalid sequences become U+FFFD (the raw bytes stay in their columns).
namespace Store::Json {

QJsonObject fromEnvelope(const Smtp::Envelope &envelope);
Smtp::Envelope toEnvelope(const QJsonObject &object);

QJsonArray fromDefects(const Smtp::Defects &defects);
Smtp::Defects toDefects(const QJsonArray &array);

QJsonArray fromFaultHits(const QList<FaultHit> &hits);   // [{"rule": name, "count": n}]
QList<FaultHit> toFaultHits(const QJsonArray &array);

QByteArray compact(const QJsonObject &object);
QByteArray compact(const QJsonArray &array);

} // namespace Store::Json
