#pragma once

#include "records.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantList>
#include <QString>

#include <optional>

namespace Store {

// Read-only queries over a database, on the calling thread's own connection. Lists page by
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

    QList<MessageSummary> messages(qint64 beforeId = 0, int limit = 200) const;
    QList<SessionRecord> sessions(qint64 beforeId = 0, int limit = 200) const;
    std::optional<MessageSummary> message(qint64 id) const;
    std::optional<SessionRecord> session(qint64 id) const;
    std::optional<QByteArray> raw(qint64 messageId) const;
    QJsonObject envelope(qint64 messageId) const;       // as stored, with helo and addresses
    Smtp::Defects messageDefects(qint64 messageId) const;
    QList<TranscriptLine> transcript(qint64 sessionId) const;
    qint64 messageCount() const;
    qint64 sessionCount() const;

private:
    QSqlQuery run(const QString &sql, const QVariantList &values) const; // prepared, bound, executed

    QString m_connection;
    QSqlDatabase m_db;
    QString m_error;
};

// Deletes every message, session and transcript line; returns false with a reason on failure.
bool clearAll(const QString &path, QString *error);

} // namespace Store
