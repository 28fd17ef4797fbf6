#pragma once

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace Store {

// A prepared statement on the native handle of a Qt SQLite connection. The writer runs a few
// statements per message; binding through SQLite's C API costs a fraction of QSqlQuery's.
// Indexes are 1-based, as in SQLite. Single-threaded, like the connection it belongs to.
class Statement
{
public:
    Statement(sqlite3 *db, const char *sql);
    ~Statement();
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    Statement &bind(int index, qint64 value);
    Statement &bind(int index, const QByteArray &value);    // a copy; an empty value stays non-NULL
    Statement &bind(int index, const QString &value);       // as UTF-8
    Statement &bindUtf8(int index, const QByteArray &text);  // text already in UTF-8 (JSON)
    Statement &bindNull(int index);
    Statement &bindOrNull(int index, qint64 value) { return value ? bind(index, value) : bindNull(index); }
    Statement &bindOrNull(int index, const QByteArray &value) { return value.isEmpty() ? bindNull(index) : bind(index, value); }
    // The bytes are not copied: they must live until exec() returns.
    Statement &bindLarge(int index, const QByteArray &value);

    bool exec();                 // steps once, resets; false with error() on failure
    qint64 lastInsertId() const;
    QString error() const { return m_error; }

    static sqlite3 *handle(const QSqlDatabase &db);
    static bool run(sqlite3 *db, const char *sql, QString *error); // one statement without results
    // Fills the BLOB in column of the row rowid of table, inserted as zeroblob(size), from the
    // file at path (its octets from `from` on) in pieces (incremental BLOB I/O), so it is never
    // whole in memory.
    static bool writeBlobFromFile(sqlite3 *db, const char *table, const char *column, qint64 rowid,
                                  const QString &path, qint64 size, QString *error, qint64 from = 0);

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_statement = nullptr;
    QString m_error;
};

} // namespace Store
