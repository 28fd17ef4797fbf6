#include "reader.h"

#include "database.h"
#include "jsoncodec.h"
#include "search.h"
#include "sessionsearch.h"
#include "transcriptchunk.h"

#include "records/tags.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace Store {

namespace {

const QString kMessageFields = Reader::summaryFields();
const QString kMessageColumns = kMessageFields + QStringLiteral(" FROM messages m");
const QString kSessionColumns = QStringLiteral(
    "id, started_us, ended_us, client_addr, client_port, server_addr, server_port, helo, outcome,"
    " message_count, defects, tls, auth_user, fault_rules, dropped_messages FROM sessions");

Records::SessionRecord toSession(const QSqlQuery &q)
{
    Records::SessionRecord s;
    s.id = q.value(0).toLongLong();
    s.startedUs = q.value(1).toLongLong();
    s.endedUs = q.value(2).toLongLong();
    s.clientAddress = q.value(3).toString();
    s.clientPort = q.value(4).toUInt();
    s.serverAddress = q.value(5).toString();
    s.serverPort = q.value(6).toUInt();
    s.helo = q.value(7).toByteArray();
    s.outcome = Records::outcomeFromName(q.value(8).toString());
    s.messageCount = q.value(9).toInt();
    s.defects = Json::toDefects(QJsonDocument::fromJson(q.value(10).toByteArray()).array());
    s.tls = QJsonDocument::fromJson(q.value(11).toByteArray()).object();
    s.authUser = q.value(12).toByteArray();
    s.faultRules = Json::toFaultHits(QJsonDocument::fromJson(q.value(13).toByteArray()).array());
    s.droppedMessages = q.value(14).toInt();
    return s;
}

thread_local quint64 t_queries = 0;

} // namespace

QString Reader::summaryFields()
{
    return QStringLiteral("m.id, m.session_id, m.received_us, m.mail_from, m.recipients, m.header_from, m.header_to,"
                          " m.subject, m.date, m.size, m.attachments, m.has_html, m.auth_user, m.flags, m.fault_rules,"
                          " m.lint, m.message_id, m.address_headers, m.snippet,"
                          " (SELECT group_concat(t.name, char(31)) FROM message_tags mt JOIN tags t ON t.id = mt.tag_id"
                          " WHERE mt.message_id = m.id)");
}

Records::MessageSummary Reader::summaryFrom(const QSqlQuery &q)
{
    Records::MessageSummary m;
    m.id = q.value(0).toLongLong();
    m.sessionId = q.value(1).toLongLong();
    m.receivedUs = q.value(2).toLongLong();
    m.mailFrom = q.value(3).toByteArray();
    const QByteArray recipients = q.value(4).toByteArray();
    if (!recipients.isEmpty())
        m.recipients = recipients.split('\n');
    m.headerFrom = q.value(5).toString();
    m.headerTo = q.value(6).toString();
    m.subject = q.value(7).toString();
    m.date = q.value(8).toString();
    m.size = q.value(9).toLongLong();
    m.attachments = q.value(10).toInt();
    m.hasHtml = q.value(11).toBool();
    m.authUser = q.value(12).toByteArray();
    m.flags = q.value(13).toInt();
    m.tls = m.flags & Records::kFlagTls;
    for (const QJsonValue &rule : QJsonDocument::fromJson(q.value(14).toByteArray()).array())
        m.faultRules.append(rule.toString());
    m.lint = q.value(15).toInt();
    m.messageId = q.value(16).toString();
    m.addressHeaders = q.value(17).toByteArray();
    if (!q.value(18).isNull())
        m.snippet = q.value(18).toString();
    const QString tags = q.value(19).toString();
    if (!tags.isEmpty()) {
        m.tags = tags.split(QChar(31));
        Records::Tags::sort(m.tags);
    }
    return m;
}

quint64 Reader::queriesOnThisThread()
{
    return t_queries;
}

QSqlQuery Reader::run(const QString &sql, const QVariantList &values) const
{
    ++t_queries;
    QSqlQuery q(m_db);
    if (!m_db.isOpen())
        return q; // no rows; error() says why the database did not open
    q.prepare(sql);
    for (const QVariant &value : values)
        q.addBindValue(value);
    q.exec();
    return q;
}

Reader::Reader(const QString &path)
    : m_connection(uniqueConnectionName(QStringLiteral("reader")))
{
    OpenFailure failure = OpenFailure::None;
    m_db = openConnection(path, m_connection, Access::Read, &m_error, &failure);
    m_olderSchema = failure == OpenFailure::OlderSchema;
}

Reader::~Reader()
{
    m_db = QSqlDatabase();
    closeConnection(m_connection);
}

QList<Records::MessageSummary> Reader::messages(qint64 beforeId, int limit) const
{
    QSqlQuery q = run(QStringLiteral("SELECT ") + kMessageColumns + QStringLiteral(" WHERE m.id < ? ORDER BY m.id DESC LIMIT ?"),
                      {beforeId > 0 ? beforeId : std::numeric_limits<qint64>::max(), limit});
    QList<Records::MessageSummary> out;
    while (q.next())
        out.append(summaryFrom(q));
    return out;
}

