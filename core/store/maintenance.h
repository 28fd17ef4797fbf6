#pragma once

#include "retention.h"
#include "search.h"
#include "writer.h"

#include <optional>

namespace Store::Maintenance {

// Writer tasks for what a user does to stored mail. Each reports what it deleted in the
// commit's batch, so every view can follow.
Writer::Task setSeen(QList<qint64> messageIds, bool seen);
Writer::Task setAllSeen();
Writer::Task remove(QList<qint64> messageIds);
// Deletes every message and every ended session with its transcript; sessions still in
// progress stay, so their next lines and messages have somewhere to go.
Writer::Task removeAll();
// The same for every message a search matches when the task runs.
Writer::Task setSeen(const SearchQuery &query, bool seen);
Writer::Task remove(const SearchQuery &query);

// Tags (tagstore.cpp), with Mailpit's rules (Records::Tags): setTags replaces the tags of the
// messages (an empty list removes them all); renameTag gives a tag a new name, merging it into
// a tag that already has that name; deleteTag takes a tag off every message. Each reports the
// messages whose tags changed in tagsChanged; a tag no message carries any more is gone.
Writer::Task setTags(QList<qint64> messageIds, QStringList tags);
Writer::Task renameTag(QString from, QString to);
Writer::Task deleteTag(QString name);

// Applies a Retention after each commit by deleting the oldest messages (a prefix by id),
// with the ended sessions older than every remaining message. Counts and sums once, then
// follows inserts, so a commit costs what it prunes; the age limit looks only at the oldest
// messages. Writer thread only.
class Pruner
{
public:
    bool apply(QSqlDatabase &db, const Retention &limits, Records::CommitBatch &out, QString *error);
    void forget() { m_count = m_total = -1; } // after a rollback
    // How many stored messages these limits would delete now; deletes nothing, so a reader's
    // connection will do. What a user is told before a new limit takes effect.
    static std::optional<qint64> countBeyond(QSqlDatabase &db, const Retention &limits, QString *error);

private:
    // The last id of the prefix the limits want gone (0: none).
    std::optional<qint64> lastBeyond(QSqlDatabase &db, const Retention &limits, QString *error);
    // The last id of the prefix each limit wants gone (0: none); nullopt when a query failed.
    std::optional<qint64> beyondCount(QSqlDatabase &db, qint64 keep, QString *error);
    std::optional<qint64> beyondAge(QSqlDatabase &db, qint64 days, QString *error);
    std::optional<qint64> beyondSize(QSqlDatabase &db, qint64 octets, QString *error);
    bool follow(QSqlDatabase &db, const Records::CommitBatch &out, QString *error);

    qint64 m_count = -1; // messages in the database; -1 unknown
    qint64 m_total = -1; // their octets; -1 unknown
};

} // namespace Store::Maintenance
