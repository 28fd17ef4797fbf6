#include <gmime/gmime.h> // before Qt: GLib uses the names Qt's keywords would take

#include "messagefields.h"

#include "addresses.h"
#include "gmimesupport.h"

namespace Mime {

namespace {

// The mailboxes of every field called name, in order; GMime's warnings become diagnostics at
// the field they are about (GMime gives no offset within it).
QList<Address> readAddresses(const QByteArray &raw, const HeaderBlock &block, QByteArrayView name, QList<Diagnostic> *diagnostics)
{
    QList<Address> out;
    for (const RawField &f : block.fields) {
        if (!f.validName || QByteArrayView(f.name).compare(name, Qt::CaseInsensitive) != 0)
            continue;
        QList<AddressWarning> warnings;
        const QList<Records::Address> mailboxes = parseAddresses(raw.sliced(f.valueRange.begin, f.valueRange.size()), &warnings);
        for (const AddressWarning &w : std::as_const(warnings))
            diagnostics->append(gmimeWarning(w.warning, f.range.begin, w.item));
        for (const Records::Address &a : mailboxes)
            out.append({a.name, a.address});
    }
    return out;
}

QDateTime parseDate(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    GDateTime *dt = g_mime_utils_header_decode_date(bytes.constData()); // lenient: obsolete forms too
    if (!dt)
        return {};
    const QDateTime out = QDateTime::fromSecsSinceEpoch(g_date_time_to_unix(dt), Qt::OffsetFromUTC,
                                                        int(g_date_time_get_utc_offset(dt) / G_TIME_SPAN_SECOND));
    g_date_time_unref(dt);
    return out;
}

} // namespace

void readMessageFields(const QByteArray &raw, const HeaderBlock &block, ParsedMessage *message, bool addresses)
{
    ensureGMime();
    auto first = [&](QByteArrayView name) -> const HeaderField * {
        for (const HeaderField &f : std::as_const(message->root.headers)) {
            if (QByteArrayView(f.name).compare(name, Qt::CaseInsensitive) == 0)
                return &f;
        }
        return nullptr;
    };
    // Present but empty is "", absent is null.
    auto valueOf = [](const HeaderField *f) { return f->value.isNull() ? QStringLiteral("") : f->value; };
    if (const HeaderField *f = first("Subject"))
        message->subject = valueOf(f);
    if (const HeaderField *f = first("Message-ID"))
        message->messageId = valueOf(f).trimmed();
    if (const HeaderField *f = first("Date")) {
        message->date = valueOf(f);
        message->dateTime = parseDate(message->date);
    }
    if (!addresses)
        return;
    QList<Diagnostic> *d = &message->diagnostics;
    message->from = readAddresses(raw, block, "From", d);
    message->sender = readAddresses(raw, block, "Sender", d);
    message->replyTo = readAddresses(raw, block, "Reply-To", d);
    message->to = readAddresses(raw, block, "To", d);
    message->cc = readAddresses(raw, block, "Cc", d);
    message->bcc = readAddresses(raw, block, "Bcc", d);
}

} // namespace Mime
