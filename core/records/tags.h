#pragma once

#include <QString>
#include <QStringList>

// Message tag names, with Mailpit's rules: letters a-z and A-Z, digits, '-', '_', '.' and
// spaces. Any other character becomes a space, runs of spaces become one, and the ends are
// trimmed; a name left empty is no tag. Names compare case-insensitively.
namespace Records::Tags {

QString clean(const QString &name);
// The names cleaned, without empty ones and without duplicates (the first spelling stays),
// sorted case-insensitively.
QStringList cleanList(const QStringList &names);
// Tags from an X-Tags header value: names separated by commas.
QStringList fromHeader(const QString &value);
void sort(QStringList &names);

} // namespace Records::Tags
