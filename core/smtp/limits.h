#pragma once

#include "contentsink.h"
#include "sasl.h"

#include <QByteArray>
#include <QtGlobal>

namespace Smtp {

// Every limit the receiver enforces, with its default. Sizes in octets, times in milliseconds.
struct Limits
{
    int maxLineLength = 512;                  // command line including CRLF (RFC 5321 4.5.3.1.4)
    qint64 maxMessageSize = 50LL * 1024 * 1024;
    int maxRecipients = 1000;
    int idleTimeoutMs = 300 * 1000;
    int maxConnections = 200;
    // Failed AUTH attempts: the one that reaches this, in a session or from one client address
    // within kAuthFailureWindowMs (Smtp::Server), is answered 421 4.7.0 and the connection closed.
    int maxAuthFailures = 5;

    bool operator==(const Limits &) const = default;
};

struct ProtocolConfig
{
    QByteArray hostname = "mailscope.localhost";
    Limits limits;
    bool tlsAvailable = false;      // a certificate is loaded: STARTTLS is offered
    bool requireTls = false;        // MAIL before STARTTLS gets 530 5.7.0
    bool requireAuth = false;       // MAIL before AUTH gets 530 5.7.0
    bool authRequiresTls = false;   // AUTH offered only under TLS, as production servers do
    Sasl::UserList users;           // empty: any credentials are accepted
    QByteArray authNonce = "0";     // unique per session; makes the CRAM-MD5 challenge
    // AUTH lines keep their exact bytes and decoded secret (Records::AuthSecret) only when
    // set; otherwise only the mechanism, the user and the secret's length leave the protocol.
    bool recordPasswords = false;
    // Where each message's content goes (e.g. SpoolSink::factory); empty: into memory.
    ContentSinkFactory contentSink;
};

} // namespace Smtp
