#include "maintenance.h"

#include "searchindex.h"
#include "transcriptchunk.h"

#include "records/clock.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

#include <algorithm>
#include <optional>

namespace Store::Maintenance {

namespace {

bool run(QSqlQuery &q, QString *error)
{
    if (q.exec())
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

bool run(QSqlDatabase &db, const QString &sql, const QVariantList &binds, QString *error)
{
    QSqlQuery q(db);
    q.prepare(sql);
    for (const QVariant &value : binds)
        q.addBindValue(value);
    return run(q, error);
}

// The first value of a one-column query (0 for no row or NULL); nullopt when it fails.
std::optional<qint64> scalar(QSqlDatabase &db, const QString &sql, const QVariantList &binds, QString *error)
{
    QSqlQuery q(db);
    q.prepare(sql);
    for (const QVariant &value : binds)
        q.addBindValue(value);
    if (!run(q, error))
        return std::nullopt;
    return q.next() ? q.value(0).toLongLong() : 0;
}

// Deletes ended sessions (and their transcripts) up to and including id, but none whose mail
// goes beyond lastRemovedMessage: no message may name a session that is gone.
bool removeSessionsUpTo(QSqlDatabase &db, qint64 id, qint64 lastRemovedMessage, Records::CommitBatch &out, QString *error)
{
    const QLatin1StringView ended("id <= ? AND outcome != 'in_progress' AND COALESCE(last_message_id, 0) <= ?");
    const QVariantList binds{id, lastRemovedMessage};
    if (!run(db, TranscriptChunk::chainSql(ended) + QLatin1StringView("DELETE FROM transcript_chunks WHERE id IN chain"),
             binds, error)
        || !run(db, QLatin1StringView("DELETE FROM sessions WHERE ") + ended, binds, error))
        return false;
    out.sessionsRemovedUpTo = std::max(out.sessionsRemovedUpTo, id);
    return true;
}

} // namespace

Writer::Task setSeen(QList<qint64> messageIds, bool seen)
{
    return [ids = std::move(messageIds), seen](QSqlDatabase &db, Records::CommitBatch &out, QString *error) {
        // Only messages whose state changes, so the commit reports what really changed.
        QSqlQuery q(db);
        q.prepare(seen ? QStringLiteral("UPDATE messages SET flags = flags | 2 WHERE id = ? AND (flags & 2) = 0")
                       : QStringLiteral("UPDATE messages SET flags = flags & ~2 WHERE id = ? AND (flags & 2) != 0"));
        for (const qint64 id : ids) {
            q.bindValue(0, id);
            if (!run(q, error))
                return false;
            if (q.numRowsAffected() > 0)
                out.seen.append({id, seen});
        }
        return true;
    };
}

Writer::Task setAllSeen()
{
    return [](QSqlDatabase &db, Records::CommitBatch &out, QString *error) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("UPDATE messages SET flags = flags | 2 WHERE (flags & 2) = 0 RETURNING id"));
        if (!run(q, error))
            return false;
        while (q.next())
            out.seen.append({q.value(0).toLongLong(), true});
        return true;
    };
}

Writer::Task remove(QList<qint64> messageIds)
{
    return [ids = std::move(messageIds)](QSqlDatabase &db, Records::CommitBatch &out, QString *error) {
        // Their search rows first, a few hundred messages per query.
        constexpr qsizetype kChunk = 500;
        for (qsizetype first = 0; first < ids.size(); first += kChunk) {
            QVariantList binds;
            for (const qint64 id : ids.mid(first, kChunk))
                binds.append(id);
            const QString marks = QStringList(binds.size(), QStringLiteral("?")).join(QLatin1Char(','));
            if (!unindex(db, QStringLiteral("m.id IN (%1)").arg(marks), binds, error))
                return false;
        }
        QSqlQuery q(db);
        q.prepare(QStringLiteral("DELETE FROM messages WHERE id = ?"));
        for (const qint64 id : ids) {
            q.bindValue(0, id);
            if (!run(q, error))
                return false;
            if (q.numRowsAffected() > 0)
                out.removed.append(id);
        }
        return true;
    };
}

Writer::Task removeAll()
{
    return [](QSqlDatabase &db, Records::CommitBatch &out, QString *error) {
        const auto lastMessage = scalar(db, QStringLiteral("SELECT MAX(id) FROM messages"), {}, error);
        if (!lastMessage)
            return false;
        // Deleting the bodies by range first spares a cascade per row.
        const QVariantList upTo{*lastMessage};
        if (!unindexAll(db, error)
            || !run(db, QStringLiteral("DELETE FROM message_tags WHERE message_id <= ?"), upTo, error)
            || !run(db, QStringLiteral("DELETE FROM message_raw WHERE message_id <= ?"), upTo, error)
            || !run(db, QStringLiteral("DELETE FROM messages WHERE id <= ?"), upTo, error))
            return false;
        out.messagesRemovedUpTo = std::max(out.messagesRemovedUpTo, *lastMessage);
        const auto lastSession = scalar(db, QStringLiteral("SELECT MAX(id) FROM sessions"), {}, error);
        return lastSession && removeSessionsUpTo(db, *lastSession, *lastMessage, out, error);
    };
}

namespace {

// The ids a search matches now, on the writer's connection.
std::optional<QList<qint64>> matching(QSqlDatabase &db, const SearchQuery &query, QString *error)
{
    const SearchSql search = query.sql();
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(search.selectIds());
    for (const QVariant &value : search.binds)
        q.addBindValue(value);
    if (!run(q, error))
        return std::nullopt;
    QList<qint64> ids;
    while (q.next())
        ids.append(q.value(0).toLongLong());
    return ids;
}

} // namespace

