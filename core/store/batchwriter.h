#pragma once

#include "statement.h"
#include "writeitem.h"

#include <QHash>
#include <QList>

namespace Store {

// Writes queued items in one transaction and maps producers' tokens to database ids. Each
// message is written under its own savepoint: one that cannot be stored is refused alone.
// Lives on the writer thread with its connection.
class BatchWriter
{
public:
    explicit BatchWriter(const QSqlDatabase &db);

    // False when the transaction failed as a whole (nothing kept; error says why).
    bool write(const QList<WriteItem> &items, CommitBatch &out, QString *error);

private:
    bool insertSession(SessionRecord s, CommitBatch &out);
    bool insertLines(QList<TranscriptLine> lines, CommitBatch &out);
    bool insertLine(TranscriptLine &line);
    bool insertMessage(MessageRecord m, CommitBatch &out);
    bool updateSession(SessionRecord s, CommitBatch &out);
    bool fail(Statement &statement);

    sqlite3 *m_db;
    Statement m_insertSession, m_updateSession, m_insertLine, m_insertMessage, m_insertRaw;
    QHash<quint64, qint64> m_sessionIds;
    QString m_lastError;
};

} // namespace Store
