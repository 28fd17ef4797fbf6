#include "tagstore.h"

#include "maintenance.h"

#include "records/tags.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>


namespace Store {

namespace {

bool exec(QSqlQuery &q, QString *error)
{
    if (q.exec())
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

bool prepare(QSqlQuery &q, const QString &sql, QString *error)
{
    if (q.prepare(sql))
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

// The messages that carry a tag, and the tag's id (0 when there is no such tag).
bool carriers(QSqlDatabase &db, const QString &name, qint64 *tagId, QList<qint64> *ids, QString *error)
{
    QSqlQuery q(db);
    if (!prepare(q, QStringLiteral("SELECT t.id, mt.message_id FROM tags t LEFT JOIN message_tags mt ON mt.tag_id = t.id"
                                   " WHERE t.name = ?"),
                 error))
        return false;
    q.addBindValue(name);
    if (!exec(q, error))
        return false;
    *tagId = 0;
    while (q.next()) {
        *tagId = q.value(0).toLongLong();
        if (!q.value(1).isNull())
            ids->append(q.value(1).toLongLong());
    }
    return true;
}

} // namespace

bool TagStore::add(QSqlDatabase &db, qint64 messageId, const QStringList &names, QStringList *stored, QString *error,
                   QList<qint64> *tagIds)
{
    QSqlQuery insertTag(db), findTag(db), link(db);
    if (!prepare(insertTag, QStringLiteral("INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING"), error)
        || !prepare(findTag, QStringLiteral("SELECT id, name FROM tags WHERE name = ?"), error)
        || !prepare(link, QStringLiteral("INSERT OR IGNORE INTO message_tags (message_id, tag_id) VALUES (?, ?)"), error))
        return false;
    QStringList spelled;
    for (const QString &name : names) {
        insertTag.addBindValue(name);
        findTag.addBindValue(name);
        if (!exec(insertTag, error) || !exec(findTag, error))
            return false;
        if (!findTag.next())
            continue;
        const qint64 tagId = findTag.value(0).toLongLong();
        const QString spelling = findTag.value(1).toString();
        findTag.finish();
        link.addBindValue(messageId);
        link.addBindValue(tagId);
        if (!exec(link, error))
            return false;
        if (tagIds)
            tagIds->append(tagId);
        if (!spelled.contains(spelling, Qt::CaseInsensitive))
            spelled.append(spelling);
    }
    if (stored) {
        Records::Tags::sort(spelled);
        *stored = spelled;
    }
    return true;
}

Writer::Task Maintenance::setTags(QList<qint64> messageIds, QStringList tags)
{
    return [ids = std::move(messageIds), names = Records::Tags::cleanList(tags)](QSqlDatabase &db,
                                                                                Records::CommitBatch &out, QString *error) {
        QSqlQuery exists(db), current(db), drop(db);
        if (!prepare(exists, QStringLiteral("SELECT 1 FROM messages WHERE id = ?"), error)
            || !prepare(current, QStringLiteral("SELECT tag_id FROM message_tags WHERE message_id = ?"), error))
            return false;
        for (const qint64 id : ids) {
            exists.addBindValue(id);
            current.addBindValue(id);
            if (!exec(exists, error) || !exec(current, error))
                return false;
            if (!exists.next())
                continue;
            exists.finish();
            QSet<qint64> before;
            while (current.next())
                before.insert(current.value(0).toLongLong());
            // Adding first keeps the spelling of a tag the message already has.
            QList<qint64> kept;
            if (!TagStore::add(db, id, names, nullptr, error, &kept))
                return false;
            QStringList marks(kept.size(), QStringLiteral("?"));
            if (!prepare(drop,
                         QStringLiteral("DELETE FROM message_tags WHERE message_id = ? AND tag_id NOT IN (%1)")
                             .arg(marks.join(QLatin1Char(','))),
                         error))
                return false;
            drop.addBindValue(id);
            for (const qint64 tagId : std::as_const(kept))
                drop.addBindValue(tagId);
            if (!exec(drop, error))
                return false;
            if (before != QSet<qint64>(kept.begin(), kept.end()))
                out.tagsChanged.append(id);
        }
        return true;
    };
}

Writer::Task Maintenance::renameTag(QString from, QString to)
{
    return [from = std::move(from), to = Records::Tags::clean(to)](QSqlDatabase &db, Records::CommitBatch &out,
                                                                   QString *error) {
        if (to.isEmpty()) {
            if (error)
                *error = QStringLiteral("a tag name needs at least one of a-z, A-Z, 0-9, '-', '_' and '.'");
            return false;
        }
        qint64 tagId = 0;
        QList<qint64> ids;
        if (!carriers(db, from, &tagId, &ids, error))
            return false;
        if (!tagId) {
            if (error)
                *error = QStringLiteral("there is no tag called \"%1\"").arg(from);
            return false;
        }
        QSqlQuery q(db);
        if (!prepare(q, QStringLiteral("SELECT id FROM tags WHERE name = ? AND id != ?"), error))
            return false;
        q.addBindValue(to);
        q.addBindValue(tagId);
        if (!exec(q, error))
            return false;
        if (q.next()) { // another tag has the name already: its messages and this one's merge
            const qint64 into = q.value(0).toLongLong();
            q.finish();
            QSqlQuery move(db), drop(db);
            if (!prepare(move, QStringLiteral("INSERT OR IGNORE INTO message_tags (message_id, tag_id)"
                                              " SELECT message_id, ? FROM message_tags WHERE tag_id = ?"),
                         error)
                || !prepare(drop, QStringLiteral("DELETE FROM message_tags WHERE tag_id = ?"), error))
                return false;
            move.addBindValue(into);
            move.addBindValue(tagId);
            drop.addBindValue(tagId);
            if (!exec(move, error) || !exec(drop, error))
                return false;
        } else {
            if (!prepare(q, QStringLiteral("UPDATE tags SET name = ? WHERE id = ?"), error))
                return false;
            q.addBindValue(to);
            q.addBindValue(tagId);
            if (!exec(q, error))
                return false;
        }
        out.tagsChanged += ids;
        return true;
    };
}

Writer::Task Maintenance::deleteTag(QString name)
{
    return [name = std::move(name)](QSqlDatabase &db, Records::CommitBatch &out, QString *error) {
        qint64 tagId = 0;
        QList<qint64> ids;
        if (!carriers(db, name, &tagId, &ids, error))
            return false;
        if (!tagId)
            return true;
        QSqlQuery q(db);
        if (!prepare(q, QStringLiteral("DELETE FROM message_tags WHERE tag_id = ?"), error))
            return false;
        q.addBindValue(tagId);
        if (!exec(q, error))
            return false;
        out.tagsChanged += ids;
        return true;
    };
}

} // namespace Store
