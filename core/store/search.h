#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QTimeZone>
#include <QVariantList>

#include <optional>

namespace Store {

// A search as SQL over messages (aliased as m): "SELECT ... FROM <from> WHERE <where>" with
// binds in order, and idColumn the message id to order and page by (the search index's rowid
// when it drives the query, so SQLite walks its matches newest first).
struct SearchSql
{
    QString from;
    QString where;              // "1" when there is no condition
    QVariantList binds;
    QString idColumn;

    QString selectIds() const;  // every matching id, newest first
};

// The search box's language (the window's and Mailpit's), compiled for SQLite. Words match
// any of sender, recipients, Cc, Bcc, Reply-To, subject and body text (text and HTML parts),
// as prefixes (so results follow typing); "quoted phrases" match exactly; from:, to:, cc:,
// bcc:, reply-to:, addressed: (any address field) and subject: restrict a word or phrase to
// their fields; message-id: matches the Message-ID exactly (angle brackets optional); tag:
// matches a tag by name (any case); has:attachment, has:html, is:unread, is:read and
// is:tagged filter on list columns; before: and after: compare the time received with a date
// (2024-01-31, 2024/01/31, 01/31/2024, optionally with a time "2024-01-31 10:00" or an
// RFC 3339 time with its offset) in the zone given, by an index. A leading '-' or '!'
// excludes a term. Anything else (unknown key:value, stray quotes, a date not understood) is
// searched as text or ignored, never an error.
struct SearchQuery
{
    QStringList terms;          // FTS5 expressions that must match
    QStringList excluded;       // FTS5 expressions that must not match
    std::optional<bool> hasAttachment; // unset: either
    std::optional<bool> hasHtml;
    std::optional<bool> unread;
    std::optional<bool> tagged;
    QStringList tags;           // tag names the message must carry
    QStringList excludedTags;
    QStringList messageIds;     // Message-IDs without angle brackets; the message must have one of them
    QStringList excludedMessageIds;
    std::optional<qint64> receivedBeforeUs; // received_us below this
    std::optional<qint64> receivedAfterUs;  // received_us above this

    // zone: how dates in before: and after: are read (Mailpit's tz parameter; the local zone
    // of the window by default).
    static SearchQuery parse(const QString &text, const QTimeZone &zone = QTimeZone::systemTimeZone());

    bool isEmpty() const;
    bool usesText() const { return !terms.isEmpty(); }
    QString matchExpression() const; // terms, then NOT excluded; empty without terms

    // SQL conditions on the list columns (messages aliased as m), joined by AND, with their
    // bind values appended to binds; excluded terms become a NOT IN when there are no terms.
    QString listConditions(QVariantList *binds) const;
    SearchSql sql() const;
};

// An FTS5 string literal for text; prefix adds '*' so the last word matches as typed.
QString ftsString(const QString &text, bool prefix);

// A date or time as before: and after: take it, read in zone unless it carries an offset;
// nullopt when it is not one.
std::optional<QDateTime> parseSearchDate(const QString &text, const QTimeZone &zone);

} // namespace Store
