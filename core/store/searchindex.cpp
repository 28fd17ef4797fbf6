#include "searchindex.h"

#include "jsoncodec.h"
#include "reader.h"

#include "mime/htmltext.h"
#include "mime/parsedmessage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace Store {

namespace {

constexpr qsizetype kMaxBodyText = 256 * 1024;     // enough to find a message by its words

QString joined(const QByteArray &envelope, const QString &header)
{
    return QString::fromUtf8(envelope) + QLatin1Char(' ') + header;
}

struct BodyText
{
    QString plain;              // the text/plain parts
    QString html;               // the text of the text/html parts (Mime::htmlToText)
};

BodyText bodyText(const QByteArray &raw, const Mime::ParsedMessage &parsed)
{
    BodyText out;
    for (const Mime::Part *part : parsed.leaves()) {
        if (part->isAttachment)
            continue;
        if (part->contentType == QLatin1String("text/plain") && out.plain.size() < kMaxBodyText)
            out.plain += Mime::decodedText(raw, *part) + QLatin1Char('\n');
        else if (part->contentType == QLatin1String("text/html") && out.html.size() < kMaxBodyText)
            out.html += Mime::htmlToText(Mime::decodedText(raw, *part)) + QLatin1Char('\n');
    }
    return out;
}

QString addressText(const QList<Mime::Address> &addresses)
{
    QStringList out;
    for (const Mime::Address &a : addresses)
        out.append(a.name.isEmpty() ? a.addr : a.name + QLatin1Char(' ') + a.addr);
    return out.join(QLatin1Char(' '));
}

// Recipients of the envelope that no To or Cc field names: Mailpit shows them as Bcc.
QString envelopeOnly(const Records::MessageRecord &m, const Mime::ParsedMessage &parsed)
{
    QStringList out;
    for (const Records::Recipient &r : m.envelope.recipients) {
        const QString address = QString::fromUtf8(r.address);
        const auto named = [&](const QList<Mime::Address> &list) {
            return std::any_of(list.begin(), list.end(),
                               [&](const Mime::Address &a) { return a.addr.compare(address, Qt::CaseInsensitive) == 0; });
        };
        if (!named(parsed.to) && !named(parsed.cc) && !named(parsed.bcc))
            out.append(address);
    }
    return out.join(QLatin1Char(' '));
}

// The raw fields a large message's summary kept, for its Cc, Bcc and Reply-To columns.
void addressColumnsFromSummary(const Records::MessageSummary &s, IndexedText *out)
{
    const QJsonObject fields = QJsonDocument::fromJson(s.addressHeaders).object();
    out->cc = fields.value(QLatin1String("Cc")).toString();
    out->bcc = fields.value(QLatin1String("Bcc")).toString();
    out->replyTo = fields.value(QLatin1String("Reply-To")).toString();
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
    addressColumnsFromSummary(m.summary, &out);
    out.lint = -1;
    return out;
}

} // namespace

QString snippetOf(const QString &text)
{
    QString out = text.simplified();
    out.replace(QChar(0xfeff), QLatin1Char(' '));
    out = out.simplified();
    if (out.size() <= kSnippetLength)
        return out.isNull() ? QStringLiteral("") : out; // analysed: never null
    return out.left(kSnippetLength) + QStringLiteral("...");
}

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
    const BodyText body = bodyText(m.raw, parsed);
    out.body = QString(body.plain + body.html).left(kMaxBodyText);
    out.snippet = snippetOf(body.plain.trimmed().isEmpty() ? body.html : body.plain);
    out.cc = addressText(parsed.cc);
    out.bcc = QString(addressText(parsed.bcc) + QLatin1Char(' ') + envelopeOnly(m, parsed)).trimmed();
    out.replyTo = addressText(parsed.replyTo);
    out.lint = int(m.defects.size());
    for (const Mime::Diagnostic &d : parsed.diagnostics) {
        if (d.severity != Mime::Severity::Info)
            ++out.lint;
    }
    return out;
}

QString analysisSelect()
{
    return QStringLiteral("SELECT ") + Reader::summaryFields()
        + QStringLiteral(", m.source, m.envelope, m.defects, CASE WHEN m.size <= %1 THEN r.data END"
                         " FROM messages m JOIN message_raw r ON r.message_id = m.id")
              .arg(kMaxAnalysedSize);
}

Records::MessageRecord analysisRecord(const QSqlQuery &q)
{
    constexpr int n = Reader::kSummaryFields;
    Records::MessageRecord m;
    m.summary = Reader::summaryFrom(q);
    // Received over SMTP (its session may be gone since): the envelope is a hint for parsing.
    m.sessionToken = q.value(n).toString() == QLatin1String("smtp") ? 1 : 0;
    m.envelope = Json::toEnvelope(QJsonDocument::fromJson(q.value(n + 1).toByteArray()).object());
    m.defects = Json::toDefects(QJsonDocument::fromJson(q.value(n + 2).toByteArray()).array());
    m.raw = q.value(n + 3).toByteArray(); // empty when too large to analyse: never loaded
    return m;
}

