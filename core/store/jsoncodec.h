#pragma once

#include "records/commitbatch.h"
#include "records/defect.h"
#include "records/envelope.h"

#include <QJsonArray>
#include <QJsonObject>

// JSON forms of the values stored beside messages and sessions. Byte strings from the wire
// are decoded as UTF-8; invalid sequences become U+FFFD (the raw bytes stay in their columns).
namespace Store::Json {

// A message's envelope as stored in messages.envelope: MAIL and RCPT with their parameters,
// plus HELO, addresses and ports, data lines, the authenticated user and TLS. What is the
// default (no parameters, false) is left out, and so are the connection's addresses and ports
// when the message's session row holds them (inSession); envelopeObject() puts both back.
QByteArray storedEnvelope(const Records::MessageRecord &message, bool inSession);
// The whole envelope object of a stored one: its omitted defaults filled in, and the
// connection's addresses and ports taken from its session (null for a message without one).
QJsonObject envelopeObject(const QByteArray &stored, const Records::SessionRecord *session);
Records::Envelope toEnvelope(const QJsonObject &object);

QByteArray defectsJson(const Records::Defects &defects);
QJsonArray fromDefects(const Records::Defects &defects);
Records::Defects toDefects(const QJsonArray &array);

QByteArray faultHitsJson(const QList<Records::FaultHit> &hits);    // [{"rule": name, "count": n}]
QJsonArray fromFaultHits(const QList<Records::FaultHit> &hits);
QList<Records::FaultHit> toFaultHits(const QJsonArray &array);

QByteArray stringsJson(const QStringList &strings);

QByteArray compact(const QJsonObject &object);
QByteArray compact(const QJsonArray &array);

} // namespace Store::Json
