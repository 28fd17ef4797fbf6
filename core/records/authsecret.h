#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace Records {

// A client line of an AUTH exchange that carries credentials (RFC 4954): the AUTH command with
// an initial response, or a response to a 334 challenge. The transcript keeps it as what it
// says (mechanism, user, the secret's length); its exact bytes and the secret only when the
// server was told to record passwords. Stored as the data of a LineKind::AuthSecret line.
struct AuthSecret
{
    enum class Holds : quint8 {
        Password = 0,   // PLAIN's response (user and password), LOGIN's second response
        UserName = 1,   // LOGIN's first response: a user name, no secret
        Digest = 2,     // CRAM-MD5's response (user and HMAC digest)
        Unreadable = 3, // not base64 or not the mechanism's form: all of it counts as secret
    };

    QByteArray command;         // "AUTH PLAIN" as written when the line is the AUTH command; else empty
    QByteArray mechanism;       // as advertised: PLAIN, LOGIN, CRAM-MD5
    Holds holds = Holds::Password;
    QByteArray user;            // the user it names or belongs to; empty when unknown
    qint64 secretLength = 0;    // octets of the secret (password, digest or unreadable text)
    QByteArray wire;            // the line's exact bytes: only when passwords are recorded
    QByteArray secret;          // the decoded password or digest: only when passwords are recorded

    // Which response of an exchange a line is (RFC 4616, RFC 2195, and LOGIN's two prompts).
    enum class Response { Plain, LoginUser, LoginPassword, CramMd5 };
    // What a response line says (its CRLF removed; strict base64), secret included: the
    // protocol and the schema step that masks older databases read lines with this one reading.
    // loginUser: the user LOGIN's first response named.
    static AuthSecret of(const QByteArray &mechanism, Response response, const QByteArray &line,
                         const QByteArray &loginUser = {});

    bool isRecorded() const { return !wire.isEmpty(); }
    // The same line with nothing that could reveal the secret.
    AuthSecret masked() const;
    // One line for people: "AUTH PLAIN [PLAIN: user "bob", password of 6 octets, masked]";
    // with reveal and a recorded line, the exact bytes followed by the decoded secret.
    QString text(bool reveal = false) const;

    QByteArray encode() const;
    static std::optional<AuthSecret> decode(QByteArrayView data); // nullopt: not this build's form

    bool operator==(const AuthSecret &) const = default;
};

} // namespace Records
