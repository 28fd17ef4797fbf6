#pragma once

#include <QList>
#include <QString>

namespace Store {

// One term of the search box's language: [-|!][key:]value or "quoted value".
struct SearchToken
{
    bool negated = false;
    QString key;                // lower case, empty for plain text
    QString value;
    bool quoted = false;
    QString text;               // the token as typed, for unknown keys
};

// Splits a query into tokens; a quote runs to the next quote or the end. The message search
// (SearchQuery) and the session search (SessionQuery) read the same syntax through it.
QList<SearchToken> tokenizeSearch(const QString &input);

} // namespace Store