namespace {

// FTS5's command to forget a row of a contentless table, given the text it was made of.
#define FORGET_ROW "INSERT INTO message_fts (message_fts, rowid, sender, recipients, cc, bcc, reply_to, subject, body)"
constexpr const char *kForgetWithOldText = FORGET_ROW
    " SELECT 'delete', id, sender, recipients, cc, bcc, reply_to, subject, body FROM message_fts_old_text WHERE id = ?1";
// A message without a row (not indexed yet, or just forgotten with its old text) is left alone.
constexpr const char *kForgetWithText = FORGET_ROW
    " SELECT 'delete', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE EXISTS (SELECT 1 FROM message_fts_docsize WHERE id = ?1)";
#undef FORGET_ROW

Statement &bindText(Statement &s, qint64 messageId, const IndexedText &text)
{
    return s.bind(1, messageId)
        .bind(2, text.sender)
        .bind(3, text.recipients)
        .bind(4, text.cc)
        .bind(5, text.bcc)
        .bind(6, text.replyTo)
        .bind(7, text.subject)
        .bind(8, text.body);
}

bool failed(const QSqlQuery &q, QString *error)
{
    if (error)
        *error = q.lastError().text();
    return false;
}

} // namespace

bool unindex(QSqlDatabase &db, const QString &condition, const QVariantList &binds, QString *error)
{
    // The ids first: forgetting a row changes the index this would otherwise be walking.
    QSqlQuery ids(db);
    ids.setForwardOnly(true);
    ids.prepare(QStringLiteral("SELECT m.id FROM messages m JOIN message_fts_docsize d ON d.id = m.id WHERE ")
                + condition);
    for (const QVariant &value : binds)
        ids.addBindValue(value);
    if (!ids.exec())
        return failed(ids, error);
    QList<qint64> indexed;
    while (ids.next())
        indexed.append(ids.value(0).toLongLong());
    if (indexed.isEmpty())
        return true;
    QSqlQuery read(db);
    read.setForwardOnly(true);
    if (!read.prepare(analysisSelect() + QStringLiteral(" WHERE m.id = ?")))
        return failed(read, error);
    RowForgetter rows(db);
    for (const qint64 id : std::as_const(indexed)) {
        read.bindValue(0, id);
        if (!read.exec() || !read.next())
            return failed(read, error);
        const IndexedText text = analyse(analysisRecord(read));
        read.finish();
        if (!rows.forget(id, text, error))
            return false;
    }
    return true;
}

bool unindexAll(QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    return (q.exec(QStringLiteral("INSERT INTO message_fts (message_fts) VALUES ('delete-all')"))
            && q.exec(QStringLiteral("DELETE FROM message_fts_old_text")))
        || failed(q, error);
}

RowForgetter::RowForgetter(const QSqlDatabase &db)
    : m_withOldText(Statement::handle(db), kForgetWithOldText),
      m_dropOldText(Statement::handle(db), "DELETE FROM message_fts_old_text WHERE id = ?1"),
      m_withText(Statement::handle(db), kForgetWithText)
{
}

bool RowForgetter::forget(qint64 messageId, const IndexedText &text, QString *error)
{
    m_withOldText.bind(1, messageId);
    m_dropOldText.bind(1, messageId);
    bindText(m_withText, messageId, text);
    for (Statement *step : {&m_withOldText, &m_dropOldText, &m_withText}) {
        if (!step->exec()) {
            if (error)
                *error = step->error();
            return false;
        }
    }
    return true;
}

SearchIndex::SearchIndex(const QSqlDatabase &db)
    : m_forget(db),
      m_insert(Statement::handle(db),
               "INSERT INTO message_fts (rowid, sender, recipients, cc, bcc, reply_to, subject, body)"
               " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE EXISTS (SELECT 1 FROM messages WHERE id = ?1)"),
      m_lint(Statement::handle(db), "UPDATE messages SET lint = ?, snippet = ? WHERE id = ?"),
      m_progress(Statement::handle(db), "UPDATE analysis_progress SET last_id = MAX(last_id, ?)")
{
}

bool SearchIndex::add(qint64 messageId, const IndexedText &text, QString *error)
{
    if (!m_forget.forget(messageId, text, error))
        return false;
    bindText(m_insert, messageId, text);
    m_lint.bind(1, text.lint);
    if (text.snippet.isNull())
        m_lint.bindNull(2);
    else
        m_lint.bind(2, text.snippet);
    m_lint.bind(3, messageId);
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
