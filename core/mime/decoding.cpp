#include <gmime/gmime.h> // before Qt: GLib uses the names Qt's keywords would take

#include "charset.h"
#include "gmimesupport.h"
#include "parsedmessage.h"
#include "transferdecoding.h"

#include <QStringDecoder>

#include <optional>

namespace Mime {

namespace {

// Qt's decoders, backed by ICU on Debian; nullopt when Qt does not know the name.
std::optional<TextDecoding> decodeWithQt(const QByteArray &bytes, const QString &charset)
{
    const QByteArray name = charset.toLatin1();
    QStringDecoder decoder(name.constData(), QStringConverter::Flag::Stateless);
    if (!decoder.isValid())
        return std::nullopt;
    TextDecoding out;
    out.text = decoder.decode(bytes);
    out.clean = !decoder.hasError();
    return out;
}

std::optional<TextDecoding> decodeWithIconv(const QByteArray &bytes, const QString &charset)
{
    ensureGMime();
    const QByteArray name = charset.toLatin1();
    iconv_t cd = g_mime_iconv_open("UTF-8", g_mime_charset_iconv_name(name.constData()));
    if (cd == reinterpret_cast<iconv_t>(-1))
        return std::nullopt;
    TextDecoding out;
    char *converted = g_mime_iconv_strndup(cd, bytes.constData(), size_t(bytes.size()));
    g_mime_iconv_close(cd);
    if (!converted) {
        out.clean = false;
        out.text = decodeWithQt(bytes, QStringLiteral("windows-1252"))->text;
        return out;
    }
    out.text = QString::fromUtf8(converted);
    g_free(converted);
    return out;
}

// WHATWG Encoding Standard 4.2: labels whose encoding is wider than the label's strict
// meaning. The one table of such widenings; decodeCharset is its only reader.
struct Widening
{
    const char *label;
    const char *encoding;
};
constexpr Widening kWidenings[] = {
    {"us-ascii", "windows-1252"}, {"ascii", "windows-1252"}, {"ansi_x3.4-1968", "windows-1252"},
    {"iso-8859-1", "windows-1252"}, {"iso8859-1", "windows-1252"}, {"iso88591", "windows-1252"},
    {"iso_8859-1", "windows-1252"}, {"iso_8859-1:1987", "windows-1252"}, {"latin1", "windows-1252"},
    {"l1", "windows-1252"}, {"cp819", "windows-1252"}, {"ibm819", "windows-1252"}, {"csisolatin1", "windows-1252"},
    {"iso-ir-100", "windows-1252"},
    {"iso-8859-9", "windows-1254"}, {"iso8859-9", "windows-1254"}, {"iso88599", "windows-1254"},
    {"iso_8859-9", "windows-1254"}, {"iso_8859-9:1989", "windows-1254"}, {"latin5", "windows-1254"},
    {"l5", "windows-1254"}, {"csisolatin5", "windows-1254"}, {"iso-ir-148", "windows-1254"},
    {"iso-8859-11", "windows-874"}, {"iso8859-11", "windows-874"}, {"iso885911", "windows-874"},
    {"tis-620", "windows-874"},
    {"gb2312", "GBK"}, {"gb_2312", "GBK"}, {"gb_2312-80", "GBK"}, {"chinese", "GBK"}, {"csgb2312", "GBK"},
    {"csiso58gb231280", "GBK"}, {"iso-ir-58", "GBK"}, {"x-gbk", "GBK"},
    {"euc-kr", "windows-949"}, {"cseuckr", "windows-949"}, {"ks_c_5601-1987", "windows-949"},
    {"ks_c_5601-1989", "windows-949"}, {"ksc5601", "windows-949"}, {"ksc_5601", "windows-949"},
    {"csksc56011987", "windows-949"}, {"iso-ir-149", "windows-949"}, {"korean", "windows-949"},
    {"shift_jis", "windows-31j"}, {"shift-jis", "windows-31j"}, {"sjis", "windows-31j"}, {"ms_kanji", "windows-31j"},
    {"csshiftjis", "windows-31j"}, {"x-sjis", "windows-31j"},
    {"big5", "Big5-HKSCS"}, {"cn-big5", "Big5-HKSCS"}, {"csbig5", "Big5-HKSCS"}, {"x-x-big5", "Big5-HKSCS"},
};

bool isAscii(const QByteArray &bytes)
{
    for (char c : bytes) {
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    }
    return true;
}

std::optional<TextDecoding> decodeAs(const QByteArray &bytes, const QString &name)
{
    std::optional<TextDecoding> out = decodeWithQt(bytes, name);
    return out ? out : decodeWithIconv(bytes, name);
}

} // namespace

QString encodingForLabel(const QString &label)
{
    for (const Widening &w : kWidenings) {
        if (label.compare(QLatin1String(w.label), Qt::CaseInsensitive) == 0)
            return QString::fromLatin1(w.encoding);
    }
    return label;
}

TextDecoding decodeCharset(const QByteArray &bytes, const QString &charset)
{
    const QString label = charset.trimmed().isEmpty() ? QStringLiteral("us-ascii") : charset.trimmed();
    const QString encoding = encodingForLabel(label);
    const bool ascii = isAscii(bytes);
    if (ascii && encoding != label) // every widening agrees with its label on ASCII
        return {QString::fromLatin1(bytes), true, true, {}};
    const bool asciiLabel = label.compare(QLatin1String("us-ascii"), Qt::CaseInsensitive) == 0
                            || label.compare(QLatin1String("ascii"), Qt::CaseInsensitive) == 0
                            || label.compare(QLatin1String("ansi_x3.4-1968"), Qt::CaseInsensitive) == 0;
    if (asciiLabel) {
        // 8-bit octets labelled US-ASCII never decode cleanly; they are usually UTF-8 in truth,
        // shown so when they are, else read as windows-1252.
        QStringDecoder utf8(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
        const QString text = utf8.decode(bytes);
        if (!utf8.hasError())
            return {text, true, false, {}};
        return {decodeAs(bytes, encoding)->text, true, false, encoding};
    }
    std::optional<TextDecoding> out = decodeAs(bytes, encoding);
    if (out && encoding != label) {
        // Say so only where the label's strict reading would have given other text.
        const std::optional<TextDecoding> strict = decodeAs(bytes, label);
        if (!strict || !strict->clean || strict->text != out->text)
            out->widenedTo = encoding;
    }
    if (out)
        return *out;
    // Unknown charset: show the likeliest reading and keep the flags for lint.
    TextDecoding guess;
    guess.knownCharset = false;
    guess.clean = false;
    QStringDecoder utf8(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    guess.text = utf8.decode(bytes);
    if (utf8.hasError())
        guess.text = decodeAs(bytes, QStringLiteral("windows-1252"))->text;
    return guess;
}

QByteArray decodedContent(const QByteArray &raw, const Part &part)
{
    if (!part.bodyRange.isValid() || part.bodyRange.end > raw.size())
        return {};
    const QByteArrayView body = QByteArrayView(raw).sliced(part.bodyRange.begin, part.bodyRange.size());
    return decodeTransfer(body, transferEncodingFromName(part.transferEncoding));
}

QString decodedText(const QByteArray &raw, const Part &part)
{
    return decodeCharset(decodedContent(raw, part), part.charset).text;
}

} // namespace Mime
