#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

// The value types of one delivery by Smtp::Submitter: where to, what, and how it went.
namespace Smtp {

// A server to deliver to: "host:port", "[::1]:port" or "host" with a default port.
struct HostPort
{
    QString host;
    quint16 port = 0;

    static std::optional<HostPort> parse(const QString &text, quint16 defaultPort = 0);
    QString toString() const;   // the inverse, IPv6 in brackets
    bool operator==(const HostPort &) const = default;
};

enum class TransportSecurity {
    None,         // plain SMTP
    StartTls,     // STARTTLS (RFC 3207) before anything else; fails when the server does not offer it
    ImplicitTls,  // TLS from the first byte (SMTPS, RFC 8314)
};

struct SubmitTarget
{
    HostPort server;
    TransportSecurity security = TransportSecurity::None;
    bool verifyCertificate = true;
    QByteArray user;            // AUTH PLAIN or LOGIN when not empty and the server offers AUTH
    QByteArray password;
    QByteArray heloName;        // empty: this machine's host name
    int connectTimeoutMs = 30 * 1000;     // TCP and TLS handshake
    int replyTimeoutMs = 5 * 60 * 1000;   // each reply (RFC 5321 4.5.3.2)
    int dataTimeoutMs = 10 * 60 * 1000;   // the reply to the end of data
};

struct Submission
{
    QByteArray sender;          // the reverse path, without angle brackets; may be empty
    QList<QByteArray> recipients;
    QByteArray message;         // sent as it is (dot-stuffed on the wire only)
};

// Where a delivery stopped.
enum class SubmitStage { Connect, Tls, Greeting, Ehlo, StartTls, Auth, Mail, Rcpt, Data, EndOfData };

enum class SubmitFailure {
    None,
    ConnectFailed,        // no TCP connection (refused, no route, unknown host)
    TimedOut,             // no reply (or no connection) within the step's timeout
    TlsFailed,            // handshake failed, or STARTTLS required but not offered
    ConnectionLost,       // the server closed the connection mid-dialogue
    Refused,              // a reply code at a stage (greeting, EHLO, STARTTLS, MAIL, DATA, end of data)
    AuthRefused,          // the server refused the credentials
    AuthUnavailable,      // credentials given, but neither PLAIN nor LOGIN offered
    NoRecipientAccepted,  // every RCPT was refused (or there was none): see recipients
};

struct RecipientResult
{
    QByteArray address;
    int code = 0;               // the reply to its RCPT; 0 when it was never sent
    QByteArray text;            // the reply's text, lines joined by a space
    bool accepted() const { return code / 100 == 2; }
    bool operator==(const RecipientResult &) const = default;
};

struct SubmitOutcome
{
    SubmitFailure failure = SubmitFailure::None;
    SubmitStage stage = SubmitStage::Connect;   // where it failed
    int code = 0;               // the server's reply at that stage, 0 when none
    QByteArray text;            // the reply's text, or what the socket said
    QList<RecipientResult> recipients;  // one per recipient, in order

    bool delivered() const { return failure == SubmitFailure::None; }
    // Worth trying again later: no connection, a timeout, a 4xx, a lost connection.
    bool temporary() const;
    // Delivered, but some recipients were refused.
    bool partial() const;
    // One sentence for people, e.g. "the server refused RCPT TO:<a@b> with 550 no such user".
    QString description() const;
};

QString stageName(SubmitStage stage); // "greeting", "EHLO", "RCPT TO", "end of data", ...

} // namespace Smtp

Q_DECLARE_METATYPE(Smtp::SubmitOutcome)
