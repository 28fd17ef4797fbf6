#pragma once

#include "records.h"
#include "statement.h"

#include <QSqlDatabase>

namespace Store {

// What ingest puts in the full-text index for one message, and the list's lint count.
struct IndexedText
{
    QString sender;             // envelope sender and header From
    QString recipients;         // envelope recipients and header To
    QString subject;
    QString body;               // decoded text of the text parts, capped
    int lint = 0;
};

// What a message's envelope and list columns contribute to search, without parsing it
// (lint stays -1, "not analysed").
IndexedText headerText(const MessageRecord &message);
// The same plus the decoded body and the lint count. It parses the message, so the writer
// runs it off the ingest path and adds the result when it is ready.
IndexedText analyse(const MessageRecord &message);

// Adds a message's row to message_fts and its lint count to messages. Writer thread only.
class SearchIndex
{
public:
    explicit SearchIndex(const QSqlDatabase &db);
    // A message deleted before its analysis came back gets no row.
    bool add(qint64 messageId, const IndexedText &text, QString *error);

private:
    Statement m_insert;
    Statement m_lint;
};

} // namespace Store
