#pragma once

#include "statement.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>

namespace Store {

// The bytes of a large message, moved into the database in pieces while it still arrives, so
// that little is left to store after its last octet. The spool file being written is read as
// the network thread reports its progress: once it holds more than kMaxAnalysedSize octets
// (a message the indexer never loads whole), each full kPieceOctets becomes a row of
// message_raw_pieces. When the message is stored (claim()), message_raw keeps the rest of it
// and message_raw_spools ties the message to its pieces (their `spool`, the first piece's id).
// A message refused or cut off leaves a spool file that is gone: its pieces are taken out at
// the next commit, and at start whatever no message claims. Lives on the writer thread.
class RawPieces
{
public:
    static constexpr qint64 kPieceOctets = 4 * 1024 * 1024;

    explicit RawPieces(sqlite3 *db);

    // The spool file at path holds `written` octets: the full pieces past those stored go in.
    // False with *error when the transaction is to be abandoned.
    bool progress(const QString &path, qint64 written, QString *error);
    // Takes the pieces of spool files that are gone (their messages were not stored) out.
    bool forgetAbandoned(QString *error);

    // The message of spool file path is being stored as message id: how many of its first
    // octets are in pieces already (0: none, the whole file goes into message_raw), tied to the
    // message in message_raw_spools. -1 with *error when the tie cannot be written.
    qint64 claim(const QString &path, qint64 id, QString *error);
    // The message of path was not stored after all (its savepoint was rolled back).
    void unclaim(const QString &path);
    // After a commit: forgets the spool files whose messages it stored.
    void committed();

    // The state between commits, to go back to when a transaction is abandoned.
    struct Spool
    {
        qint64 key = 0;               // the first piece's id
        qint64 stored = 0;            // octets of the file in pieces
        bool claimed = false;         // its message is stored in the current transaction
    };
    QHash<QString, Spool> state() const { return m_spools; }
    void restore(const QHash<QString, Spool> &state) { m_spools = state; }

    // On a database no running process writes: removes the pieces no message claims.
    static bool forgetUnclaimed(const QSqlDatabase &db);

private:
    bool insertPiece(Spool &spool, const QString &path, QString *error);
    bool forget(const Spool &spool, QString *error);

    sqlite3 *m_db;
    Statement m_insertFirst, m_insertNext, m_tie, m_delete;
    QHash<QString, Spool> m_spools; // by spool file path
};

} // namespace Store
