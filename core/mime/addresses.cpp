#include <gmime/gmime.h> // before Qt: GLib uses the names Qt's keywords would take

#include "addresses.h"

#include "encodedwords.h"
#include "gmimesupport.h"
#include "headerblock.h"

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

void onWarning(gint64, GMimeParserWarning warning, const gchar *item, gpointer sink)
{
    if (sink)
        static_cast<QList<AddressWarning> *>(sink)->append({int(warning), fromUtf8OrNull(item).trimmed()});
}

} // namespace

QList<Records::Address> parseAddresses(const QByteArray &rawHeaderValue, QList<AddressWarning> *warnings)
{
    ensureGMime();
    const QByteArray value = unfold(rawHeaderValue);
    GMimeParserOptions *options = g_mime_parser_options_new();
    g_mime_parser_options_set_warning_callback(options, &onWarning, warnings);
    g_mime_parser_options_set_allow_addresses_without_domain(options, TRUE); // "To: %TO%" is still shown
    GObjectPtr<InternetAddressList> list(internet_address_list_parse(options, mergeEncodedWords(value).constData()));
    g_mime_parser_options_free(options);

    QList<Records::Address> out;
    // Groups are flattened, in place: a reader wants the mailboxes (RFC 5322 3.4).
    auto collect = [&](auto &self, InternetAddressList *l) -> void {
        for (int i = 0, n = l ? internet_address_list_length(l) : 0; i < n; ++i) {
            InternetAddress *a = internet_address_list_get_address(l, i);
            if (INTERNET_ADDRESS_IS_GROUP(a))
                self(self, internet_address_group_get_members(INTERNET_ADDRESS_GROUP(a)));
            else if (INTERNET_ADDRESS_IS_MAILBOX(a))
                out.append({fromUtf8OrNull(internet_address_get_name(a)), writtenAddress(INTERNET_ADDRESS_MAILBOX(a), value)});
        }
    };
    collect(collect, list.get());
    return out;
}

} // namespace Mime
