#pragma once

#include "records.h"

#include <QSqlDatabase>
#include <QSqlQuery>

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

// What a message's envelope and list columns contribute to search: cheap, done at ingest.
IndexedText headerText(const MessageRecord &message);
// The same plus the decoded body and the lint count: parses the message, so it runs off the
// ingest path (see Writer), and the writer completes the index with complete().
IndexedText analyse(const MessageRecord &message);

// Adds messages to the message_fts table through one prepared statement. Writer thread only.
class SearchIndex
{
public:
    explicit SearchIndex(const QSqlDatabase &db);
    bool add(qint64 messageId, const IndexedText &text, QString *error);
    bool complete(qint64 messageId, const IndexedText &text, QString *error); // body and lint

private:
    QSqlQuery m_insert;
    QSqlQuery m_body;
    QSqlQuery m_lint;
};

} // namespace Store
