#pragma once

#include "records/commitbatch.h"
#include "statement.h"

#include <QSqlDatabase>

namespace Store {

// What ingest puts in the full-text index for one message, and the list's lint count.
struct IndexedText
{
    QString sender;             // envelope sender and header From
    QString recipients;         // envelope recipients and header To
    QString cc;
    QString bcc;                // header Bcc and the envelope recipients no To or Cc names
    QString replyTo;
    QString subject;
    QString body;               // decoded text of the text and HTML parts (without markup), capped
    QString snippet;            // Mailpit's: the start of the text (of the HTML when there is no text); null when not analysed
    int lint = 0;
};

// Larger messages are analysed when viewed, not for the index.
constexpr qint64 kMaxAnalysedSize = 8 * 1024 * 1024;
constexpr qsizetype kSnippetLength = 250; // characters, then "..."

// Text whitespace collapsed, cut at kSnippetLength characters.
QString snippetOf(const QString &text);

// A message's envelope, list columns and decoded body, and its lint count. It parses the
// message, so it runs off the ingest path (see Indexer); messages over kMaxAnalysedSize (by
// their bytes or summary.size) get the envelope and list columns only, with lint -1 ("not
// analysed").
IndexedText analyse(const Records::MessageRecord &message);

// Adds a message's row to message_fts and its lint count and snippet to messages, and records
// it as the last message indexed (analysis_progress). Writer thread only.
class SearchIndex
{
public:
    explicit SearchIndex(const QSqlDatabase &db);
    // A message deleted before its analysis came back gets no row; one indexed before (by
    // another process's writer on the same database, or before a schema change asked for a
    // new analysis) has its row replaced.
    bool add(qint64 messageId, const IndexedText &text, QString *error);

private:
    Statement m_remove;
    Statement m_insert;
    Statement m_lint;           // and the snippet
    Statement m_progress;
};

} // namespace Store
