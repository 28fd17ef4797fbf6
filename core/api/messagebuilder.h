#pragma once

#include "records/envelope.h"
#include "sendrequest.h"

#include <QByteArray>
#include <QDateTime>

// Writes the message POST /api/v1/send stores, in the shape Mailpit's builder gives it:
// a text/plain part, with the HTML as multipart/alternative, inline files (those with a
// Content-ID) beside them in multipart/related, other files in multipart/mixed. Pure.
namespace Api {

struct BuildOptions
{
    QDateTime date;             // the Date header; now when invalid
    QByteArray token;           // makes the Message-ID and the boundaries; random when empty
};

// RFC 5322 + MIME with CR LF line breaks: Date, From, To, Cc, Reply-To, Subject (RFC 2047
// when not ASCII), Message-ID, MIME-Version, X-Tags (from Tags), the request's headers (line
// breaks in their values become blanks), then the body; text as 7bit when it can be, else
// quoted-printable, files as base64. No Bcc header: those recipients are in the envelope only.
QByteArray buildMessage(const SendRequest &request, const BuildOptions &options = {});

// MAIL FROM is From's address; RCPT TO the To, Cc and Bcc addresses in that order.
Records::Envelope sendEnvelope(const SendRequest &request);

} // namespace Api
