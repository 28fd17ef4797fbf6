#include "search.h"

#include "records/tags.h"
#include "searchtokens.h"

#include <QDateTime>
#include <QRegularExpression>

#include <algorithm>

namespace Store {

namespace {

// FTS5's default tokenizer keeps letters and digits only; a term without any matches nothing.
bool hasTokenCharacters(const QString &text)
{
    for (const QChar c : text) {
        if (c.isLetterOrNumber())
            return true;
    }
    return false;
}

QString column(const QString &key)
{
    if (key == QLatin1String("from"))
        return QStringLiteral("sender");
    if (key == QLatin1String("to"))
        return QStringLiteral("recipients");
    if (key == QLatin1String("subject"))
        return QStringLiteral("subject");
    if (key == QLatin1String("body"))
        return QStringLiteral("body");
    if (key == QLatin1String("cc"))
        return QStringLiteral("cc");
    if (key == QLatin1String("bcc"))
        return QStringLiteral("bcc");
    if (key == QLatin1String("reply-to"))
        return QStringLiteral("reply_to");
    if (key == QLatin1String("addressed"))
        return QStringLiteral("{sender recipients cc bcc reply_to}");
    return {};
}

QString withoutAngles(QString id)
{
    id = id.trimmed();
    while (id.startsWith(QLatin1Char('<')))
        id.remove(0, 1);
    while (id.endsWith(QLatin1Char('>')))
        id.chop(1);
    return id;
}

// True when the token is one of the keys that filter rather than search text.
bool applyFilter(const SearchToken &t, const QTimeZone &zone, SearchQuery *q)
{
    const QString value = t.value.toLower();
    if (t.key == QLatin1String("has") && (value == QLatin1String("attachment") || value == QLatin1String("attachments"))) {
        q->hasAttachment = !t.negated;
        return true;
    }
    if (t.key == QLatin1String("has") && value == QLatin1String("html")) {
        q->hasHtml = !t.negated;
        return true;
    }
    if (t.key == QLatin1String("is") && (value == QLatin1String("unread") || value == QLatin1String("read"))) {
        q->unread = (value == QLatin1String("unread")) != t.negated;
        return true;
    }
    if (t.key == QLatin1String("is") && value == QLatin1String("tagged")) {
        q->tagged = !t.negated;
        return true;
    }
    if (t.key == QLatin1String("tag")) {
        const QString name = Records::Tags::clean(t.value);
        if (!name.isEmpty())
            (t.negated ? q->excludedTags : q->tags).append(name);
        return true;
    }
    if (t.key == QLatin1String("message-id")) {
        const QString id = withoutAngles(t.value);
        if (!id.isEmpty())
            (t.negated ? q->excludedMessageIds : q->messageIds).append(id);
        return true;
    }
    if (t.key == QLatin1String("before") || t.key == QLatin1String("after")) {
        const std::optional<QDateTime> when = parseSearchDate(t.value, zone);
        if (!when)
            return true; // Mailpit ignores a date it cannot read
        const qint64 us = when->toMSecsSinceEpoch() * 1000;
        // -before:D is "at or after D", -after:D "at or before D".
        const bool below = (t.key == QLatin1String("before")) != t.negated;
        const qint64 bound = t.negated ? (below ? us + 1 : us - 1) : us;
        if (below)
            q->receivedBeforeUs = q->receivedBeforeUs ? std::min(*q->receivedBeforeUs, bound) : bound;
        else
            q->receivedAfterUs = q->receivedAfterUs ? std::max(*q->receivedAfterUs, bound) : bound;
        return true;
    }
    return false;
}

QString placeholders(qsizetype count)
{
    return QStringList(count, QStringLiteral("?")).join(QLatin1Char(','));
}

} // namespace

QString ftsString(const QString &text, bool prefix)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"') + (prefix ? QStringLiteral("*") : QString());
}

