#include "sendrequest.h"

#include "mime/addresses.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeDatabase>

namespace Api {

namespace {

// Mailpit refuses these names in Headers (without case), and X-Tags when Tags is given.
const QStringList kRestrictedHeaders = {
    QStringLiteral("To"), QStringLiteral("From"), QStringLiteral("Cc"), QStringLiteral("Bcc"), QStringLiteral("Reply-To"),
    QStringLiteral("Date"), QStringLiteral("Subject"), QStringLiteral("Content-Type"), QStringLiteral("Mime-Version"),
};

QString jsonTypeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool: return QStringLiteral("bool");
    case QJsonValue::Double: return QStringLiteral("number");
    case QJsonValue::String: return QStringLiteral("string");
    case QJsonValue::Array: return QStringLiteral("array");
    case QJsonValue::Object: return QStringLiteral("object");
    default: return QStringLiteral("null");
    }
}

// A member by name, exact first, then without case (Go's encoding/json).
QJsonValue member(const QJsonObject &o, const QString &name)
{
    if (o.contains(name))
        return o.value(name);
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key().compare(name, Qt::CaseInsensitive) == 0)
            return it.value();
    }
    return QJsonValue::Undefined;
}

bool absent(const QJsonValue &v)
{
    return v.isUndefined() || v.isNull();
}

// One mailbox that Go's mail.ParseAddress would take: local@domain, both parts present.
bool isMailbox(const QString &email)
{
    const QList<Records::Address> parsed = Mime::parseAddresses(email.toUtf8());
    if (parsed.size() != 1)
        return false;
    const QString address = parsed.constFirst().address;
    const qsizetype at = address.lastIndexOf(QLatin1Char('@'));
    return at > 0 && at < address.size() - 1 && address == email.trimmed();
}

bool isFieldName(const QString &name)
{
    if (name.isEmpty())
        return false;
    for (const QChar c : name) {
        if (c.unicode() < 33 || c.unicode() > 126 || c == QLatin1Char(':'))
            return false;
    }
    return true;
}

QString detectedType(const QByteArray &content)
{
    static const QMimeDatabase database;
    const QMimeType type = database.mimeTypeForData(content);
    if (type.name().startsWith(QLatin1String("text/")))
        return type.name() + QStringLiteral("; charset=utf-8");
    return type.name();
}

// Reads the request in Mailpit's order of checks; the first problem is kept and the rest of
// the reading is skipped.
class Reader
{
public:
    SendRequest read(const QJsonObject &body);
    QString error;

private:
    bool failed() const { return !error.isEmpty(); }
    void fail(const QString &message)
    {
        if (error.isEmpty())
            error = message;
    }
    void wrongType(const QJsonValue &v, const QString &field, const char *expected)
    {
        fail(QStringLiteral("json: cannot unmarshal %1 into field %2 of type %3").arg(jsonTypeName(v), field, QLatin1String(expected)));
    }
    QString stringAt(const QJsonObject &o, const QString &name, const QString &path);
    QJsonArray arrayAt(const QJsonObject &o, const QString &name, const char *elementType);
    SendAddress addressFrom(const QJsonValue &v, const QString &path);
    QList<SendAddress> addressesAt(const QJsonObject &o, const QString &name);
    QStringList stringsAt(const QJsonObject &o, const QString &name);
    void checkAddresses(const QList<SendAddress> &list, const char *label);
    void readHeaders(const QJsonObject &body, SendRequest *r);
    void readAttachments(const QJsonObject &body, SendRequest *r);
    QByteArray decodeBase64(QByteArray text, const QString &fileName);
};

QString Reader::stringAt(const QJsonObject &o, const QString &name, const QString &path)
{
    const QJsonValue v = member(o, name);
    if (absent(v))
        return {};
    if (!v.isString())
        wrongType(v, path + name, "string");
    return v.toString();
}

QJsonArray Reader::arrayAt(const QJsonObject &o, const QString &name, const char *elementType)
{
    const QJsonValue v = member(o, name);
    if (absent(v))
        return {};
    if (!v.isArray())
        wrongType(v, name, elementType);
    return v.toArray();
}

SendAddress Reader::addressFrom(const QJsonValue &v, const QString &path)
{
    if (absent(v))
        return {};
    if (!v.isObject())
        wrongType(v, path, "object");
    const QJsonObject o = v.toObject();
    return {stringAt(o, QStringLiteral("Email"), path + QLatin1Char('.')), stringAt(o, QStringLiteral("Name"), path + QLatin1Char('.'))};
}

QList<SendAddress> Reader::addressesAt(const QJsonObject &o, const QString &name)
{
    QList<SendAddress> out;
    for (const QJsonValue &v : arrayAt(o, name, "[]object"))
        out.append(addressFrom(v, name));
    return out;
}

QStringList Reader::stringsAt(const QJsonObject &o, const QString &name)
{
    QStringList out;
    for (const QJsonValue &v : arrayAt(o, name, "[]string")) {
        if (!v.isString() && !v.isNull())
            wrongType(v, name, "string");
        out.append(v.toString());
    }
    return out;
}

