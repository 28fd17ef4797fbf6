#include <gmime/gmime.h> // before Qt: GLib uses the names Qt's keywords would take

#include "messagefields.h"

#include "encodedwords.h"
#include "gmimesupport.h"

namespace Mime {

namespace {

// GMime turns punycode domains into Unicode; show the address the way the header wrote it.
QString writtenAddress(InternetAddressMailbox *mailbox, const QByteArray &fieldValue)
{
    const char *idn = internet_address_mailbox_get_idn_addr(mailbox);
    if (idn && fieldValue.contains(idn))
        return fromUtf8OrNull(idn);
    return fromUtf8OrNull(internet_address_mailbox_get_addr(mailbox));
}

class AddressReader
{
public:
    explicit AddressReader(QList<Diagnostic> *diagnostics) : m_diagnostics(diagnostics), m_options(g_mime_parser_options_new())
    {
        g_mime_parser_options_set_warning_callback(m_options, &AddressReader::onWarning, this);
        g_mime_parser_options_set_allow_addresses_without_domain(m_options, TRUE); // "To: %TO%" is still shown
    }
    ~AddressReader() { g_mime_parser_options_free(m_options); }
    AddressReader(const AddressReader &) = delete;
    AddressReader &operator=(const AddressReader &) = delete;

    QList<Address> read(const QByteArray &raw, const HeaderBlock &block, QByteArrayView name);

private:
    static void onWarning(gint64, GMimeParserWarning warning, const gchar *item, gpointer self)
    {
        auto *r = static_cast<AddressReader *>(self);
        r->m_diagnostics->append(gmimeWarning(int(warning), r->m_fieldOffset, fromUtf8OrNull(item).trimmed()));
    }

    QList<Diagnostic> *m_diagnostics;
    GMimeParserOptions *m_options;
    qint64 m_fieldOffset = -1;  // GMime gives no offset for these; the field's own is better than none
};

QList<Address> AddressReader::read(const QByteArray &raw, const HeaderBlock &block, QByteArrayView name)
{
    QList<Address> out;
    for (const RawField &f : block.fields) {
        if (!f.validName || QByteArrayView(f.name).compare(name, Qt::CaseInsensitive) != 0)
            continue;
        const QByteArray value = unfold(QByteArrayView(raw).sliced(f.valueRange.begin, f.valueRange.size()));
        m_fieldOffset = f.range.begin;
        GObjectPtr<InternetAddressList> list(internet_address_list_parse(m_options, mergeEncodedWords(value).constData()));
        // Groups are flattened: a reader wants the mailboxes (RFC 5322 3.4).
        QList<InternetAddressList *> pending{list.get()};
        while (!pending.isEmpty()) {
            InternetAddressList *l = pending.takeFirst();
            for (int i = 0, n = l ? internet_address_list_length(l) : 0; i < n; ++i) {
                InternetAddress *a = internet_address_list_get_address(l, i);
                if (INTERNET_ADDRESS_IS_GROUP(a))
                    pending.append(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(a)));
                else if (INTERNET_ADDRESS_IS_MAILBOX(a))
                    out.append({fromUtf8OrNull(internet_address_get_name(a)), writtenAddress(INTERNET_ADDRESS_MAILBOX(a), value)});
            }
        }
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
    AddressReader reader(&message->diagnostics);
    message->from = reader.read(raw, block, "From");
    message->sender = reader.read(raw, block, "Sender");
    message->replyTo = reader.read(raw, block, "Reply-To");
    message->to = reader.read(raw, block, "To");
    message->cc = reader.read(raw, block, "Cc");
    message->bcc = reader.read(raw, block, "Bcc");
}

} // namespace Mime
