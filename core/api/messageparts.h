#pragma once

#include "mime/parsedmessage.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

// A message's parts the way Mailpit sees them, over Mime::parse's tree: its part numbers
// (PartID), its text and HTML bodies, its Inline and Attachments lists. Pure, any thread.
// Mailpit numbers parts like its MIME library: the root is "0", the children of the top-level
// multipart "1", "2", ..., the children of a nested multipart at "2" are "2.1", "2.2", ... and
// that multipart itself is "2.0"; a message/rfc822 part is a leaf (not looked into).
namespace Api {

// One entity with Mailpit's view of its headers.
struct MailpitPart
{
    QString partId;
    const Mime::Part *part = nullptr;   // into the ParsedMessage the list was made from
    QString contentType;                // lower case type/subtype
    QString disposition;                // lower case; empty when absent
    QString fileName;                   // decoded; empty when none
    QString contentId;                  // without angle brackets, %-escapes decoded
};

struct MailpitParts
{
    QString text;                       // the text/plain bodies (or the HTML as text when there is none)
    QString html;                       // the first text/html body
    // Mailpit's three lists, in its order (breadth first), before it drops the unnamed ones:
    // disposition inline; no disposition and neither text/plain, text/html nor
    // application/octet-stream ("other parts"); disposition attachment or application/octet-stream.
    // A part can be in two of them, as in Mailpit.
    QList<MailpitPart> inlines, otherParts, attachments;

    // What the Message object lists: the parts above with a file name or a Content-ID.
    QList<MailpitPart> listedInline() const;    // inlines, then other parts
    QList<MailpitPart> listedAttachments() const;
};

// The pointers in the result point into message, which must outlive it.
MailpitParts mailpitParts(const QByteArray &raw, const Mime::ParsedMessage &message);

// A PartID as Mailpit's routes accept it: digits separated by single dots ("0", "2", "1.2.1").
// Everything else ("", "a", "../1", "1/../../etc", "1..2", ".1") is refused before any lookup.
bool isValidPartId(const QString &partId);

// One part's decoded content for /api/v1/message/{ID}/part/{PartID} and its thumbnail.
struct PartContent
{
    QByteArray data;                    // after transfer decoding
    QString contentType;
    QString fileName;                   // the file name, else the Content-ID (what Mailpit names the download)
};

// The part with that PartID among Mailpit's three lists (named or not); nullopt when the id is
// invalid or no such part is there.
std::optional<PartContent> findPart(const QByteArray &raw, const Mime::ParsedMessage &message, const QString &partId);

} // namespace Api
