#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

namespace Records {

// A message's bytes kept in a file of the spool folder (mode 0600) rather than in memory, on
// their way to the database. Copies share the file; it is removed when the last copy goes, or
// at once by remove() (the writer does so after the commit that stores it). Thread-safe to copy.
class SpoolFile
{
public:
    SpoolFile() = default;
    // Takes charge of the file at path, which holds size octets.
    SpoolFile(const QString &path, qint64 size);

    explicit operator bool() const { return bool(m_file); }
    QString path() const { return m_file ? m_file->path : QString(); }
    qint64 size() const { return m_size; }
    void setSize(qint64 size) { m_size = size; }
    // Up to max octets from the start of the file (empty when it cannot be read).
    QByteArray head(qint64 max) const;
    QByteArray readAll() const;
    void remove() const;

    // The folder for the spool files of the database at databasePath: beside it, like SQLite's
    // -wal file (several databases in one folder keep apart).
    static QString folderFor(const QString &databasePath);
    // Removes the files a process that ended without storing them left behind; false when one
    // stayed. Only for a folder no running Mailscope uses.
    static bool clearFolder(const QString &folder);

private:
    struct File
    {
        explicit File(const QString &p) : path(p) {}
        ~File();
        Q_DISABLE_COPY_MOVE(File)
        const QString path;
    };
    std::shared_ptr<const File> m_file;
    qint64 m_size = 0;
};

} // namespace Records
