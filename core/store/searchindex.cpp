#include "searchindex.h"

#include "mime/parsedmessage.h"

#include <QVariant>

namespace Store {

namespace {

constexpr qsizetype kMaxBodyText = 256 * 1024;     // enough to find a message by its words

QString joined(const QByteArray &envelope, const QString &header)
{
    return QString::fromUtf8(envelope) + QLatin1Char(' ') + header;
}

// Markup is not what people search for; keeps the text between tags.
QString stripTags(const QString &html)
{
    QString out;
    out.reserve(html.size());
    bool inTag = false;
    for (const QChar c : html) {
        if (c == QLatin1Char('<'))
            inTag = true;
        else if (c == QLatin1Char('>'))
            inTag = false, out.append(QLatin1Char(' '));
        else if (!inTag)
            out.append(c);
    }
    return out;
}

// The decoded text of the plain-text parts, or of the HTML parts when there are none.
QString bodyText(const QByteArray &raw, const Mime::ParsedMessage &parsed)
{
    QString plain, html;
    for (const Mime::Part *part : parsed.leaves()) {
        if (part->isAttachment || plain.size() >= kMaxBodyText)
            continue;
        if (part->contentType == QLatin1String("text/plain"))
            plain += Mime::decodedText(raw, *part) + QLatin1Char('\n');
        else if (part->contentType == QLatin1String("text/html") && html.size() < kMaxBodyText)
            html += stripTags(Mime::decodedText(raw, *part)) + QLatin1Char('\n');
    }
    return (plain.isEmpty() ? html : plain).left(kMaxBodyText);
}

// What the envelope and list columns contribute, without parsing.
IndexedText headerText(const Records::MessageRecord &m)
{
    IndexedText out;
    out.sender = joined(m.envelope.mailFrom, m.summary.headerFrom);
    QByteArray recipients;
    for (const Records::Recipient &r : m.envelope.recipients)
        recipients += r.address + ' ';
    out.recipients = joined(recipients, m.summary.headerTo);
    out.subject = m.summary.subject;
    out.lint = -1;
    return out;
}

} // namespace

IndexedText analyse(const Records::MessageRecord &m)
{
    IndexedText out = headerText(m);
    if (qMax(m.raw.size(), m.summary.size) > kMaxAnalysedSize) { // the bytes may not even be loaded
        out.lint = -1;
        return out;
    }
    Mime::EnvelopeHints hints;
    if (m.sessionToken)
        hints = Mime::hintsFromEnvelope(m.envelope);
    const Mime::ParsedMessage parsed = Mime::parse(m.raw, hints);
    out.body = bodyText(m.raw, parsed);
    out.lint = int(m.defects.size());
    for (const Mime::Diagnostic &d : parsed.diagnostics) {
        if (d.severity != Mime::Severity::Info)
            ++out.lint;
    }
    return out;
}

SearchIndex::SearchIndex(const QSqlDatabase &db)
    : m_insert(Statement::handle(db), "INSERT INTO message_fts (rowid, sender, recipients, subject, body)"
                                      " SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM messages WHERE id = ?1)"
                                      " AND NOT EXISTS (SELECT 1 FROM message_fts WHERE rowid = ?1)"),
      m_lint(Statement::handle(db), "UPDATE messages SET lint = ? WHERE id = ?"),
      m_progress(Statement::handle(db), "UPDATE analysis_progress SET last_id = MAX(last_id, ?)")
{
}

bool SearchIndex::add(qint64 messageId, const IndexedText &text, QString *error)
{
    m_insert.bind(1, messageId).bind(2, text.sender).bind(3, text.recipients).bind(4, text.subject).bind(5, text.body);
    m_lint.bind(1, text.lint).bind(2, messageId);
    m_progress.bind(1, messageId);
    for (Statement *step : {&m_insert, &m_lint, &m_progress}) {
        if (!step->exec()) {
            if (error)
                *error = step->error();
            return false;
        }
    }
    return true;
}

} // namespace Store
