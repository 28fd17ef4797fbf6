#include "searchindex.h"

#include <QSqlError>
#include <QVariant>

namespace Store {

namespace {

constexpr qsizetype kMaxBodyText = 256 * 1024; // enough to find a message by its words

// The header block's Content-Type and Content-Transfer-Encoding, lower case, unfolded.
QByteArray headerValue(const QByteArray &raw, qsizetype headerEnd, const QByteArray &name)
{
    const QByteArray needle = '\n' + name.toLower() + ':';
    const QByteArray head = '\n' + raw.left(headerEnd).toLower();
    const qsizetype at = head.indexOf(needle);
    if (at < 0)
        return {};
    qsizetype end = at + needle.size();
    QByteArray value;
    for (;;) {
        const qsizetype eol = head.indexOf('\n', end);
        value += head.mid(end, (eol < 0 ? head.size() : eol) - end);
        if (eol < 0 || eol + 1 >= head.size() || (head.at(eol + 1) != ' ' && head.at(eol + 1) != '\t'))
            break;
        end = eol + 1;
    }
    return value.simplified();
}

// The body of a single-part text message that needs no decoding; other shapes are indexed
// by their headers only.
QString plainBodyText(const QByteArray &raw)
{
    qsizetype headerEnd = raw.indexOf("\r\n\r\n");
    qsizetype bodyStart = headerEnd + 4;
    const qsizetype lf = raw.indexOf("\n\n");
    if (lf >= 0 && (headerEnd < 0 || lf < headerEnd)) {
        headerEnd = lf;
        bodyStart = lf + 2;
    }
    if (headerEnd < 0)
        return {};
    const QByteArray type = headerValue(raw, headerEnd, "Content-Type");
    const QByteArray encoding = headerValue(raw, headerEnd, "Content-Transfer-Encoding");
    if (!type.isEmpty() && !type.startsWith("text/"))
        return {};
    if (!encoding.isEmpty() && encoding != "7bit" && encoding != "8bit")
        return {};
    return QString::fromUtf8(raw.mid(bodyStart, kMaxBodyText));
}

QString joined(const QByteArray &envelope, const QString &header)
{
    return QString::fromUtf8(envelope) + QLatin1Char(' ') + header;
}

} // namespace

IndexedText analyse(const MessageRecord &m)
{
    IndexedText out;
    out.sender = joined(m.envelope.mailFrom, m.summary.headerFrom);
    QByteArray recipients;
    for (const Smtp::Recipient &r : m.envelope.recipients)
        recipients += r.address + ' ';
    out.recipients = joined(recipients, m.summary.headerTo);
    out.subject = m.summary.subject;
    out.body = plainBodyText(m.raw);
    out.lint = int(m.defects.size());
    return out;
}

SearchIndex::SearchIndex(const QSqlDatabase &db)
    : m_insert(db)
{
    m_insert.prepare(QStringLiteral(
        "INSERT INTO message_fts (rowid, sender, recipients, subject, body) VALUES (?, ?, ?, ?, ?)"));
}

bool SearchIndex::add(qint64 messageId, const IndexedText &text, QString *error)
{
    m_insert.bindValue(0, messageId);
    m_insert.bindValue(1, text.sender);
    m_insert.bindValue(2, text.recipients);
    m_insert.bindValue(3, text.subject);
    m_insert.bindValue(4, text.body);
    if (m_insert.exec())
        return true;
    if (error)
        *error = m_insert.lastError().text();
    return false;
}

} // namespace Store
