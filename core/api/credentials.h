#pragma once

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QString>

#include <optional>

namespace Api {

// The users of an htpasswd file (user:hash a line) and the check of HTTP Basic credentials
// against them with libcrypt's crypt_r: bcrypt ($2y$, $2b$, $2a$, as `htpasswd -B` writes)
// and SHA-crypt ($5$, $6$). A success is remembered for the same user and password, so a test
// suite's thousand requests cost one bcrypt; a failure is not.
class Credentials
{
public:
    // nullopt with one sentence naming the file and line when it cannot be used.
    static std::optional<Credentials> load(const QString &path, QString *error);
    static std::optional<Credentials> parse(const QByteArray &text, const QString &name, QString *error);

    // The user and password of an HTTP Basic Authorization header; nullopt for anything else.
    static std::optional<std::pair<QByteArray, QByteArray>> basic(const QByteArray &authorization);

    bool isEmpty() const { return m_hashes.isEmpty(); }
    // The value of an Authorization header; false for anything but a known user's password.
    bool allows(const QByteArray &authorization) const;
    bool allows(const QByteArray &user, const QByteArray &password) const;

private:
    QHash<QByteArray, QByteArray> m_hashes;       // user -> hash
    mutable QSet<QByteArray> m_verified;          // digests of user:password that passed
};

} // namespace Api
