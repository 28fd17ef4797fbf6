#include "transcriptkinds.h"

#include "chunkrewrite.h"


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
    return TranscriptChunk::rewriteAll(
        db,
        [](QList<Records::TranscriptLine> &lines) {
            bool any = false;
            for (Records::TranscriptLine &line : lines) {
                if (line.kind != Records::LineKind::Note)
                    continue;
                line.kind = ofOldNote(line.data, line.messageId);
                any = any || line.kind != Records::LineKind::Note;
            }
            return any;
        },
        QStringLiteral("giving transcript lines their kinds"), error);
}

} // namespace Store::TranscriptKinds
