#include "transcriptkinds.h"

#include "transcriptchunk.h"

#include <QSqlError>
#include <QSqlQuery>

namespace Store::TranscriptKinds {

namespace {

struct Form
{
    const char *prefix;
    Records::LineKind kind;
};

// How Mailscope began each kind of note before lines had kinds.
constexpr Form kForms[] = {
    {"TLS established: ", Records::LineKind::TlsEvent},
    {"TLS handshake failed: ", Records::LineKind::TlsEvent},
    {"Waiting for the client's TLS handshake", Records::LineKind::TlsEvent},
    {"Implicit TLS port: ", Records::LineKind::TlsEvent},
    {"No TLS handshake after ", Records::LineKind::TlsEvent},
    {"Could not start TLS on this connection: ", Records::LineKind::TlsEvent},
    {"Expected a TLS handshake, the client sent plain text", Records::LineKind::TlsEvent},
    {"Closed without TLS handshake: ", Records::LineKind::TlsEvent},
    {"Fault rule \"", Records::LineKind::FaultAction},
    {"Message data: ", Records::LineKind::DataSummary},
    {"Message data (", Records::LineKind::DataSummary},
    {"BDAT data: ", Records::LineKind::DataSummary},
};

constexpr int kPage = 500; // chunks read before they are written back

} // namespace

Records::LineKind ofOldNote(const QByteArray &text, qint64 messageId)
{
    if (messageId > 0)
        return Records::LineKind::DataSummary;
    for (const Form &form : kForms) {
        if (text.startsWith(form.prefix))
            return form.kind;
    }
    if (text.startsWith("AUTH ") && text.contains(" decoded: user \""))
        return Records::LineKind::AuthStep;
    if (text.endsWith(" more octets of this line were not read"))
        return Records::LineKind::Defect;
    return Records::LineKind::Note;
}

bool classifyOldNotes(QSqlDatabase &db, QString *error)
{
    QSqlQuery read(db), write(db);
    const auto failed = [&](const QSqlQuery &q) {
        if (error)
            *error = QStringLiteral("giving transcript lines their kinds: ") + q.lastError().text();
        return false;
    };
    if (!read.prepare(QStringLiteral("SELECT id, session_id, data FROM transcript_chunks WHERE id > ? ORDER BY id LIMIT ?")))
        return failed(read);
    if (!write.prepare(QStringLiteral("UPDATE transcript_chunks SET data = ? WHERE id = ?")))
        return failed(write);
    qint64 after = 0;
    for (;;) {
        read.addBindValue(after);
        read.addBindValue(kPage);
        if (!read.exec())
            return failed(read);
        QList<QPair<qint64, QByteArray>> changed; // written once the page is read
        int rows = 0;
        while (read.next()) {
            ++rows;
            after = read.value(0).toLongLong();
            QList<Records::TranscriptLine> lines;
            if (!TranscriptChunk::decode(read.value(2).toByteArray(), after, read.value(1).toLongLong(), &lines))
                continue; // not readable before either: left as it is
            bool any = false;
            for (Records::TranscriptLine &line : lines) {
                if (line.kind != Records::LineKind::Note)
                    continue;
                line.kind = ofOldNote(line.data, line.messageId);
                any = any || line.kind != Records::LineKind::Note;
            }
            if (any)
                changed.append({after, TranscriptChunk::encode(lines.constData(), lines.size())});
        }
        read.finish();
        for (const auto &[id, data] : std::as_const(changed)) {
            write.addBindValue(data);
            write.addBindValue(id);
            if (!write.exec())
                return failed(write);
        }
        if (rows < kPage)
            return true;
    }
}

} // namespace Store::TranscriptKinds
