#include "rawpieces.h"

#include "searchindex.h"

#include <QFile>
#include <QSqlQuery>

namespace Store {

namespace {

// Octets [from, from + count) of the file at path; null when they cannot all be read.
QByteArray readRange(const QString &path, qint64 from, qint64 count)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered) || !file.seek(from))
        return {};
    QByteArray bytes(count, Qt::Uninitialized);
    for (qint64 done = 0; done < count;) {
        const qint64 n = file.read(bytes.data() + done, count - done);
        if (n <= 0)
            return {};
        done += n;
    }
    return bytes;
}

} // namespace

RawPieces::RawPieces(sqlite3 *db)
    : m_insertFirst(db, "INSERT INTO message_raw_pieces (id, spool, data) VALUES ("
                        "(SELECT COALESCE(MAX(id), 0) + 1 FROM message_raw_pieces),"
                        " (SELECT COALESCE(MAX(id), 0) + 1 FROM message_raw_pieces), ?)"),
      m_insertNext(db, "INSERT INTO message_raw_pieces (spool, data) VALUES (?, ?)"),
      m_insertRest(db, "INSERT INTO message_raw (message_id, data) VALUES (?, ?)"),
      m_tie(db, "INSERT INTO message_raw_spools (message_id, spool) VALUES (?, ?)"),
      m_delete(db, "DELETE FROM message_raw_pieces WHERE spool = ?")
{
}

bool RawPieces::progress(const QString &path, qint64 written, QString *error)
{
    if (written <= kMaxAnalysedSize)
        return true;
    Spool &spool = m_spools[path];
    for (qint64 end = spool.stored + kPieceOctets; end <= written; end += kPieceOctets) {
        const QByteArray bytes = readRange(path, spool.stored, kPieceOctets);
        if (bytes.isNull()) {
            // Refused and removed meanwhile: what it left is taken out.
            const Spool gone = m_spools.take(path);
            return forget(gone, error);
        }
        if (!insertPiece(spool, bytes, error))
            return false;
    }
    if (!spool.key)
        m_spools.remove(path);
    return true;
}

bool RawPieces::insertPiece(Spool &spool, const QByteArray &bytes, QString *error)
{
    Statement &insert = spool.key ? m_insertNext : m_insertFirst;
    if (spool.key)
        insert.bind(1, spool.key).bindLarge(2, bytes);
    else
        insert.bindLarge(1, bytes);
    if (!insert.exec()) {
        *error = insert.error();
        return false;
    }
    if (!spool.key)
        spool.key = insert.lastInsertId();
    spool.stored += bytes.size();
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

bool RawPieces::storeRest(qint64 id, const QString &path, qint64 size, bool *handled, QString *error)
{
    auto it = m_spools.find(path);
    *handled = it != m_spools.end() && it->key;
    if (!*handled)
        return false;
    const QByteArray rest = readRange(path, it->stored, size - it->stored);
    if (rest.isNull()) {
        *error = QStringLiteral("cannot read the end of the spool file");
        return false;
    }
    m_insertRest.bind(1, id).bindLarge(2, rest);
    if (!m_insertRest.exec()) {
        *error = m_insertRest.error();
        return false;
    }
    if (!m_tie.bind(1, id).bind(2, it->key).exec()) {
        *error = m_tie.error();
        return false;
    }
    it->claimed = true;
    return true;
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
