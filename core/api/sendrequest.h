#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <utility>
#include <variant>

// The body of POST /api/v1/send (Mailpit's SendMessageParams), read and checked as Mailpit
// checks it. Pure, any thread.
namespace Api {

struct SendAddress
{
    QString email;
    QString name;
};

struct SendAttachment
{
    QByteArray content;         // decoded from the request's base64 (a data: URL's prefix dropped)
    QString fileName;
    QString contentType;        // as given, else found from the content
    QString contentId;          // set: the file goes inline (multipart/related)
};

struct SendRequest
{
    SendAddress from;
    QList<SendAddress> to, cc;
    QStringList bcc;            // addresses only
    QList<SendAddress> replyTo;
    QString subject;
    QString text;
    QString html;
    QList<SendAttachment> attachments;
    QList<std::pair<QString, QString>> headers;
    QStringList tags;
};

// The request, or the sentence Mailpit's JSON error ({"Error": ...}, status 400) carries:
// "invalid To address: x", "cannot overwrite header: \"Subject\"",
// "error decoding base64 attachment \"a.png\": ...", "error building message: from not set",
// "error building message: no recipients (to, cc, bcc) set". Field names match without case,
// as Go's JSON decoder matches them; unknown fields are ignored.
std::variant<SendRequest, QString> parseSendRequest(const QByteArray &json);

} // namespace Api
