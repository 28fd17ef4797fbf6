#pragma once

#include "writer.h"

namespace Store::Maintenance {

// Writer tasks for what a user does to stored mail. Each reports what it deleted in the
// commit's batch, so every view can follow.
Writer::Task setSeen(QList<qint64> messageIds, bool seen);
Writer::Task setAllSeen();
Writer::Task remove(QList<qint64> messageIds);
// Deletes every message and every ended session with its transcript; sessions still in
// progress stay, so their next lines and messages have somewhere to go.
Writer::Task removeAll();

// Keeps at most `keep` messages (0: unlimited) by deleting the oldest, with sessions older
// than every remaining message. Counts once, then follows inserts, so a commit costs what
// it prunes. Writer thread only.
class Retention
{
public:
    bool apply(QSqlDatabase &db, qint64 keep, Records::CommitBatch &out, QString *error);
    void forget() { m_count = -1; } // after a rollback

private:
    qint64 m_count = -1; // messages in the database; -1 unknown
};

} // namespace Store::Maintenance
