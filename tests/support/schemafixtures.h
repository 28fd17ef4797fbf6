#pragma once

#include "store/schema.h"

#include <QSqlDatabase>
#include <QSqlError>

namespace Test {

// A plain connection (no Mailscope settings) named `name` to a new database at `path` with the
// schema of `version`, for migration tests; closed, with the reason in *error, on failure.
inline QSqlDatabase openAtVersion(const QString &path, const QString &name, int version, QString *error)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(path);
    if (!db.open())
        *error = db.lastError().text();
    else if (!Store::Schema::createAtVersion(db, version, error))
        db.close();
    return db;
}

} // namespace Test