void Reader::checkAddresses(const QList<SendAddress> &list, const char *label)
{
    for (const SendAddress &a : list) {
        if (!isMailbox(a.email))
            fail(QStringLiteral("invalid %1 address: %2").arg(QLatin1String(label), a.email));
    }
}

void Reader::readHeaders(const QJsonObject &body, SendRequest *r)
{
    QStringList restricted = kRestrictedHeaders;
    if (!r->tags.isEmpty())
        restricted.append(QStringLiteral("X-Tags"));
    const QJsonValue headers = member(body, QStringLiteral("Headers"));
    if (!absent(headers) && !headers.isObject())
        wrongType(headers, QStringLiteral("Headers"), "map[string]string");
    const QJsonObject headerObject = headers.toObject();
    for (auto it = headerObject.begin(); it != headerObject.end(); ++it) {
        if (restricted.contains(it.key(), Qt::CaseInsensitive))
            fail(QStringLiteral("cannot overwrite header: \"%1\"").arg(it.key()));
        if (!isFieldName(it.key()))
            fail(QStringLiteral("invalid header name: \"%1\"").arg(it.key()));
        if (!it.value().isString())
            wrongType(it.value(), QStringLiteral("Headers"), "string");
        r->headers.append({it.key(), it.value().toString()});
    }
}

// Go's base64.StdEncoding: padded, line breaks ignored; the error names the first bad octet.
QByteArray Reader::decodeBase64(QByteArray text, const QString &fileName)
{
    text.replace("\r", "").replace("\n", "");
    const auto result = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
    if (result && text.size() % 4 == 0)
        return *result;
    static const QByteArray alphabet = QByteArrayLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    qsizetype bad = 0;
    while (bad < text.size() && alphabet.contains(text.at(bad)))
        ++bad;
    if (bad == text.size())
        bad = text.size() - text.size() % 4;
    fail(QStringLiteral("error decoding base64 attachment \"%1\": illegal base64 data at input byte %2").arg(fileName).arg(bad));
    return {};
}

void Reader::readAttachments(const QJsonObject &body, SendRequest *r)
{
    const QString path = QStringLiteral("Attachments.");
    for (const QJsonValue &v : arrayAt(body, QStringLiteral("Attachments"), "[]object")) {
        if (!v.isObject()) {
            wrongType(v, QStringLiteral("Attachments"), "object");
            return;
        }
        const QJsonObject a = v.toObject();
        SendAttachment attachment;
        attachment.fileName = stringAt(a, QStringLiteral("Filename"), path);
        attachment.contentId = stringAt(a, QStringLiteral("ContentID"), path);
        attachment.contentType = stringAt(a, QStringLiteral("ContentType"), path);
        const QByteArray content = stringAt(a, QStringLiteral("Content"), path).toLatin1();
        if (failed())
            return;
        attachment.content = decodeBase64(content.mid(content.lastIndexOf(',') + 1), attachment.fileName);
        if (attachment.contentType.isEmpty())
            attachment.contentType = detectedType(attachment.content);
        r->attachments.append(attachment);
    }
}

SendRequest Reader::read(const QJsonObject &body)
{
    SendRequest r;
    r.from = addressFrom(member(body, QStringLiteral("From")), QStringLiteral("From"));
    r.to = addressesAt(body, QStringLiteral("To"));
    r.cc = addressesAt(body, QStringLiteral("Cc"));
    r.bcc = stringsAt(body, QStringLiteral("Bcc"));
    r.replyTo = addressesAt(body, QStringLiteral("ReplyTo"));
    r.subject = stringAt(body, QStringLiteral("Subject"), QString());
    r.text = stringAt(body, QStringLiteral("Text"), QString());
    r.html = stringAt(body, QStringLiteral("HTML"), QString());
    r.tags = stringsAt(body, QStringLiteral("Tags"));
    if (failed())
        return r;

    checkAddresses(r.to, "To");
    checkAddresses(r.cc, "Cc");
    for (const QString &e : std::as_const(r.bcc)) {
        if (!isMailbox(e))
            fail(QStringLiteral("invalid Bcc address: %1").arg(e));
    }
    checkAddresses(r.replyTo, "Reply-To");
    if (failed())
        return r;
    readHeaders(body, &r);
    if (failed())
        return r;
    readAttachments(body, &r);
    if (r.from.email.isEmpty())
        fail(QStringLiteral("error building message: from not set"));
    else if (!isMailbox(r.from.email))
        fail(QStringLiteral("invalid From address: %1").arg(r.from.email));
    if (r.to.isEmpty() && r.cc.isEmpty() && r.bcc.isEmpty())
        fail(QStringLiteral("error building message: no recipients (to, cc, bcc) set"));
    return r;
}

} // namespace

std::variant<SendRequest, QString> parseSendRequest(const QByteArray &json)
{
    if (json.trimmed().isEmpty())
        return QStringLiteral("EOF");
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return QStringLiteral("invalid JSON at offset %1: %2").arg(error.offset).arg(error.errorString());
    if (!document.isObject())
        return QStringLiteral("json: cannot unmarshal %1 into a send request object")
            .arg(document.isArray() ? QStringLiteral("array") : QStringLiteral("value"));
    Reader reader;
    SendRequest request = reader.read(document.object());
    if (!reader.error.isEmpty())
        return reader.error;
    return request;
}

} // namespace Api
