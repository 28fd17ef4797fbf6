#include "messagebuilder.h"

#include "mimewriter.h"

#include <QLocale>
#include <QRandomGenerator>

namespace Api {

namespace {

using namespace MimeWriter;

// One MIME entity: its own header lines (each ending in CR LF) and its body.
struct Entity
{
    QByteArray headers;
    QByteArray body;

    QByteArray bytes() const { return headers + "\r\n" + body; }
};

// standalone: the whole message is this part, so its body ends the message, which must end
// with a line break; in a multipart the line break before the delimiter is the delimiter's.
Entity textEntity(const QByteArray &subtype, const QString &text, bool standalone)
{
    const QByteArray body = crlfText(text);
    Entity e;
    e.headers = "Content-Type: text/" + subtype + "; charset=utf-8\r\n";
    // 7bit only when it cannot look like a boundary ("=_" never occurs in quoted-printable).
    if (isSevenBit(body) && !body.contains("=_") && (!standalone || body.isEmpty() || body.endsWith("\r\n"))) {
        e.headers += "Content-Transfer-Encoding: 7bit\r\n";
        e.body = body;
    } else {
        e.headers += "Content-Transfer-Encoding: quoted-printable\r\n";
        e.body = quotedPrintable(body);
    }
    return e;
}

QByteArray sanitised(QByteArray value)
{
    value.replace("\r\n", " ").replace('\r', ' ').replace('\n', ' ');
    return value;
}

Entity fileEntity(const SendAttachment &file)
{
    const bool inlined = !file.contentId.isEmpty();
    Entity e;
    QByteArray type = sanitised(file.contentType.toUtf8()).trimmed();
    if (!file.fileName.isEmpty())
        type += parameter("name", file.fileName);
    e.headers = "Content-Type: " + type + "\r\n";
    e.headers += QByteArray(inlined ? "Content-Disposition: inline" : "Content-Disposition: attachment")
        + (file.fileName.isEmpty() ? QByteArray() : parameter("filename", file.fileName)) + "\r\n";
    if (inlined) {
        QString id = file.contentId.trimmed();
        if (id.startsWith(QLatin1Char('<')) && id.endsWith(QLatin1Char('>')))
            id = id.mid(1, id.size() - 2);
        e.headers += "Content-ID: <" + sanitised(id.toUtf8()) + ">\r\n";
    }
    e.headers += "Content-Transfer-Encoding: base64\r\n";
    e.body = base64Lines(file.content);
    return e;
}

Entity multipart(const QByteArray &subtype, const QByteArray &boundary, const QList<Entity> &children)
{
    Entity e;
    e.headers = "Content-Type: multipart/" + subtype + "; boundary=\"" + boundary + "\"\r\n";
    for (const Entity &child : children)
        e.body += "--" + boundary + "\r\n" + child.bytes() + "\r\n";
    e.body += "--" + boundary + "--\r\n";
    return e;
}

QByteArray addressList(const QList<SendAddress> &list)
{
    QByteArrayList out;
    for (const SendAddress &a : list)
        out.append(mailbox(a.name, a.email));
    return out.join(",\r\n ");
}

QByteArray rfc5322Date(const QDateTime &date)
{
    const int offset = date.offsetFromUtc() / 60;
    const QByteArray zone = (offset < 0 ? "-" : "+") + QByteArray::number(qAbs(offset) / 60).rightJustified(2, '0')
        + QByteArray::number(qAbs(offset) % 60).rightJustified(2, '0');
    return QLocale::c().toString(date, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss")).toLatin1() + ' ' + zone;
}

QByteArray randomToken()
{
    QByteArray bytes(12, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return bytes.toHex();
}

} // namespace

QByteArray buildMessage(const SendRequest &request, const BuildOptions &options)
{
    const QByteArray token = options.token.isEmpty() ? randomToken() : options.token;
    const QDateTime date = options.date.isValid() ? options.date : QDateTime::currentDateTime();
    int boundaries = 0;
    auto boundary = [&]() -> QByteArray { return "=_" + token + '_' + QByteArray::number(++boundaries); };

    Entity body = textEntity("plain", request.text, request.html.isEmpty() && request.attachments.isEmpty());
    if (!request.html.isEmpty())
        body = multipart("alternative", boundary(), {body, textEntity("html", request.html, false)});
    QList<Entity> inlines{body}, attachments;
    for (const SendAttachment &file : request.attachments)
        (file.contentId.isEmpty() ? attachments : inlines).append(fileEntity(file));
    if (inlines.size() > 1)
        body = multipart("related", boundary(), inlines);
    if (!attachments.isEmpty())
        body = multipart("mixed", boundary(), QList<Entity>{body} + attachments);

    QByteArray head;
    head += "Date: " + rfc5322Date(date) + "\r\n";
    head += "From: " + mailbox(request.from.name, request.from.email) + "\r\n";
    if (!request.to.isEmpty())
        head += "To: " + addressList(request.to) + "\r\n";
    if (!request.cc.isEmpty())
        head += "Cc: " + addressList(request.cc) + "\r\n";
    if (!request.replyTo.isEmpty())
        head += "Reply-To: " + addressList(request.replyTo) + "\r\n";
    head += "Subject: " + headerText(request.subject) + "\r\n";
    head += "Message-ID: <" + token + "@mailscope>\r\n";
    head += "MIME-Version: 1.0\r\n";
    if (!request.tags.isEmpty())
        head += "X-Tags: " + headerText(request.tags.join(QStringLiteral(", "))) + "\r\n";
    for (const auto &[name, value] : request.headers)
        head += name.toLatin1() + ": " + headerText(QString::fromUtf8(sanitised(value.toUtf8()))) + "\r\n";
    return head + body.bytes();
}

Records::Envelope sendEnvelope(const SendRequest &request)
{
    Records::Envelope envelope;
    envelope.mailFrom = request.from.email.toUtf8();
    auto add = [&](const QString &address) {
        envelope.recipients.append({address.toUtf8(), {}, {}, {}});
        envelope.smtpUtf8 = envelope.smtpUtf8 || address.toUtf8().size() != address.size();
    };
    for (const SendAddress &a : request.to)
        add(a.email);
    for (const SendAddress &a : request.cc)
        add(a.email);
    for (const QString &a : request.bcc)
        add(a);
    envelope.smtpUtf8 = envelope.smtpUtf8 || envelope.mailFrom.size() != request.from.email.size();
    return envelope;
}

} // namespace Api
