#pragma once

#include "records/commitbatch.h"
#include "statement.h"

#include <QSqlDatabase>
#include <QVariantList>

class QSqlQuery;

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

// A message's envelope, list columns and decoded body, and its lint count. The index's rows
// are taken out with what this makes again (unindex), so a change to what it makes needs a
// schema step that empties the index and has every message analysed again. It parses the
// message, so it runs off the ingest path (see Indexer); messages over kMaxAnalysedSize (by
// their bytes or summary.size) get the envelope and list columns only, with lint -1 ("not
// analysed").
IndexedText analyse(const Records::MessageRecord &message);

// What analyse() reads of stored messages: "SELECT ... FROM messages m JOIN message_raw r",
// for a query to go on with its WHERE; analysisRecord() makes the message of a row. The raw
// bytes of a message over kMaxAnalysedSize are not loaded.
QString analysisSelect();
Records::MessageRecord analysisRecord(const QSqlQuery &q);

// message_fts is contentless: it keeps the tokens, not the text (which would be a second copy
// of every body). Such an index forgets a row only when given the text the row was made of,
// and analyse() makes that text again from what is stored of the message, so the rows of
// messages are taken out before the messages are deleted: unindex() does it for the indexed
// messages (m) matching condition, with its binds. Writer thread only.
bool unindex(QSqlDatabase &db, const QString &condition, const QVariantList &binds, QString *error);
// Every row at once, for when every message goes.
bool unindexAll(QSqlDatabase &db, QString *error);

// Takes a message's row out of message_fts, if it has one: with the text kept for a row an
// older analysis made (message_fts_old_text, from schema 14's migration, until the indexer
// gets to the message), else with the given text, which analysis makes now. Writer thread only.
class RowForgetter
{
public:
    explicit RowForgetter(const QSqlDatabase &db);
    bool forget(qint64 messageId, const IndexedText &text, QString *error);

private:
    Statement m_withOldText;
    Statement m_dropOldText;
    Statement m_withText;
};

// Adds a message's row to message_fts and its lint count and snippet to messages, and records
// it as the last message indexed (analysis_progress). Writer thread only.
class SearchIndex
{
public:
    explicit SearchIndex(const QSqlDatabase &db);
    // A message deleted before its analysis came back gets no row; one indexed before (by
    // another process's writer on the same database) has its row replaced: analysis made the
    // same text then, which takes the old row out.
    bool add(qint64 messageId, const IndexedText &text, QString *error);

private:
    RowForgetter m_forget;
    Statement m_insert;
    Statement m_lint;           // and the snippet
    Statement m_progress;
};

} // namespace Store
