#pragma once

#include "records/envelope.h"

#include <QByteArray>
#include <QString>

namespace Smtp {

// A command line split into its verb (upper-cased) and argument (as sent).
struct Command
{
    QByteArray verb;
    QByteArray argument;
};

// "FROM:<path> params" or "TO:<path> params" taken apart (RFC 5321 4.1.2).
struct PathArgument
{
    bool ok = false;
    QByteArray error;           // why it failed, for the 501 text
    QByteArray enhanced = "5.5.4"; // its enhanced status code (RFC 3463)
    QByteArray address;         // without brackets; source route removed
    Records::Parameters parameters;
};

namespace CommandParser {

Command parseCommand(const QByteArray &line);

// keyword is "FROM" or "TO"; nullAllowed permits <>.
PathArgument parsePath(const QByteArray &argument, const QByteArray &keyword, bool nullAllowed);

bool isValidDomain(const QByteArray &domain);   // a HELO name: domain or address literal
bool isValidAddressLiteral(QByteArrayView literal); // "[...]" as RFC 5321 4.1.3 writes it
bool isValidUtf8(QByteArrayView value);
bool isValidMailbox(const QByteArray &address); // local@domain, quoted local parts allowed
bool isValidXtext(const QByteArray &value);     // RFC 3461 4
bool hasNonAscii(const QByteArray &value);

} // namespace CommandParser
} // namespace Smtp
