#include "search.h"

namespace Store {

namespace {

struct Token
{
    bool negated = false;
    QString key;                // lower case, empty for plain text
    QString value;
    bool quoted = false;
    QString text;               // the token as typed, for unknown keys
};

// Splits the query into tokens; a quote runs to the next quote or the end.
QList<Token> tokenize(const QString &input)
{
    QList<Token> out;
    qsizetype i = 0;
    const qsizetype n = input.size();
    while (i < n) {
        while (i < n && input.at(i).isSpace())
            ++i;
        if (i >= n)
            break;
        const qsizetype start = i;
        Token t;
        if (input.at(i) == QLatin1Char('-') && i + 1 < n && !input.at(i + 1).isSpace()) {
            t.negated = true;
            ++i;
        }
        qsizetype k = i;
        while (k < n && input.at(k).isLetter())
            ++k;
        if (k > i && k < n && input.at(k) == QLatin1Char(':')) {
            t.key = input.mid(i, k - i).toLower();
            i = k + 1;
        }
        if (i < n && input.at(i) == QLatin1Char('"')) {
            const qsizetype close = input.indexOf(QLatin1Char('"'), i + 1);
            const qsizetype end = close < 0 ? n : close;
            t.value = input.mid(i + 1, end - i - 1);
            t.quoted = true;
            i = close < 0 ? n : close + 1;
        } else {
            const qsizetype begin = i;
            while (i < n && !input.at(i).isSpace())
                ++i;
            t.value = input.mid(begin, i - begin);
        }
        t.text = input.mid(t.negated ? start + 1 : start, i - start - (t.negated ? 1 : 0));
        out.append(t);
    }
    return out;
}

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
    return {};
}

} // namespace

QString ftsString(const QString &text, bool prefix)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"') + (prefix ? QStringLiteral("*") : QString());
}

SearchQuery SearchQuery::parse(const QString &text)
{
    SearchQuery q;
    for (const Token &t : tokenize(text)) {
        const QString value = t.value.toLower();
        if (t.key == QLatin1String("has") && (value == QLatin1String("attachment") || value == QLatin1String("attachments"))) {
            q.hasAttachment = !t.negated;
            continue;
        }
        if (t.key == QLatin1String("has") && value == QLatin1String("html")) {
            q.hasHtml = !t.negated;
            continue;
        }
        if (t.key == QLatin1String("is") && (value == QLatin1String("unread") || value == QLatin1String("read"))) {
            q.unread = (value == QLatin1String("unread")) != t.negated;
            continue;
        }
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
    return terms.isEmpty() && excluded.isEmpty() && !hasAttachment && !hasHtml && !unread;
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
    return conditions.join(QStringLiteral(" AND "));
}

} // namespace Store
