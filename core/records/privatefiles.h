#pragma once

#include <QByteArray>
#include <QString>

// Mailscope's data folder holds every captured message and the generated TLS key: what it
// creates there is private to the user from the first byte (folders 0700, files 0600), never
// created with the umask's wider mode and narrowed afterwards. Folders and files that exist
// already keep the mode their owner gave them.
namespace Records::PrivateFiles {

// Creates the folder (and missing parents) when it does not exist; the folders it creates are
// 0700. True when the folder exists afterwards.
bool makeFolder(const QString &path);

// Creates an empty file at path with mode 0600 when no file is there. True when a file
// exists afterwards.
bool createFile(const QString &path);

// Writes data to a new 0600 file beside path and renames it over path.
bool replaceFile(const QString &path, const QByteArray &data);

} // namespace Records::PrivateFiles
