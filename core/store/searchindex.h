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

// Extracts what a message contributes to search; runs on the writer thread at ingest.
IndexedText analyse(const MessageRecord &message);

// Adds messages to the message_fts table through one prepared statement. Writer thread only.
class SearchIndex
{
public:
    explicit SearchIndex(const QSqlDatabase &db);
    bool add(qint64 messageId, const IndexedText &text, QString *error);

private:
    QSqlQuery m_insert;
};

} // namespace Store
