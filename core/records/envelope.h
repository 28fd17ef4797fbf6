#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QPair>

namespace Records {

using Parameters = QList<QPair<QByteArray, QByteArray>>; // ESMTP keyword=value, as sent

struct Recipient
{
    QByteArray address;         // without angle brackets
    Parameters parameters;
    QByteArray notify;          // RFC 3461 NOTIFY=
    QByteArray orcpt;           // RFC 3461 ORCPT=
};

// What MAIL and RCPT said about one message. Stored beside the message, never inside it.
struct Envelope
{
    QByteArray mailFrom;        // without angle brackets; empty for the null sender
    Parameters mailParameters;
    QByteArray body;            // BODY= value (7BIT, 8BITMIME), empty when not given
    bool smtpUtf8 = false;
    qint64 declaredSize = -1;   // SIZE= value, -1 when not given
    QByteArray ret;             // RFC 3461 RET=
    QByteArray envid;           // RFC 3461 ENVID=
    QByteArray auth;            // RFC 4954 AUTH= on MAIL
    QList<Recipient> recipients;
    bool chunked = false;       // received with BDAT rather than DATA
};

} // namespace Records

Q_DECLARE_METATYPE(Records::Envelope)
