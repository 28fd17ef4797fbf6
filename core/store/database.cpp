#include "database.h"

#include "schema.h"

#include "records/privatefiles.h"

#include <QAtomicInteger>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

#include <sqlite3.h>

namespace Store {

namespace {

// The schema is this build's: readers and other writing connections use it as it is.
bool schemaIsCurrent(QSqlDatabase &db, const QString &path, QString *why, OpenFailure *failure)
{
    const int version = Schema::version(db);
    if (version < 0) {
        *why = QStringLiteral("not a Mailscope database or unreadable: ") + db.lastError().text();
        return false;
    }
    if (version > Schema::kCurrentVersion) {
        *why = QStringLiteral("the database was written by a newer Mailscope (schema %1, this build knows %2)")
                   .arg(version)
                   .arg(Schema::kCurrentVersion);
        return false;
    }
    if (version < Schema::kCurrentVersion) {
        *failure = OpenFailure::OlderSchema;
        *why = QStringLiteral("it is at schema %1, which Mailscope's writer upgrades to %2 when it starts"
                              " (`mailscope serve --db %3` or the window)")
                   .arg(version)
                   .arg(Schema::kCurrentVersion)
                   .arg(path);
        return false;
    }
    return true;
}

bool exec(QSqlDatabase &db, const QString &sql, QString *why)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    *why = q.lastError().text();
    return false;
}

} // namespace

QSqlDatabase openConnection(const QString &path, const QString &connectionName, Access access, QString *error,
                            OpenFailure *failure)
{
    OpenFailure kind = OpenFailure::Unusable;
    const auto fail = [&](const QString &sentence) {
        if (error)
            *error = sentence;
        if (failure)
            *failure = kind;
        return QSqlDatabase();
    };
    if (failure)
        *failure = OpenFailure::None;
    const QFileInfo info(path);
    if (access == Access::Read) {
        if (!info.exists())
            return fail(QStringLiteral("no database at %1").arg(path));
    } else if (!Records::PrivateFiles::makeFolder(info.absolutePath())) {
        return fail(QStringLiteral("cannot create the folder %1").arg(info.absolutePath()));
    } else if (!Records::PrivateFiles::createFile(path)) {
        // SQLite gives its journal and WAL files the database file's mode: 0600 for all three.
        return fail(QStringLiteral("cannot create the database %1").arg(path));
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
    db.setDatabaseName(path);
    if (access == Access::Read)
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
    if (!db.open())
        return fail(QStringLiteral("cannot open the database %1: %2").arg(path, db.lastError().text()));
    QString why;
    bool ok = false;
    switch (access) {
    case Access::Read:
        // A reader waits for the writer's lock like any connection, and changes nothing.
        ok = exec(db, QStringLiteral("PRAGMA busy_timeout = 10000"), &why) && schemaIsCurrent(db, path, &why, &kind)
            && exec(db, QStringLiteral("PRAGMA query_only = ON"), &why);
        break;
    case Access::Write:
        ok = Schema::configure(db, &why) && schemaIsCurrent(db, path, &why, &kind);
        break;
    case Access::Migrate:
        ok = Schema::configure(db, &why) && Schema::migrate(db, &why);
        break;
    }
    if (!ok) {
        db.close();
        return fail(QStringLiteral("cannot use the database %1: %2").arg(path, why));
    }
    return db;
}

void closeConnection(const QString &connectionName)
{
    {
        QSqlDatabase db = QSqlDatabase::database(connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
}

QString uniqueConnectionName(const QString &role)
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("mailscope-%1-%2").arg(role).arg(counter.fetchAndAddRelaxed(1));
}

QString defaultDatabasePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/mailscope.sqlite");
}

QString sqliteVersion()
{
    return QString::fromLatin1(sqlite3_libversion());
}

} // namespace Store
