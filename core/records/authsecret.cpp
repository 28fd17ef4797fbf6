#include "authsecret.h"

#include <QByteArrayList>
#include <QtEndian>

namespace Records {

namespace {

// Layout: one format octet, the kind of content, then command, mechanism, user, wire and
// secret each as a 32-bit big-endian length and its octets, and the secret's length (64 bits).
constexpr char kFormat = 1;

void putField(QByteArray &out, const QByteArray &field)
{
    char size[4];
    qToBigEndian<quint32>(quint32(field.size()), size);
    out.append(size, 4);
    out.append(field);
}

bool takeField(QByteArrayView &in, QByteArray *field)
{
    if (in.size() < 4)
        return false;
    const quint32 size = qFromBigEndian<quint32>(in.data());
    in = in.sliced(4);
    if (size > quint64(in.size()))
        return false;
    *field = in.first(size).toByteArray();
    in = in.sliced(size);
    return true;
}

} // namespace

AuthSecret AuthSecret::of(const QByteArray &mechanism, Response response, const QByteArray &line,
                          const QByteArray &loginUser)
{
    AuthSecret s;
    s.mechanism = mechanism;
    const auto unreadable = [&] {
        s.holds = Holds::Unreadable;
        s.user.clear();
        s.secret = line;
        s.secretLength = line.size();
        return s;
    };
    const auto decoded = QByteArray::fromBase64Encoding(line, QByteArray::AbortOnBase64DecodingErrors);
    if (line.size() % 4 != 0 || !decoded)
        return unreadable();
    const QByteArray &text = decoded.decoded;
    switch (response) {
    case Response::Plain: {
        const QByteArrayList fields = text.split('\0'); // authzid NUL authcid NUL passwd
        if (fields.size() != 3 || fields[1].isEmpty())
            return unreadable();
        s.user = fields[1];
        s.secret = fields[2];
        break;
    }
    case Response::LoginUser:
        s.holds = Holds::UserName;
        s.user = text;
        break;
    case Response::LoginPassword:
        s.user = loginUser;
        s.secret = text;
        break;
    case Response::CramMd5: { // user SP digest
        const qsizetype space = text.lastIndexOf(' ');
        if (space <= 0)
            return unreadable();
        s.holds = Holds::Digest;
        s.user = text.left(space);
        s.secret = text.mid(space + 1);
        break;
    }
    }
    s.secretLength = s.secret.size();
    return s;
}

AuthSecret AuthSecret::masked() const
{
    AuthSecret out = *this;
    out.wire.clear();
    out.secret.clear();
    return out;
}

QString AuthSecret::text(bool reveal) const
{
    const QString mechanismText = QString::fromLatin1(mechanism);
    const QString userText = QStringLiteral("user \"%1\"").arg(QString::fromUtf8(user));
    const bool shown = reveal && isRecorded();
    QString what;
    switch (holds) {
    case Holds::Password:
        what = shown ? QStringLiteral("%1, password \"%2\"").arg(userText, QString::fromUtf8(secret))
                     : QStringLiteral("%1, password of %2 octets, masked").arg(userText).arg(secretLength);
        break;
    case Holds::UserName:
        what = userText;
        break;
    case Holds::Digest:
        what = shown ? QStringLiteral("%1, digest %2").arg(userText, QString::fromLatin1(secret))
                     : QStringLiteral("%1, digest of %2 octets, masked").arg(userText).arg(secretLength);
        break;
    case Holds::Unreadable:
        what = shown ? QStringLiteral("%1 octets that do not decode").arg(secretLength)
                     : QStringLiteral("%1 octets that do not decode, masked").arg(secretLength);
        break;
    }
    const QString summary = QStringLiteral("[%1: %2]").arg(mechanismText.isEmpty() ? QStringLiteral("AUTH") : mechanismText, what);
    if (shown) {
        QByteArrayView bytes = wire;
        if (bytes.endsWith("\r\n"))
            bytes.chop(2);
        return QString::fromUtf8(bytes) + QLatin1Char(' ') + summary;
    }
    return command.isEmpty() ? summary : QString::fromUtf8(command) + QLatin1Char(' ') + summary;
}

QByteArray AuthSecret::encode() const
{
    QByteArray out;
    out.append(kFormat);
    out.append(char(holds));
    putField(out, command);
    putField(out, mechanism);
    putField(out, user);
    putField(out, wire);
    putField(out, secret);
    char length[8];
    qToBigEndian<qint64>(secretLength, length);
    out.append(length, 8);
    return out;
}

std::optional<AuthSecret> AuthSecret::decode(QByteArrayView in)
{
    if (in.size() < 2 || in.at(0) != kFormat || quint8(in.at(1)) > quint8(Holds::Unreadable))
        return std::nullopt;
    AuthSecret s;
    s.holds = static_cast<Holds>(in.at(1));
    in = in.sliced(2);
    if (!takeField(in, &s.command) || !takeField(in, &s.mechanism) || !takeField(in, &s.user)
        || !takeField(in, &s.wire) || !takeField(in, &s.secret) || in.size() != 8)
        return std::nullopt;
    s.secretLength = qFromBigEndian<qint64>(in.data());
    return s;
}

} // namespace Records