QList<Records::MessageSummary> Reader::messages(const SearchQuery &filter, qint64 beforeId, qint64 minId, int limit) const
{
    // Driven by the search index when there are words: it walks its matches newest first and
    // stops at the limit.
    SearchSql search = filter.sql();
    search.binds << (beforeId > 0 ? beforeId : std::numeric_limits<qint64>::max()) << minId << limit;
    return summaries(QStringLiteral("SELECT ") + kMessageFields + QStringLiteral(" FROM ") + search.from
                         + QStringLiteral(" WHERE ") + search.where + QStringLiteral(" AND ") + search.idColumn
                         + QStringLiteral(" < ? AND ") + search.idColumn + QStringLiteral(" >= ? ORDER BY ")
                         + search.idColumn + QStringLiteral(" DESC LIMIT ?"),
                     search.binds);
}

QList<Records::MessageSummary> Reader::messages(const SearchQuery &filter, int start, int limit) const
{
    // The page's ids first, from what the conditions need; only the page's rows are then read
    // with their tags (a range read by the index by time is sorted by id before that).
    SearchSql search = filter.sql();
    search.binds << limit << std::max(start, 0);
    return summaries(QStringLiteral("SELECT ") + kMessageColumns + QStringLiteral(" WHERE m.id IN (") + search.selectIds()
                         + QStringLiteral(" LIMIT ? OFFSET ?) ORDER BY m.id DESC"),
                     search.binds);
}

QList<Records::MessageSummary> Reader::summaries(const QString &sql, const QVariantList &binds) const
{
    QSqlQuery q = run(sql, binds);
    if (q.lastError().isValid())
        m_error = q.lastError().text();
    QList<Records::MessageSummary> out;
    while (q.next())
        out.append(summaryFrom(q));
    return out;
}

namespace {

// What a filter says of read state alone (nothing else set): the kept counts answer it.
std::optional<std::optional<bool>> readStateOnly(const SearchQuery &filter)
{
    SearchQuery rest = filter;
    rest.unread.reset();
    if (!rest.isEmpty())
        return std::nullopt;
    return filter.unread;
}

} // namespace

qint64 Reader::count(const SearchQuery &filter) const
{
    if (const auto state = readStateOnly(filter)) {
        if (!*state)
            return messageCount();
        return **state ? unreadCount() : messageCount() - unreadCount();
    }
    const SearchSql search = filter.sql();
    return number(QStringLiteral("SELECT COUNT(*) FROM ") + search.from + QStringLiteral(" WHERE ") + search.where,
                  search.binds);
}

qint64 Reader::unreadCount(const SearchQuery &filter) const
{
    if (const auto state = readStateOnly(filter))
        return !*state || **state ? unreadCount() : 0;
    const SearchSql search = filter.sql();
    return number(QStringLiteral("SELECT COUNT(*) FROM ") + search.from + QStringLiteral(" WHERE ") + search.where
                      + QStringLiteral(" AND (m.flags & 2) = 0"),
                  search.binds);
}

QList<qint64> Reader::ids(const SearchQuery &filter) const
{
    const SearchSql search = filter.sql();
    QSqlQuery q = run(search.selectIds(), search.binds);
    if (q.lastError().isValid())
        m_error = q.lastError().text();
    QList<qint64> out;
    while (q.next())
        out.append(q.value(0).toLongLong());
    return out;
}

QStringList Reader::tags() const
{
    // The tags table holds only tags in use (triggers remove a tag with its last message).
    QSqlQuery q = run(QStringLiteral("SELECT name FROM tags ORDER BY name COLLATE NOCASE, name"), {});
    QStringList out;
    while (q.next())
        out.append(q.value(0).toString());
    return out;
}

QList<std::pair<QString, qint64>> Reader::tagCounts() const
{
    QSqlQuery q = run(QStringLiteral("SELECT t.name, COUNT(mt.message_id) FROM tags t LEFT JOIN message_tags mt ON mt.tag_id = t.id"
                                     " GROUP BY t.id ORDER BY t.name COLLATE NOCASE, t.name"),
                      {});
    QList<std::pair<QString, qint64>> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toLongLong()});
    return out;
}

qint64 Reader::number(const QString &sql, const QVariantList &binds) const
{
    QSqlQuery q = run(sql, binds);
    if (q.lastError().isValid())
        m_error = q.lastError().text();
    return q.next() ? q.value(0).toLongLong() : -1;
}

QList<Records::SessionRecord> Reader::sessions(qint64 beforeId, int limit) const
{
    return sessions(SessionQuery(), beforeId, limit);
}

QList<Records::SessionRecord> Reader::sessions(const SessionQuery &filter, qint64 beforeId, int limit) const
{
    QSqlQuery q = run(QStringLiteral("SELECT ") + kSessionColumns + QStringLiteral(" WHERE id < ? AND ") + filter.where()
                          + QStringLiteral(" ORDER BY id DESC LIMIT ?"),
                      QVariantList{beforeId > 0 ? beforeId : std::numeric_limits<qint64>::max()} + filter.binds
                          + QVariantList{limit});
    QList<Records::SessionRecord> out;
    while (q.next())
        out.append(toSession(q));
    return out;
}

