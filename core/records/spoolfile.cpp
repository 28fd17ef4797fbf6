#include "spoolfile.h"

#include <QDir>
#include <QFile>

namespace Records {

SpoolFile::SpoolFile(const QString &path, qint64 size)
    : m_file(std::make_shared<const File>(path)), m_size(size)
{
}

SpoolFile::File::~File()
{
    QFile::remove(path);
}

QByteArray SpoolFile::head(qint64 max) const
{
    QFile file(path());
    if (!m_file || !file.open(QIODevice::ReadOnly))
        return {};
    return file.read(max);
}

QByteArray SpoolFile::readAll() const
{
    return head(m_size);
}

void SpoolFile::remove() const
{
    if (m_file)
        QFile::remove(m_file->path);
}

QString SpoolFile::folderFor(const QString &databasePath)
{
    return databasePath + QStringLiteral("-spool");
}

bool SpoolFile::clearFolder(const QString &folder)
{
    QDir dir(folder);
    bool cleared = true;
    for (const QString &name : dir.entryList(QDir::Files | QDir::Hidden | QDir::System))
        cleared = dir.remove(name) && cleared;
    return cleared;
}

} // namespace Records
