#pragma once

#include "records/address.h"

#include <QByteArray>
#include <QList>
#include <QString>

// An address header's value (From, To, Cc, Bcc, Reply-To, ...) as mailboxes, through GMime's
// address parser. Pure, any thread.
namespace Mime {

// One complaint of GMime's address parser: its GMimeParserWarning number and the text it was about.
struct AddressWarning
{
    int warning = 0;
    QString item;
};

// rawHeaderValue is the value as written after the colon, folded or not. RFC 2047 display
// names are decoded, groups are flattened to their members, addresses without a domain are
// kept ("To: %TO%"); garbage gives what can be read of it, possibly nothing.
QList<Records::Address> parseAddresses(const QByteArray &rawHeaderValue, QList<AddressWarning> *warnings = nullptr);

} // namespace Mime
