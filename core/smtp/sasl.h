#pragma once

#include <QByteArray>
#include <QHash>
#include <optional>

// SMTP AUTH mechanisms (RFC 4954): PLAIN (RFC 4616), LOGIN and CRAM-MD5 (RFC 2195). Pure.
namespace Smtp::Sasl {

QByteArrayList mechanisms(); // as advertised: PLAIN LOGIN CRAM-MD5

// Strict base64 (RFC 4648, padding required); nullopt when malformed.
std::optional<QByteArray> decodeBase64(const QByteArray &text);

struct Credentials
{
    QByteArray authzid;
    QByteArray user;
    QByteArray password;     // empty for CRAM-MD5
    QByteArray digest;       // CRAM-MD5 response digest (hex)
};

// "authzid NUL authcid NUL passwd"; nullopt when it has not exactly two NULs.
std::optional<Credentials> parsePlain(const QByteArray &decoded);
// "user SP hex-digest"; nullopt when malformed.
std::optional<Credentials> parseCramMd5(const QByteArray &decoded);
QByteArray cramMd5Digest(const QByteArray &challenge, const QByteArray &password); // lower-case hex

// A user:password list; an empty one accepts any credentials.
class UserList
{
public:
    bool isEmpty() const { return m_users.isEmpty(); }
    void add(const QByteArray &user, const QByteArray &password) { m_users.insert(user, password); }
    bool check(const Credentials &c, const QByteArray &challenge) const;
    // One "user:password" a line; '#' comments and blank lines skipped. Error names the line.
    static std::optional<UserList> parse(const QByteArray &text, QString *error);

private:
    QHash<QByteArray, QByteArray> m_users;
};

// For the transcript: what an AUTH exchange said. Never the password, only its length.
QString describe(const QByteArray &mechanism, const Credentials &c);

} // namespace Smtp::Sasl
