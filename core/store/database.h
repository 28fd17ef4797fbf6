#pragma once

#include <QSqlDatabase>
#include <QString>

namespace Store {

// What a connection may do. Only the writer's connection migrates, once, when it opens.
enum class Access {
    Read,    // read-only (SQLITE_OPEN_READONLY, query_only); never creates or migrates
    Write,   // read-write (WAL, foreign keys), on a database already at this build's schema
    Migrate, // Write, after bringing the schema up to date: the writer's open path
};

// Why a connection did not open.
enum class OpenFailure {
    None,
    Unusable,    // missing, unreadable, not a Mailscope database, or newer than this build
    OlderSchema, // Read or Write on a database an older Mailscope wrote: the writer migrates it
};

// Opens a named SQLite connection for the calling thread and configures it for access. Each
// thread uses its own connection; close with closeConnection(). On failure *error says why
// in one sentence and *failure (when given) says which kind of failure it was.
QSqlDatabase openConnection(const QString &path, const QString &connectionName, Access access, QString *error,
                            OpenFailure *failure = nullptr);
void closeConnection(const QString &connectionName);

// A connection name unique in this process, for a given role ("writer", "reader", ...).
QString uniqueConnectionName(const QString &role);

// The default database: <application data folder>/mailscope.sqlite.
QString defaultDatabasePath();

// The version of the SQLite library this process runs with ("3.40.1").
QString sqliteVersion();

} // namespace Store
