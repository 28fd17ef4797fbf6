#pragma once

#include "records/message.h"

#include <QStringList>

namespace Store {

// A message from a file, ready for the writer: source "import", no session, summarised.
Records::MessageRecord importedMessage(const QByteArray &raw);

// What import found in a list of files, ready for the writer.
struct FileImport
{
    QList<Records::MessageRecord> messages; // from every file that could be read, in order
    QStringList errors;                      // one sentence per file that could not be
    int filesRead = 0;
};

// Reads .eml files (one message each) and mbox files (many). A file that cannot be read or is
// empty gets one sentence in errors and the others are still imported, so the user retries
// only the files named. What both `mailscope import` and the window's import use.
FileImport importFiles(const QStringList &paths);

} // namespace Store
