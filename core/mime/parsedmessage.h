#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>

namespace Records {
struct Envelope;
}

// The parsed view of one raw message: plain Qt values, derived from the raw bytes and tied
// back to them by byte ranges. Produced by Mime::parse on any thread; safe to copy across
// threads. Offsets are octets from the start of the raw message.
namespace Mime {

// Half-open [begin, end) into the raw message; both -1 when unknown.
struct ByteRange
{
    qint64 begin = -1;
    qint64 end = -1;

    bool isValid() const { return begin >= 0 && end >= begin; }
    qint64 size() const { return isValid() ? end - begin : 0; }
    friend bool operator==(const ByteRange &, const ByteRange &) = default;
};

// One header field, in the order written; duplicates are kept.
struct HeaderField
{
    QByteArray name;            // as written, without the colon
    QByteArray raw;             // the whole field as written: name, colon, folded value, line break
    QString value;              // unfolded and decoded (RFC 2047 words, RFC 6532 raw UTF-8, other charsets)
    ByteRange range;            // of raw
};

struct Address
{
    QString name;               // display name, decoded; empty when none
    QString addr;               // addr-spec, local@domain; group members are listed flat
    friend bool operator==(const Address &, const Address &) = default;
};

enum class Severity { Error, Warning, Info };

// One finding about the message. code is stable (tests, filters and translations key on it);
// message is a plain-language sentence for people.
struct Diagnostic
{
    Severity severity = Severity::Warning;
    QString code;               // e.g. "missing-date", "gmime-malformed-multipart"
    QString message;
    QString rfc;                // the rule it rests on, e.g. "RFC 5322 3.6"; empty for limits
    qint64 offset = -1;         // into the raw message; -1 when not tied to a place
    QString path;               // part path ("" = top level) when tied to a part
};

// One MIME entity. Paths are IMAP section numbers: the top-level multipart is "", its children
// "1", "2"; a top-level single part is "1"; the entity inside a message/rfc822 part P is P
// when it is a multipart (children P.1, P.2, ...) and P.1 otherwise.
struct Part
{
    QString path;
    QString contentType;        // lower case type/subtype, defaults applied (text/plain, message/rfc822 in digest)
    QList<QPair<QString, QString>> params; // Content-Type parameters, names lower case, RFC 2231 decoded
    QString charset;            // lower case; empty when no charset parameter
    QString transferEncoding;   // Content-Transfer-Encoding as written, trimmed and lower case; empty when absent
    QString disposition;        // lower case ("inline", "attachment", ...); empty when absent
    QString filename;           // disposition filename, else Content-Type name; RFC 2231/2047 decoded
    QString contentId;          // as written, whitespace-normalised; empty when absent
    QList<HeaderField> headers; // this entity's own fields
    ByteRange headerRange;      // the header block, without the blank line
    ByteRange bodyRange;        // the body (for a multipart: from after the blank line to the end of the entity)
    qint64 decodedSize = -1;    // leaf octets after transfer decoding; -1 for containers
    QByteArray decodedSha256;   // lower-case hex of those octets; empty for containers
    int inMessage = 0;          // how many message/rfc822 encapsulations enclose this entity
    bool isAttachment = false;  // disposition attachment, or a named non-text leaf
    QList<Part> children;       // multipart children, or the one entity inside a message/rfc822

    bool isMultipart() const { return contentType.startsWith(QLatin1String("multipart/")) && !children.isEmpty(); }
    bool isEncapsulatedMessage() const { return contentType.startsWith(QLatin1String("message/")) && !children.isEmpty(); }
    bool isLeaf() const { return children.isEmpty(); }
    bool isText() const { return contentType.startsWith(QLatin1String("text/")); }
    QString param(const QString &name) const;
};

struct ParsedMessage
{
    Part root;                  // root.headers are the message's header fields
    QString subject;            // decoded; null when absent
    QList<Address> from, sender, replyTo, to, cc, bcc;
    QString date;               // Date as written, unfolded; null when absent
    QDateTime dateTime;         // invalid when absent or unparseable
    QString messageId;          // as written, trimmed; null when absent
    QList<Diagnostic> diagnostics;
    qint64 size = 0;            // raw octets

    const QList<HeaderField> &headers() const { return root.headers; }
    QList<const Part *> leaves() const;         // in document order
    const Part *findPart(const QString &path) const; // leaves win over a container with the same path
};

// What the SMTP envelope said, so lint can compare it with the headers.
struct EnvelopeHints
{
    bool known = false;         // false for a plain file: envelope checks are skipped
    bool smtpUtf8 = false;      // MAIL FROM ... SMTPUTF8
    bool eightBitMime = false;  // MAIL FROM ... BODY=8BITMIME or BINARYMIME
    QByteArray mailFrom;        // reverse path without angle brackets
    QList<QByteArray> recipients;
};
EnvelopeHints hintsFromEnvelope(const Records::Envelope &envelope);

// Bounds that keep hostile input cheap. A message at a limit is still shown, with a diagnostic.
struct Limits
{
    int maxDepth = 32;          // nested multipart / message levels
    int maxParts = 2000;        // MIME entities
    qint64 maxHeaderBytes = 256 * 1024; // one header block
};

// Never throws and never fails: broken input gives a best-effort tree plus diagnostics.
ParsedMessage parse(const QByteArray &raw, const EnvelopeHints &hints = {}, const Limits &limits = {});

// The part's body after transfer decoding (base64, quoted-printable, uuencode); raw must be
// the bytes the part was parsed from.
QByteArray decodedContent(const QByteArray &raw, const Part &part);
// A text part's decoded body converted to Unicode from its charset (us-ascii when none).
QString decodedText(const QByteArray &raw, const Part &part);

QString severityName(Severity severity); // "error", "warning", "info"

// The JSON form used by `mailscope parse --json` and `mailscope show --json`: top_content_type,
// leaf_count, structure, parts, containers, subject, from, to, cc, date, date_iso, message_id,
// headers and diagnostics (field names as in the corpus oracle where they overlap).
QJsonObject toJson(const ParsedMessage &message);

} // namespace Mime

Q_DECLARE_METATYPE(Mime::ParsedMessage)
