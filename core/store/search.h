#pragma once

#include <QString>
#include <QStringList>
#include <QVariantList>

#include <optional>

namespace Store {

// The search box's language, compiled for SQLite. Words match any of sender, recipients,
// subject and body text, as prefixes (so results follow typing); "quoted phrases" match
// exactly; from:, to: and subject: restrict a word or phrase to one column; has:attachment,
// has:html, is:unread and is:read filter on list columns; a leading '-' excludes a term.
// Anything else (unknown key:value, stray quotes) is searched as text, never an error.
struct SearchQuery
{
    QStringList terms;          // FTS5 expressions that must match
    QStringList excluded;       // FTS5 expressions that must not match
    std::optional<bool> hasAttachment; // unset: either
    std::optional<bool> hasHtml;
    std::optional<bool> unread;

    static SearchQuery parse(const QString &text);

    bool isEmpty() const;
    bool usesText() const { return !terms.isEmpty(); }
    QString matchExpression() const; // terms, then NOT excluded; empty without terms

    // SQL conditions on the list columns (messages aliased as m), joined by AND, with their
    // bind values appended to binds; excluded terms become a NOT IN when there are no terms.
    QString listConditions(QVariantList *binds) const;
};

// An FTS5 string literal for text; prefix adds '*' so the last word matches as typed.
QString ftsString(const QString &text, bool prefix);

} // namespace Store