std::optional<QDateTime> parseSearchDate(const QString &text, const QTimeZone &zone)
{
    const QString value = text.trimmed();
    // An RFC 3339 time says its own offset.
    static const QRegularExpression withOffset(QStringLiteral("(?:Z|[+-]\\d\\d:?\\d\\d)$"),
                                               QRegularExpression::CaseInsensitiveOption);
    if (value.contains(QLatin1Char('T'), Qt::CaseInsensitive) && withOffset.match(value).hasMatch()) {
        const QDateTime t = QDateTime::fromString(value.toUpper(), Qt::ISODateWithMs);
        if (t.isValid())
            return t;
    }
    const qsizetype split = value.indexOf(QRegularExpression(QStringLiteral("[ Tt]")));
    const QString datePart = split < 0 ? value : value.left(split);
    const QString timePart = split < 0 ? QString() : value.mid(split + 1).trimmed();
    QDate date;
    for (const char *format : {"yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "M/d/yyyy"}) {
        date = QDate::fromString(datePart, QLatin1StringView(format));
        if (date.isValid())
            break;
    }
    if (!date.isValid())
        return std::nullopt;
    QTime time(0, 0);
    if (!timePart.isEmpty()) {
        time = QTime();
        for (const char *format : {"H:mm", "H:mm:ss", "H:mm:ss.zzz"}) {
            time = QTime::fromString(timePart, QLatin1StringView(format));
            if (time.isValid())
                break;
        }
        if (!time.isValid())
            return std::nullopt;
    }
    const QDateTime t(date, time, zone.isValid() ? zone : QTimeZone::systemTimeZone());
    return t.isValid() ? std::optional<QDateTime>(t) : std::nullopt;
}

QString SearchSql::selectIds() const
{
    return QStringLiteral("SELECT ") + idColumn + QStringLiteral(" FROM ") + from + QStringLiteral(" WHERE ") + where
        + QStringLiteral(" ORDER BY ") + idColumn + QStringLiteral(" DESC");
}

SearchQuery SearchQuery::parse(const QString &text, const QTimeZone &zone)
{
    SearchQuery q;
    for (const SearchToken &t : tokenizeSearch(text)) {
        if (applyFilter(t, zone, &q))
            continue;
        QString expression;
        const QString col = column(t.key);
        if (!col.isEmpty()) {
            if (!hasTokenCharacters(t.value))
                continue;
            expression = col + QStringLiteral(" : ") + ftsString(t.value, !t.quoted);
        } else if (t.key.isEmpty()) {
            if (!hasTokenCharacters(t.value))
                continue;
            expression = ftsString(t.value, !t.quoted);
        } else {
            // An unknown key is text the user wants to find, e.g. a URL or "re:".
            if (!hasTokenCharacters(t.text))
                continue;
            expression = ftsString(t.text, true);
        }
        (t.negated ? q.excluded : q.terms).append(expression);
    }
    return q;
}

bool SearchQuery::isEmpty() const
{
    return terms.isEmpty() && excluded.isEmpty() && !hasAttachment && !hasHtml && !unread && !tagged && tags.isEmpty()
        && excludedTags.isEmpty() && messageIds.isEmpty() && excludedMessageIds.isEmpty() && !receivedBeforeUs
        && !receivedAfterUs;
}

QString SearchQuery::matchExpression() const
{
    if (terms.isEmpty())
        return {};
    QString out = terms.join(QStringLiteral(" AND "));
    if (!excluded.isEmpty())
        out = QLatin1Char('(') + out + QStringLiteral(") NOT (") + excluded.join(QStringLiteral(" OR ")) + QLatin1Char(')');
    return out;
}

QString SearchQuery::listConditions(QVariantList *binds) const
{
    QStringList conditions;
    if (hasAttachment)
        conditions.append(*hasAttachment ? QStringLiteral("m.attachments > 0") : QStringLiteral("m.attachments = 0"));
    if (hasHtml)
        conditions.append(*hasHtml ? QStringLiteral("m.has_html != 0") : QStringLiteral("m.has_html = 0"));
    if (unread)
        conditions.append(*unread ? QStringLiteral("(m.flags & 2) = 0") : QStringLiteral("(m.flags & 2) != 0"));
    if (terms.isEmpty() && !excluded.isEmpty()) {
        conditions.append(QStringLiteral("m.id NOT IN (SELECT rowid FROM message_fts WHERE message_fts MATCH ?)"));
        binds->append(excluded.join(QStringLiteral(" OR ")));
    }
    if (tagged) {
        conditions.append(*tagged ? QStringLiteral("m.id IN (SELECT message_id FROM message_tags)")
                                  : QStringLiteral("m.id NOT IN (SELECT message_id FROM message_tags)"));
    }
    // Each tag by the index of message_tags by tag: the messages come from the tag's rows.
    const QString withTag = QStringLiteral("(SELECT message_id FROM message_tags WHERE tag_id ="
                                           " (SELECT id FROM tags WHERE name = ?))");
    for (const QString &tag : tags) {
        conditions.append(QStringLiteral("m.id IN ") + withTag);
        binds->append(tag);
    }
    for (const QString &tag : excludedTags) {
        conditions.append(QStringLiteral("m.id NOT IN ") + withTag);
        binds->append(tag);
    }
    if (!messageIds.isEmpty()) {
        conditions.append(QStringLiteral("m.message_id IN (%1)").arg(placeholders(messageIds.size())));
        for (const QString &id : messageIds)
            binds->append(id);
    }
    if (!excludedMessageIds.isEmpty()) {
        conditions.append(QStringLiteral("m.message_id NOT IN (%1)").arg(placeholders(excludedMessageIds.size())));
        for (const QString &id : excludedMessageIds)
            binds->append(id);
    }
    if (receivedAfterUs) {
        conditions.append(QStringLiteral("m.received_us > ?"));
        binds->append(*receivedAfterUs);
    }
    if (receivedBeforeUs) {
        conditions.append(QStringLiteral("m.received_us < ?"));
        binds->append(*receivedBeforeUs);
    }
    return conditions.join(QStringLiteral(" AND "));
}

SearchSql SearchQuery::sql() const
{
    SearchSql out;
    const QString match = matchExpression();
    QStringList where;
    if (!match.isEmpty()) {
        out.from = QStringLiteral("message_fts JOIN messages m ON m.id = message_fts.rowid");
        out.idColumn = QStringLiteral("message_fts.rowid");
        where.append(QStringLiteral("message_fts MATCH ?"));
        out.binds.append(match);
    } else {
        out.from = QStringLiteral("messages m");
        out.idColumn = QStringLiteral("m.id");
        // Left to itself, SQLite walks every message newest first for a page of a date range
        // (the order comes free); the index by time reads only the range. A tag or a
        // Message-ID narrows more, and SQLite starts from those by itself.
        if ((receivedBeforeUs || receivedAfterUs) && tags.isEmpty() && messageIds.isEmpty() && !tagged.value_or(false))
            out.from += QStringLiteral(" INDEXED BY messages_by_received");
    }
    const QString conditions = listConditions(&out.binds);
    if (!conditions.isEmpty())
        where.append(conditions);
    out.where = where.isEmpty() ? QStringLiteral("1") : where.join(QStringLiteral(" AND "));
    return out;
}

} // namespace Store
