#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QStringList>

// Message tags in the tags and message_tags tables. A tag's name is unique without regard to
// case: a message given "invoice" when "Invoice" exists gets "Invoice". Triggers remove a
// message's tags with the message and a tag with the last message that carries it, so the
// tags table lists exactly the tags in use. The Maintenance tasks setTags, renameTag and
// deleteTag are written with these. Writer thread only.
namespace Store::TagStore {

// Gives a message the tags (names already clean, Records::Tags); the ids of its tags and
// their names as stored (sorted) go to tagIds and stored when given. False with *error
// when a statement fails.
bool add(QSqlDatabase &db, qint64 messageId, const QStringList &names, QStringList *stored, QString *error,
         QList<qint64> *tagIds = nullptr);

} // namespace Store::TagStore
