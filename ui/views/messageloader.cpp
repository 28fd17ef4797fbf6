#include "messageloader.h"

#include "rawbytesview.h"
#include "store/jsoncodec.h"
#include "store/reader.h"
#include "store/transcriptpages.h"

#include <QSet>

namespace Ui {

LoadedMessage loadMessage(const QString &databasePath, qint64 id)
{
    LoadedMessage out;
    out.id = id;
    const Store::Reader reader(databasePath);
    const auto summary = reader.message(id);
    const auto raw = reader.raw(id);
    if (!summary || !raw)
        return out;
    out.found = true;
    out.summary = *summary;
    out.raw = *raw;
    out.lineStarts = RawBytesView::indexLines(out.raw);
    out.envelopeJson = reader.envelope(id);
    out.envelope = Store::Json::toEnvelope(out.envelopeJson);
    out.defects = reader.messageDefects(id);
    Mime::EnvelopeHints hints;
    if (out.summary.sessionId)
        hints = Mime::hintsFromEnvelope(out.envelope);
    out.parsed = Mime::parse(out.raw, hints);
    if (out.summary.sessionId) {
        out.session = reader.session(out.summary.sessionId);
        Store::TranscriptPages pages(reader.connection(), out.summary.sessionId);
        out.transcript = TranscriptSlice::aroundMessage(pages, id);
    }
    return out;
}

QStringList envelopeOnlyRecipients(const LoadedMessage &m)
{
    QSet<QString> named;
    for (const auto *list : {&m.parsed.to, &m.parsed.cc, &m.parsed.bcc}) {
        for (const Mime::Address &a : *list)
            named.insert(a.addr.toLower());
    }
    QStringList out;
    for (const Records::Recipient &r : m.envelope.recipients) {
        const QString address = QString::fromUtf8(r.address);
        if (!named.contains(address.toLower()))
            out.append(address);
    }
    return out;
}

LoadedSession loadSession(const QString &databasePath, qint64 id)
{
    LoadedSession out;
    out.id = id;
    const Store::Reader reader(databasePath);
    const auto session = reader.session(id);
    if (!session)
        return out;
    out.found = true;
    out.session = *session;
    Store::TranscriptPages pages(reader.connection(), id);
    out.transcript = TranscriptSlice::ofSession(pages);
    return out;
}

TranscriptSlice loadTranscriptPart(const QString &databasePath, qint64 sessionId, qint64 afterId, qint64 beforeId)
{
    const Store::Reader reader(databasePath);
    Store::TranscriptPages pages(reader.connection(), sessionId);
    return beforeId ? TranscriptSlice::earlier(pages, beforeId, afterId) : TranscriptSlice::later(pages, afterId);
}

} // namespace Ui