QList<qint64> Reader::matchingSessions(const SessionQuery &filter, const QList<qint64> &ids) const
{
    QList<qint64> out;
    if (ids.isEmpty())
        return out;
    QVariantList binds;
    for (const qint64 id : ids)
        binds.append(id);
    QSqlQuery q = run(QStringLiteral("SELECT id FROM sessions WHERE id IN (")
                          + QStringList(ids.size(), QStringLiteral("?")).join(QLatin1Char(','))
                          + QStringLiteral(") AND ") + filter.where() + QStringLiteral(" ORDER BY id"),
                      binds + filter.binds);
    while (q.next())
        out.append(q.value(0).toLongLong());
    return out;
}

std::optional<Records::MessageSummary> Reader::message(qint64 id) const
{
    QSqlQuery q = run(QStringLiteral("SELECT ") + kMessageColumns + QStringLiteral(" WHERE m.id = ?"), {id});
    if (q.next())
        return summaryFrom(q);
    return std::nullopt;
}

std::optional<Records::SessionRecord> Reader::session(qint64 id) const
{
    QSqlQuery q = run(QStringLiteral("SELECT ") + kSessionColumns + QStringLiteral(" WHERE id = ?"), {id});
    if (q.next())
        return toSession(q);
    return std::nullopt;
}

std::optional<QByteArray> Reader::raw(qint64 messageId) const
{
    QSqlQuery q = run(QStringLiteral("SELECT r.data, s.spool FROM message_raw r LEFT JOIN message_raw_spools s"
                                     " ON s.message_id = r.message_id WHERE r.message_id = ?"),
                      {messageId});
    if (!q.next())
        return std::nullopt;
    if (q.value(1).isNull())
        return q.value(0).toByteArray();
    // A large message: the pieces stored while it arrived (RawPieces), then the rest.
    const QByteArray rest = q.value(0).toByteArray();
    QSqlQuery pieces = run(QStringLiteral("SELECT data FROM message_raw_pieces WHERE spool = ? ORDER BY id"),
                           {q.value(1)});
    QByteArray raw;
    while (pieces.next())
        raw += pieces.value(0).toByteArray();
    raw += rest; // appended, not a third copy of the message
    return raw;
}

QJsonObject Reader::envelope(qint64 messageId) const
{
    QSqlQuery q = run(QStringLiteral("SELECT m.envelope, s.id, s.client_addr, s.client_port, s.server_addr,"
                                     " s.server_port FROM messages m LEFT JOIN sessions s ON s.id = m.session_id"
                                     " WHERE m.id = ?"),
                      {messageId});
    if (!q.next())
        return {};
    if (q.value(1).isNull())
        return Json::envelopeObject(q.value(0).toByteArray(), nullptr);
    Records::SessionRecord session;
    session.clientAddress = q.value(2).toString();
    session.clientPort = quint16(q.value(3).toUInt());
    session.serverAddress = q.value(4).toString();
    session.serverPort = quint16(q.value(5).toUInt());
    return Json::envelopeObject(q.value(0).toByteArray(), &session);
}

Records::Defects Reader::messageDefects(qint64 messageId) const
{
    QSqlQuery q = run(QStringLiteral("SELECT defects FROM messages WHERE id = ?"), {messageId});
    if (q.next())
        return Json::toDefects(QJsonDocument::fromJson(q.value(0).toByteArray()).array());
    return {};
}

QList<Records::TranscriptLine> Reader::transcript(qint64 sessionId) const
{
    QSqlQuery q = run(TranscriptChunk::chainSql(QLatin1StringView("id = ?"))
                          + QLatin1StringView("SELECT c.id, c.data FROM chain JOIN transcript_chunks c ON c.id = chain.id"
                                              " ORDER BY c.id"),
                      {sessionId});
    QList<Records::TranscriptLine> out;
    while (q.next()) {
        if (!TranscriptChunk::decode(q.value(1).toByteArray(), q.value(0).toLongLong(), sessionId, &out))
            qWarning("transcript chunk %lld of session %lld is damaged", q.value(0).toLongLong(), sessionId);
    }
    return out;
}

qint64 Reader::messageCount() const
{
    QSqlQuery q = run(QStringLiteral("SELECT total FROM message_counts"), {});
    return q.next() ? q.value(0).toLongLong() : -1;
}

qint64 Reader::unreadCount() const
{
    QSqlQuery q = run(QStringLiteral("SELECT unread FROM message_counts"), {});
    return q.next() ? q.value(0).toLongLong() : -1;
}

bool Reader::indexBehind() const
{
    QSqlQuery q = run(QStringLiteral("SELECT (SELECT MAX(id) FROM messages) > (SELECT last_id FROM analysis_progress)"), {});
    return q.next() && q.value(0).toBool();
}

qint64 Reader::sessionCount() const
{
    QSqlQuery q = run(QStringLiteral("SELECT COUNT(*) FROM sessions"), {});
    return q.next() ? q.value(0).toLongLong() : -1;
}

} // namespace Store
