#include "database.h"

#include "schema.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QStandardPaths>

namespace Store {

QSqlDatabase openConnection(const QString &path, const QString &connectionName, QString *error)
{
    const QFileInfo info(path);
    if (!info.dir().exists() && !QDir().mkpath(info.absolutePath())) {
        if (error)
            *error = QStringLiteral("cannot create the folder %1").arg(info.absolutePath());
        return {};
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
    db.setDatabaseName(path);
    if (!db.open()) {
        if (error)
            *error = QStringLiteral("cannot open the database %1: %2").arg(path, db.lastError().text());
        return {};
    }
    QString why;
    if (!Schema::configure(db, &why) || !Schema::migrate(db, &why)) {
        if (error)
            *error = QStringLiteral("cannot use the database %1: %2").arg(path, why);
        db.close();
        return {};
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

} // namespace Store
