#include "privatefiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace Records::PrivateFiles {

namespace {

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kOwnerFolder = kOwnerOnly | QFileDevice::ExeOwner;

} // namespace

bool makeFolder(const QString &path)
{
    const QFileInfo info(path);
    if (info.isDir())
        return true;
    const QString parent = info.absolutePath();
    if (parent != info.absoluteFilePath() && !makeFolder(parent))
        return false;
    return QDir(parent).mkdir(info.fileName(), kOwnerFolder) || QFileInfo(path).isDir();
}

bool createFile(const QString &path)
{
    if (QFileInfo::exists(path))
        return true;
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::NewOnly, kOwnerOnly) || QFileInfo::exists(path);
}

bool replaceFile(const QString &path, const QByteArray &data)
{
    const QString temporary = path + QStringLiteral(".new");
    QFile::remove(temporary);
    QFile file(temporary);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, kOwnerOnly) || file.write(data) != data.size()
        || !file.flush()) {
        file.remove();
        return false;
    }
    file.close();
    QFile::remove(path);
    return QFile::rename(temporary, path);
}

} // namespace Records::PrivateFiles
