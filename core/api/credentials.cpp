#include "credentials.h"

#include <QCryptographicHash>
#include <QFile>
#include <QList>

#include <crypt.h>

#include <cstring>
#include <memory>

namespace Api {

namespace {

bool supportedHash(const QByteArray &hash)
{
    return hash.startsWith("$2y$") || hash.startsWith("$2b$") || hash.startsWith("$2a$")
        || hash.startsWith("$5$") || hash.startsWith("$6$");
}

QString unsupportedReason(const QByteArray &hash)
{
    if (hash.startsWith("$apr1$"))
        return QStringLiteral("uses Apache's MD5 hash ($apr1$); write it with htpasswd -B (bcrypt)");
    if (hash.startsWith("{SHA}"))
        return QStringLiteral("uses an unsalted SHA-1 hash ({SHA}); write it with htpasswd -B (bcrypt)");
    return QStringLiteral("has no bcrypt ($2y$) or SHA-crypt ($5$, $6$) hash; write it with htpasswd -B");
}

// crypt_r over the stored hash as setting; equal output means the same password.
bool matches(const QByteArray &password, const QByteArray &hash)
{
    auto data = std::make_unique<crypt_data>();
    std::memset(data.get(), 0, sizeof(crypt_data));
    const char *out = crypt_r(password.constData(), hash.constData(), data.get());
    if (!out || out[0] == '*')
        return false;
    const QByteArray computed(out);
    if (computed.size() != hash.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < hash.size(); ++i)
        diff |= static_cast<unsigned char>(computed.at(i) ^ hash.at(i));
    return diff == 0;
}

} // namespace

std::optional<Credentials> Credentials::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the HTTP auth file %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return parse(file.readAll(), path, error);
}

std::optional<Credentials> Credentials::parse(const QByteArray &text, const QString &name, QString *error)
{
    Credentials credentials;
    int number = 0;
    for (QByteArray line : text.split('\n')) {
        ++number;
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            *error = QStringLiteral("%1, line %2: not user:hash").arg(name).arg(number);
            return std::nullopt;
        }
        const QByteArray user = line.left(colon);
        const QByteArray hash = line.mid(colon + 1);
        if (!supportedHash(hash)) {
            *error = QStringLiteral("%1, line %2 (user %3) %4")
                         .arg(name)
                         .arg(number)
                         .arg(QString::fromUtf8(user), unsupportedReason(hash));
            return std::nullopt;
        }
        credentials.m_hashes.insert(user, hash);
    }
    if (credentials.m_hashes.isEmpty()) {
        *error = QStringLiteral("%1 names no user; add one with htpasswd -B %1 USER").arg(name);
        return std::nullopt;
    }
    return credentials;
}

std::optional<std::pair<QByteArray, QByteArray>> Credentials::basic(const QByteArray &authorization)
{
    const QByteArray value = authorization.trimmed();
    if (!value.left(6).toLower().startsWith("basic "))
        return std::nullopt;
    const auto result = QByteArray::fromBase64Encoding(value.mid(6).trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return std::nullopt;
    const QByteArray &decoded = result.decoded;
    const qsizetype colon = decoded.indexOf(':');
    if (colon < 0)
        return std::nullopt;
    return std::pair{decoded.left(colon), decoded.mid(colon + 1)};
}

bool Credentials::allows(const QByteArray &authorization) const
{
    const auto pair = basic(authorization);
    return pair && allows(pair->first, pair->second);
}

bool Credentials::allows(const QByteArray &user, const QByteArray &password) const
{
    if (password.contains('\0'))
        return false;
    const QByteArray digest = QCryptographicHash::hash(QByteArray(user + '\0' + password), QCryptographicHash::Sha256);
    if (m_verified.contains(digest))
        return true;
    const auto it = m_hashes.constFind(user);
    // An unknown user costs a hash check as well, so the time taken does not tell which part was wrong.
    const QByteArray hash = it != m_hashes.cend() ? *it : m_hashes.cbegin().value();
    const bool ok = matches(password, hash) && it != m_hashes.cend();
    if (ok)
        m_verified.insert(digest);
    return ok;
}

} // namespace Api
