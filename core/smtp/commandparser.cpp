#include "commandparser.h"

#include <QHostAddress>
#include <QStringDecoder>

namespace Smtp::CommandParser {

namespace {

bool isKeywordChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

// Snum 3("." Snum), Snum = 1*3DIGIT of 0..255 (RFC 5321 4.1.3).
bool isIpv4Literal(QByteArrayView text)
{
    const QList<QByteArray> parts = text.toByteArray().split('.');
    if (parts.size() != 4)
        return false;
    for (const QByteArray &part : parts) {
        if (part.isEmpty() || part.size() > 3)
            return false;
        int value = 0;
        for (char c : part) {
            if (c < '0' || c > '9')
                return false;
            value = value * 10 + (c - '0');
        }
        if (value > 255)
            return false;
    }
    return true;
}

} // namespace

bool isValidAddressLiteral(QByteArrayView literal)
{
    if (literal.size() < 3 || !literal.startsWith('[') || !literal.endsWith(']'))
        return false;
    const QByteArrayView inner = literal.sliced(1, literal.size() - 2);
    if (inner.size() > 5 && QByteArrayView(inner.first(5)).compare("IPv6:", Qt::CaseInsensitive) == 0) {
        const QByteArrayView address = inner.sliced(5);
        for (char c : address) {
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.'))
                return false; // no zone index, no brackets: IPv6-addr only
        }
        QHostAddress parsed;
        return parsed.setAddress(QString::fromLatin1(address)) && parsed.protocol() == QAbstractSocket::IPv6Protocol;
    }
    const qsizetype colon = inner.indexOf(':');
    if (colon < 0)
        return isIpv4Literal(inner);
    // General-address-literal: Standardized-tag ":" 1*dcontent, the tag an Ldh-str.
    const QByteArrayView tag = inner.first(colon);
    const QByteArrayView content = inner.sliced(colon + 1);
    if (tag.isEmpty() || tag.endsWith('-') || content.isEmpty())
        return false;
    for (char c : tag) {
        if (!isKeywordChar(c))
            return false;
    }
    for (char c : content) {
        if (c < 33 || c > 126 || c == '[' || c == '\\' || c == ']')
            return false;
    }
    return true;
}

bool isValidUtf8(QByteArrayView value)
{
    QStringDecoder decoder(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    [[maybe_unused]] const QString text = decoder.decode(value);
    return !decoder.hasError();
}

Command parseCommand(const QByteArray &line)
{
    const qsizetype space = line.indexOf(' ');
    if (space < 0)
        return {line.toUpper(), {}};
    return {line.left(space).toUpper(), line.mid(space + 1)};
}

bool hasNonAscii(const QByteArray &value)
{
    for (char c : value) {
        if (static_cast<unsigned char>(c) >= 0x80)
            return true;
    }
    return false;
}

bool isValidDomain(const QByteArray &domain)
{
    if (domain.isEmpty() || domain.size() > 255)
        return false;
    if (domain.startsWith('['))
        return isValidAddressLiteral(domain);
    for (const QByteArray &label : domain.split('.')) {
        if (label.isEmpty() || label.size() > 63 || label.startsWith('-') || label.endsWith('-'))
            return false;
        for (char c : label) {
            // UTF-8 labels are allowed (RFC 6531 U-labels); the check for SMTPUTF8 is elsewhere.
            if (!isKeywordChar(c) && c != '_' && static_cast<unsigned char>(c) < 0x80)
                return false;
        }
    }
    return true;
}

bool isValidMailbox(const QByteArray &address)
{
    const qsizetype at = address.lastIndexOf('@');
    if (at <= 0 || at == address.size() - 1)
        return false;
    const QByteArray local = address.left(at);
    if (local.size() > 64 * 4) // generous: UTF-8 local parts are longer in octets
        return false;
    if (local.startsWith('"')) {
        if (local.size() < 2 || !local.endsWith('"'))
            return false;
    } else {
        for (char c : local) {
            const auto u = static_cast<unsigned char>(c);
            if (u <= 0x20 || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ';'
                || c == ':' || c == '\\' || c == '"' || c == '[' || c == ']' || c == '@' || u == 0x7f)
                return false;
        }
    }
    return isValidDomain(address.mid(at + 1));
}

bool isValidXtext(const QByteArray &value)
{
    for (qsizetype i = 0; i < value.size(); ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        if (c == '+') {
            if (i + 2 >= value.size())
                return false;
            const QByteArray hex = value.mid(i + 1, 2);
            bool ok = false;
            hex.toInt(&ok, 16);
            if (hex.size() != 2 || !ok || hex != hex.toUpper())
                return false;
            i += 2;
        } else if (c < 33 || c > 126 || c == '=') {
            return false;
        }
    }
    return true;
}

PathArgument parsePath(const QByteArray &argument, const QByteArray &keyword, bool nullAllowed)
{
    PathArgument result;
    const QByteArray prefix = keyword + ':';
    if (!argument.left(prefix.size()).toUpper().startsWith(prefix)) {
        result.error = "Syntax: " + QByteArray(keyword == "FROM" ? "MAIL FROM:<address>" : "RCPT TO:<address>");
        return result;
    }
    qsizetype i = prefix.size();
    while (i < argument.size() && argument[i] == ' ') // tolerated by most servers; RFC has none
        ++i;
    if (i >= argument.size() || argument[i] != '<') {
        result.error = "Address must be enclosed in <>";
        return result;
    }
    // Find the closing '>' outside a quoted local part.
    qsizetype end = -1;
    bool quoted = false;
    for (qsizetype j = i + 1; j < argument.size(); ++j) {
        const char c = argument[j];
        if (quoted && c == '\\') {
            ++j;
            continue;
        }
        if (c == '"')
            quoted = !quoted;
        else if (c == '>' && !quoted) {
            end = j;
            break;
        }
    }
    if (end < 0) {
        result.error = "Missing closing > in address";
        return result;
    }
    QByteArray path = argument.mid(i + 1, end - i - 1);
    if (path.startsWith('@')) { // obsolete source route "@a,@b:user@c" (RFC 5321 4.1.2): ignored
        const qsizetype colon = path.indexOf(':');
        if (colon < 0) {
            result.error = "Malformed source route";
            return result;
        }
        path = path.mid(colon + 1);
    }
    if (path.isEmpty()) {
        if (!nullAllowed) {
            result.error = "Empty recipient address";
            return result;
        }
    } else if (const QByteArray domain = path.mid(path.lastIndexOf('@') + 1);
               path.contains('@') && domain.startsWith('[') && !isValidAddressLiteral(domain)) {
        result.error = "Malformed address literal in " + path + " (RFC 5321 4.1.3)";
        result.enhanced = "5.1.3";
        return result;
    } else if (!isValidMailbox(path) && !(keyword == "TO" && path.compare("postmaster", Qt::CaseInsensitive) == 0)) {
        result.error = "Malformed address: " + path;
        return result;
    }
    result.address = path;

    const QByteArray rest = argument.mid(end + 1);
    if (!rest.isEmpty() && !rest.startsWith(' ')) {
        result.error = "Unexpected text after address";
        return result;
    }
    for (const QByteArray &word : rest.split(' ')) {
        if (word.isEmpty())
            continue;
        const qsizetype eq = word.indexOf('=');
        const QByteArray key = (eq < 0 ? word : word.left(eq)).toUpper();
        const QByteArray value = eq < 0 ? QByteArray() : word.mid(eq + 1);
        bool keyOk = !key.isEmpty();
        for (char c : key)
            keyOk = keyOk && isKeywordChar(c);
        if (!keyOk || (eq >= 0 && value.isEmpty())) {
            result.error = "Malformed parameter: " + word;
            return result;
        }
        for (const auto &p : std::as_const(result.parameters)) {
            if (p.first == key) {
                result.error = "Duplicate parameter: " + key;
                return result;
            }
        }
        result.parameters.append({key, value});
    }
    result.ok = true;
    return result;
}

} // namespace Smtp::CommandParser