Writer::Task setSeen(const SearchQuery &query, bool seen)
{
    return [query, seen](QSqlDatabase &db, Records::CommitBatch &out, QString *error) {
        const auto ids = matching(db, query, error);
        return ids && setSeen(*ids, seen)(db, out, error);
    };
}

Writer::Task remove(const SearchQuery &query)
{
    return [query](QSqlDatabase &db, Records::CommitBatch &out, QString *error) {
        const auto ids = matching(db, query, error);
        return ids && remove(*ids)(db, out, error);
    };
}

bool Pruner::follow(QSqlDatabase &db, const Records::CommitBatch &out, QString *error)
{
    // Deletions by request leave the figures unknown: count and sum again, once.
    if (m_count < 0 || m_total < 0 || !out.removed.isEmpty() || out.messagesRemovedUpTo > 0) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM messages"));
        if (!run(q, error) || !q.next())
            return false;
        m_count = q.value(0).toLongLong();
        m_total = q.value(1).toLongLong();
        return true;
    }
    m_count += out.messages.size();
    for (const Records::MessageSummary &m : out.messages)
        m_total += m.size;
    return true;
}

std::optional<qint64> Pruner::beyondCount(QSqlDatabase &db, qint64 keep, QString *error)
{
    if (keep <= 0 || m_count <= keep)
        return 0;
    return scalar(db, QStringLiteral("SELECT id FROM messages ORDER BY id LIMIT 1 OFFSET ?"), {m_count - keep - 1}, error);
}

std::optional<qint64> Pruner::beyondAge(QSqlDatabase &db, qint64 days, QString *error)
{
    if (days <= 0)
        return 0;
    const qint64 cutoff = Records::nowUs() - days * 86400 * qint64(1000000);
    // The first message young enough to stay, walking from the oldest: cheap while few expire.
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT id FROM messages WHERE received_us >= ? ORDER BY id LIMIT 1"));
    q.addBindValue(cutoff);
    if (!run(q, error))
        return std::nullopt;
    if (q.next())
        return q.value(0).toLongLong() - 1;
    return scalar(db, QStringLiteral("SELECT MAX(id) FROM messages"), {}, error);
}

std::optional<qint64> Pruner::beyondSize(QSqlDatabase &db, qint64 octets, QString *error)
{
    if (octets <= 0 || m_total <= octets)
        return 0;
    qint64 excess = m_total - octets;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, size FROM messages ORDER BY id"));
    if (!run(q, error))
        return std::nullopt;
    qint64 last = 0;
    while (excess > 0 && q.next()) {
        last = q.value(0).toLongLong();
        excess -= q.value(1).toLongLong();
    }
    return last;
}

std::optional<qint64> Pruner::lastBeyond(QSqlDatabase &db, const Retention &limits, QString *error)
{
    const auto byCount = beyondCount(db, limits.maxMessages, error);
    const auto byAge = byCount ? beyondAge(db, limits.maxAgeDays, error) : std::nullopt;
    const auto bySize = byAge ? beyondSize(db, limits.maxTotalSize, error) : std::nullopt;
    if (!bySize)
        return std::nullopt;
    return std::max({*byCount, *byAge, *bySize});
}

std::optional<qint64> Pruner::countBeyond(QSqlDatabase &db, const Retention &limits, QString *error)
{
    if (!limits.limits())
        return 0;
    Pruner pruner;
    if (!pruner.follow(db, {}, error))
        return std::nullopt;
    const auto last = pruner.lastBeyond(db, limits, error);
    if (!last || *last <= 0)
        return last ? std::optional<qint64>(0) : std::nullopt;
    return scalar(db, QStringLiteral("SELECT COUNT(*) FROM messages WHERE id <= ?"), {*last}, error);
}

bool Pruner::apply(QSqlDatabase &db, const Retention &limits, Records::CommitBatch &out, QString *error)
{
    if (!limits.limits()) {
        forget();
        return true;
    }
    if (!follow(db, out, error))
        return false;
    const auto beyond = lastBeyond(db, limits, error);
    if (!beyond)
        return false;
    const qint64 lastPruned = *beyond;
    if (lastPruned <= 0)
        return true;

    QSqlQuery gone(db);
    gone.prepare(QStringLiteral("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM messages WHERE id <= ?"));
    gone.addBindValue(lastPruned);
    if (!run(gone, error) || !gone.next())
        return false;
    const qint64 count = m_count - gone.value(0).toLongLong(), total = m_total - gone.value(1).toLongLong();
    forget(); // until the deletion is known to have happened
    if (!unindex(db, QStringLiteral("m.id <= ?"), {lastPruned}, error)
        || !run(db, QStringLiteral("DELETE FROM messages WHERE id <= ?"), {lastPruned}, error))
        return false;
    out.messagesRemovedUpTo = std::max(out.messagesRemovedUpTo, lastPruned);
    // Sessions go with the mail they carried: those older than the oldest remaining message's
    // session, or, when that message was imported, those started before it; in both cases
    // only sessions none of whose mail remains.
    auto floor = scalar(db, QStringLiteral("SELECT COALESCE(session_id - 1, -1) FROM messages ORDER BY id LIMIT 1"),
                        {}, error);
    if (floor && *floor < 0) {
        floor = scalar(db,
                       QStringLiteral("SELECT id FROM sessions WHERE started_us < (SELECT received_us FROM messages"
                                      " ORDER BY id LIMIT 1) ORDER BY id DESC LIMIT 1"),
                       {}, error);
    }
    if (!floor || (*floor > 0 && !removeSessionsUpTo(db, *floor, lastPruned, out, error)))
        return false;
    m_count = count;
    m_total = total;
    return true;
}

} // namespace Store::Maintenance
