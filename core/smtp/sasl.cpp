#include "sasl.h"

#include <QMessageAuthenticationCode>
#include <QString>

namespace Smtp::Sasl {

QByteArrayList mechanisms()
{
    return {"PLAIN", "LOGIN", "CRAM-MD5"};
}

std::optional<QByteArray> decodeBase64(const QByteArray &text)
{
    if (text.size() % 4 != 0)
        return std::nullopt;
    const auto result = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return std::nullopt;
    return result.decoded;
}

std::optional<Credentials> parsePlain(const QByteArray &decoded)
{
    const QByteArrayList fields = decoded.split('\0');
    if (fields.size() != 3 || fields[1].isEmpty())
        return std::nullopt;
    return Credentials{fields[0], fields[1], fields[2], {}};
}

std::optional<Credentials> parseCramMd5(const QByteArray &decoded)
{
    const qsizetype space = decoded.lastIndexOf(' ');
    if (space <= 0 || decoded.size() - space - 1 != 32)
        return std::nullopt;
    return Credentials{{}, decoded.left(space), {}, decoded.mid(space + 1).toLower()};
}

QByteArray cramMd5Digest(const QByteArray &challenge, const QByteArray &password)
{
    return QMessageAuthenticationCode::hash(challenge, password, QCryptographicHash::Md5).toHex();
}

bool UserList::check(const Credentials &c, const QByteArray &challenge) const
{
    if (m_users.isEmpty())
        return true;
    const auto it = m_users.constFind(c.user);
    if (it == m_users.constEnd())
        return false;
    if (!c.digest.isEmpty())
        return cramMd5Digest(challenge, it.value()) == c.digest;
    return it.value() == c.password;
}

std::optional<UserList> UserList::parse(const QByteArray &text, QString *error)
{
    UserList list;
    int number = 0;
    for (QByteArray line : text.split('\n')) {
        ++number;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty() || line.trimmed().startsWith('#'))
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            if (error)
                *error = QStringLiteral("line %1 is not user:password").arg(number);
            return std::nullopt;
        }
        list.add(line.left(colon), line.mid(colon + 1));
    }
    return list;
}

QString describe(const QByteArray &mechanism, const Credentials &c)
{
    QString text = QStringLiteral("AUTH %1 decoded: user \"%2\"").arg(QString::fromLatin1(mechanism), QString::fromUtf8(c.user));
    if (!c.authzid.isEmpty())
        text += QStringLiteral(", authorization identity \"%1\"").arg(QString::fromUtf8(c.authzid));
    if (!c.digest.isEmpty())
        text += QStringLiteral(", digest of %1 octets, masked").arg(c.digest.size());
    else
        text += QStringLiteral(", password of %1 octets, masked").arg(c.password.size());
    return text;
}

} // namespace Smtp::Sasl
