#include "rawpieces.h"

#include "searchindex.h"

#include <QFile>
#include <QSqlQuery>

namespace Store {

RawPieces::RawPieces(sqlite3 *db)
    : m_db(db),
      m_insertFirst(db, "INSERT INTO message_raw_pieces (id, spool, data) VALUES ("
                        "(SELECT COALESCE(MAX(id), 0) + 1 FROM message_raw_pieces),"
                        " (SELECT COALESCE(MAX(id), 0) + 1 FROM message_raw_pieces), zeroblob(?))"),
      m_insertNext(db, "INSERT INTO message_raw_pieces (spool, data) VALUES (?, zeroblob(?))"),
      m_tie(db, "INSERT INTO message_raw_spools (message_id, spool) VALUES (?, ?)"),
      m_delete(db, "DELETE FROM message_raw_pieces WHERE spool = ?")
{
}

bool RawPieces::progress(const QString &path, qint64 written, QString *error)
{
    if (written <= kMaxAnalysedSize)
        return true;
    Spool &spool = m_spools[path];
    if (spool.stored + kPieceOctets > written)
        return true;
    // Under its own savepoint: a file that cannot be read (refused and removed meanwhile) takes
    // its pieces out, not the commit of other clients' mail.
    if (!Statement::run(m_db, "SAVEPOINT piece", error))
        return false;
    QString why;
    bool read = true;
    for (qint64 end = spool.stored + kPieceOctets; read && end <= written; end += kPieceOctets)
        read = insertPiece(spool, path, &why);
    if (read)
        return Statement::run(m_db, "RELEASE piece", error);
    const Spool gone = m_spools.take(path);
    return Statement::run(m_db, "ROLLBACK TO piece", error) && Statement::run(m_db, "RELEASE piece", error)
        && forget(gone, error);
}

bool RawPieces::insertPiece(Spool &spool, const QString &path, QString *error)
{
    Statement &insert = spool.key ? m_insertNext : m_insertFirst;
    if (spool.key)
        insert.bind(1, spool.key).bind(2, kPieceOctets);
    else
        insert.bind(1, kPieceOctets);
    if (!insert.exec()) {
        *error = insert.error();
        return false;
    }
    // Read and written 256 KiB at a time: a piece is never whole in memory either.
    if (!Statement::writeBlobFromFile(m_db, "message_raw_pieces", "data", insert.lastInsertId(), path, kPieceOctets,
                                      error, spool.stored))
        return false;
    if (!spool.key)
        spool.key = insert.lastInsertId();
    spool.stored += kPieceOctets;
    return true;
}

bool RawPieces::forget(const Spool &spool, QString *error)
{
    if (!spool.key)
        return true;
    if (m_delete.bind(1, spool.key).exec())
        return true;
    *error = m_delete.error();
    return false;
}

bool RawPieces::forgetAbandoned(QString *error)
{
    for (auto it = m_spools.begin(); it != m_spools.end();) {
        if (it->claimed || QFile::exists(it.key())) {
            ++it;
            continue;
        }
        if (!forget(*it, error))
            return false;
        it = m_spools.erase(it);
    }
    return true;
}

qint64 RawPieces::claim(const QString &path, qint64 id, QString *error)
{
    auto it = m_spools.find(path);
    if (it == m_spools.end() || !it->key)
        return 0;
    if (!m_tie.bind(1, id).bind(2, it->key).exec()) {
        *error = m_tie.error();
        return -1;
    }
    it->claimed = true;
    return it->stored;
}

void RawPieces::unclaim(const QString &path)
{
    if (auto it = m_spools.find(path); it != m_spools.end())
        it->claimed = false;
}

void RawPieces::committed()
{
    for (auto it = m_spools.begin(); it != m_spools.end();)
        it = it->claimed ? m_spools.erase(it) : std::next(it);
}

bool RawPieces::forgetUnclaimed(const QSqlDatabase &db)
{
    return QSqlQuery(db).exec(QStringLiteral(
        "DELETE FROM message_raw_pieces WHERE spool NOT IN (SELECT spool FROM message_raw_spools)"));
}

} // namespace Store
