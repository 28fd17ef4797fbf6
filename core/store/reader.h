#pragma once

#include "records/commitbatch.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantList>
#include <QString>

#include <optional>
#include <utility>

namespace Store {

struct SearchQuery;
struct SessionQuery;

// Read-only queries over a database, on the calling thread's own read-only connection. Lists page by
// keyset (pass the smallest id of the previous page as beforeId; 0 for the newest page).
class Reader
{
public:
    explicit Reader(const QString &path);
    ~Reader();
    Reader(const Reader &) = delete;
    Reader &operator=(const Reader &) = delete;

    bool isOpen() const { return m_db.isOpen(); }
    QString error() const { return m_error; }
    // Not open because an older Mailscope wrote the database: readers never migrate, a
    // Store::Writer does when it starts (Writer::upgrade without the thread).
    bool needsUpgrade() const { return m_olderSchema; }
    QSqlDatabase connection() const { return m_db; } // for queries defined elsewhere, same thread

    QList<Records::MessageSummary> messages(qint64 beforeId = 0, int limit = 200) const;
    // Newest first, matching filter, with ids in [minId, beforeId); error() says why it failed.
    QList<Records::MessageSummary> messages(const SearchQuery &filter, qint64 beforeId, qint64 minId, int limit) const;
    // Newest first, matching filter, skipping the first start matches (Mailpit's paging).
    QList<Records::MessageSummary> messages(const SearchQuery &filter, int start, int limit) const;
    qint64 count(const SearchQuery &filter) const;         // -1 when the query failed
    qint64 unreadCount(const SearchQuery &filter) const;
    QList<qint64> ids(const SearchQuery &filter) const;    // every match, newest first
    QStringList tags() const;                              // every tag in use, sorted case-insensitively
    QList<std::pair<QString, qint64>> tagCounts() const;   // the same, each with its message count
    QList<Records::SessionRecord> sessions(qint64 beforeId = 0, int limit = 200) const;
    // Newest first, matching filter, with ids below beforeId (0: from the newest).
    QList<Records::SessionRecord> sessions(const SessionQuery &filter, qint64 beforeId, int limit) const;
    QList<qint64> matchingSessions(const SessionQuery &filter, const QList<qint64> &ids) const; // those of ids that match
    std::optional<Records::MessageSummary> message(qint64 id) const;
    std::optional<Records::SessionRecord> session(qint64 id) const;
    std::optional<QByteArray> raw(qint64 messageId) const;
    QJsonObject envelope(qint64 messageId) const;       // as stored, with helo and addresses
    Records::Defects messageDefects(qint64 messageId) const;
    QList<Records::TranscriptLine> transcript(qint64 sessionId) const;
    qint64 messageCount() const;
    bool indexBehind() const; // committed messages the search index has not taken in yet
    qint64 sessionCount() const;
    qint64 unreadCount() const;

    // The one place a summary is made from a row: a query selects summaryFields() first
    // (messages aliased as m) and may add its own columns after the kSummaryFields.
    static constexpr int kSummaryFields = 20;
    static QString summaryFields();
    static Records::MessageSummary summaryFrom(const QSqlQuery &q);

    // Queries any Reader ran on the calling thread: tests count what a model asks the store.
    static quint64 queriesOnThisThread();

private:
    QSqlQuery run(const QString &sql, const QVariantList &values) const; // prepared, bound, executed
    QList<Records::MessageSummary> summaries(const QString &sql, const QVariantList &binds) const;
    qint64 number(const QString &sql, const QVariantList &binds) const; // the first column of the first row

    QString m_connection;
    QSqlDatabase m_db;
    mutable QString m_error;
    bool m_olderSchema = false;
};

} // namespace Store
