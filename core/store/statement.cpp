#include "statement.h"

#include <QFile>
#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

namespace Store {

Statement::Statement(sqlite3 *db, const char *sql)
    : m_db(db)
{
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr) != SQLITE_OK)
        m_error = QString::fromUtf8(sqlite3_errmsg(db));
}

Statement::~Statement()
{
    sqlite3_finalize(m_statement);
}

Statement &Statement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_statement, index, value);
    return *this;
}

Statement &Statement::bind(int index, const QByteArray &value)
{
    sqlite3_bind_blob64(m_statement, index, value.isNull() ? "" : value.constData(), sqlite3_uint64(value.size()),
                        SQLITE_TRANSIENT);
    return *this;
}

Statement &Statement::bind(int index, const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    sqlite3_bind_text64(m_statement, index, utf8.isNull() ? "" : utf8.constData(), sqlite3_uint64(utf8.size()),
                        SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

Statement &Statement::bindUtf8(int index, const QByteArray &text)
{
    sqlite3_bind_text64(m_statement, index, text.isNull() ? "" : text.constData(), sqlite3_uint64(text.size()),
                        SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

Statement &Statement::bindNull(int index)
{
    sqlite3_bind_null(m_statement, index);
    return *this;
}

Statement &Statement::bindLarge(int index, const QByteArray &value)
{
    sqlite3_bind_blob64(m_statement, index, value.isNull() ? "" : value.constData(), sqlite3_uint64(value.size()),
                        SQLITE_STATIC);
    return *this;
}

bool Statement::exec()
{
    if (!m_statement)
        return false;
    const int result = sqlite3_step(m_statement);
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
    if (result == SQLITE_DONE || result == SQLITE_ROW)
        return true;
    m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
    return false;
}

qint64 Statement::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

sqlite3 *Statement::handle(const QSqlDatabase &db)
{
    const QVariant v = db.driver()->handle();
    if (!v.isValid() || qstrcmp(v.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(v.data());
}

bool Statement::writeBlobFromFile(sqlite3 *db, const char *table, const char *column, qint64 rowid,
                                  const QString &path, qint64 size, QString *error, qint64 from)
{
    constexpr qint64 kPieceOctets = 256 * 1024;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered) || !file.seek(from)) {
        *error = QStringLiteral("cannot read the spool file: %1").arg(file.errorString());
        return false;
    }
    sqlite3_blob *blob = nullptr;
    if (sqlite3_blob_open(db, "main", table, column, rowid, 1, &blob) != SQLITE_OK) {
        *error = QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_blob_close(blob);
        return false;
    }
    QByteArray piece(qMin(kPieceOctets, size), Qt::Uninitialized);
    qint64 offset = 0;
    while (offset < size) {
        const qint64 n = file.read(piece.data(), qMin<qint64>(piece.size(), size - offset));
        if (n <= 0) {
            *error = QStringLiteral("the spool file ended after %1 of %2 octets").arg(offset).arg(size);
            break;
        }
        if (sqlite3_blob_write(blob, piece.constData(), int(n), int(offset)) != SQLITE_OK) {
            *error = QString::fromUtf8(sqlite3_errmsg(db));
            break;
        }
        offset += n;
    }
    const bool closed = sqlite3_blob_close(blob) == SQLITE_OK;
    if (offset == size && !closed)
        *error = QString::fromUtf8(sqlite3_errmsg(db));
    return offset == size && closed;
}

bool Statement::run(sqlite3 *db, const char *sql, QString *error)
{
    char *message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK)
        return true;
    if (error)
        *error = QString::fromUtf8(message ? message : sqlite3_errmsg(db));
    sqlite3_free(message);
    return false;
}

} // namespace Store
