#pragma once

#include <QSqlDatabase>
#include <QString>

namespace Store::Schema {

// The schema version this build writes; PRAGMA user_version holds a database's version.
constexpr int kCurrentVersion = 15;

// Applies connection settings (WAL, foreign keys, busy timeout).
bool configure(QSqlDatabase &db, QString *error);

// Brings a database of any earlier version (0 = empty) to kCurrentVersion, one step at a
// time, each step in its own transaction. Refuses databases newer than this build.
bool migrate(QSqlDatabase &db, QString *error);

int version(QSqlDatabase &db);

// Creates the schema exactly as a given older version had it; for migration tests.
bool createAtVersion(QSqlDatabase &db, int version, QString *error);

} // namespace Store::Schema
