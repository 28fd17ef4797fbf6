#pragma once

#include "maintenance.h"
#include "rawpieces.h"
#include "searchindex.h"
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

    // False when the transaction failed as a whole (nothing kept; error says why). Prunes the
    // oldest mail beyond the retention limits.
    bool write(const QList<WriteItem> &items, const Retention &retention, Records::CommitBatch &out, QString *error);
    QStringList takeTaskErrors() { return std::exchange(m_taskErrors, {}); }

private:
    struct OpenSession
    {
        qint64 id = 0;
        qint64 lastChunk = 0;         // its transcript chain's end (0: no chunk yet)
        qint64 lastMessage = 0;       // its newest message (0: none yet)
        int messages = 0;
        bool changed = false;         // chain, newest message or count to be written this batch
    };

    bool insertSession(Records::SessionRecord s, Records::CommitBatch &out);
    void insertLines(QList<Records::TranscriptLine> lines, Records::CommitBatch &out);
    bool writeSessionChanges(Records::CommitBatch &out);
    bool insertPendingLines(Records::CommitBatch &out);
    void noteChanged(quint64 token, OpenSession &session);
    bool writeChangedSessions();
    bool insertMessage(Records::MessageRecord m, Records::CommitBatch &out);
    bool insertRaw(qint64 id, const Records::MessageRecord &m);
    bool startOwnSession(const Records::MessageRecord &m, Records::CommitBatch &out);
    void endOwnSession(const Records::MessageRecord &m, bool stored);
    void queueUpdate(const Records::SessionRecord &s);
    bool writeUpdates(Records::CommitBatch &out);
    bool updateSession(Records::SessionRecord s, Records::CommitBatch &out);
    bool runTask(const WriteTask &task, Records::CommitBatch &out);
    bool fail(Statement &statement);

    QSqlDatabase m_qdb;               // for tasks and maintenance, which use Qt Sql
    sqlite3 *m_db;
    Statement m_insertSession, m_updateSession, m_insertChunk, m_noteSession, m_insertMessage, m_insertRaw, m_insertSpooledRaw;
    Statement m_begin, m_commit, m_savepoint, m_release; // prepared once: they run in every batch
    SearchIndex m_index;
    RawPieces m_pieces;
    Maintenance::Pruner m_pruner;
    QHash<quint64, OpenSession> m_sessions; // by token: the sessions that may still send lines
    QList<quint64> m_changed;         // tokens of the sessions whose `changed` is set
    QList<qsizetype> m_pendingLines;  // out.lines not yet written, in order
    // A session's newest record not yet written, by token (each is the whole record, so the
    // last one tells everything): one row update per session and commit however often it changed.
    QHash<quint64, Records::SessionRecord> m_pendingUpdates;
    QList<quint64> m_updateOrder;     // their tokens, in the order they first changed
    QString m_lastError;
    QStringList m_taskErrors;
};

} // namespace Store
