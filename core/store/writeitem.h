#pragma once

#include "records/commitbatch.h"
#include "searchindex.h"

#include <QSqlDatabase>

#include <functional>

namespace Store {

// Work for the writer thread, run in the next transaction under its own savepoint: it
// reports what it changed in out, or returns false with *error and changes nothing.
using WriteTask = std::function<bool(QSqlDatabase &db, Records::CommitBatch &out, QString *error)>;

// One thing waiting to be written, in the order producers enqueued it.
struct WriteItem
{
    enum class Kind { Start, Lines, Message, Update, Task, Analysis, SpoolProgress } kind;
    Records::SessionRecord session = {};         // Start, Update
    QList<Records::TranscriptLine> lines = {};   // Lines
    Records::MessageRecord message = {};         // Message
    WriteTask task = {};                // Task
    qint64 messageId = 0;               // Analysis: the message the text belongs to
    IndexedText analysis = {};          // Analysis
    QString spoolPath = {};             // SpoolProgress: a spool file being written,
    qint64 spoolWritten = 0;            // and how many octets it holds
};

} // namespace Store
