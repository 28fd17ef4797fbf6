#pragma once

#include "context.h"
#include "httpmessage.h"
#include "store/reader.h"
#include "store/search.h"

#include <QJsonObject>

#include <optional>

// How the message routes find the message their {ID} names, and Mailpit's answers when there
// is none. On the API's thread, through its reader.
namespace Api {

Response unknownMessage();   // 404 "404 page not found" (text/plain): an id that names no message
Response noLatestMessage();  // 404 "Message not found": "latest" when nothing (nothing matching) is stored

// An id as the API writes it: decimal, positive, no sign or leading zero; nullopt otherwise.
std::optional<qint64> parseMessageId(const QString &text);

// A JSON object body; an error sentence ("EOF" for none) when it is not one.
std::optional<QJsonObject> objectBody(const Request &request, QString *error);
// The "IDs" array of a body: message ids as strings (one that names no message becomes 0);
// nullopt with an error when it is not an array of strings.
std::optional<QList<qint64>> idsOf(const QJsonObject &body, QString *error);

// A search from the request's text, with dates read in its ?tz= (an unknown zone: the local one).
// Mailpit indexes a message as it stores it, so a test may search the moment its mail is
// accepted; the index here follows at idle priority, so a search of words first has it catch up
// with what is committed (nothing to do, and no cost beyond one query, when it has).
Store::SearchQuery searchOf(Context &context, const QString &text, const Request &request);

// The newest message, or with ?query= the newest that matches it; 0 when there is none.
qint64 latestId(Context &context, const Request &request);

// The message a route's {ID} names ("latest" as latestId): its id and exact bytes, or the
// answer to give instead.
struct MessageLookup
{
    qint64 id = 0;
    QByteArray raw;
    std::optional<Response> failure;
};
MessageLookup lookUpMessage(Context &context, const Request &request,
                            const Response &noLatest = noLatestMessage(), const Response &noMessage = unknownMessage());

// Runs a writer task and returns once it is committed, so the next request reads its outcome;
// false with the task's *error when it failed (and changed nothing).
bool performNow(Context &context, Store::Writer::Task task, QString *error = nullptr);
// Marks a message read, as Mailpit does when a client opens it.
void markRead(Context &context, qint64 messageId);

} // namespace Api
