#pragma once

#include <QSqlDatabase>
#include <QString>

namespace Store {

// Opens a named SQLite connection for the calling thread, configures it and brings the
// schema up to date. Each thread uses its own connection; close with closeConnection().
QSqlDatabase openConnection(const QString &path, const QString &connectionName, QString *error);
void closeConnection(const QString &connectionName);

// A connection name unique in this process, for a given role ("writer", "reader", ...).
QString uniqueConnectionName(const QString &role);

// The default database: <application data folder>/mailscope.sqlite.
QString defaultDatabasePath();

} // namespace Store
