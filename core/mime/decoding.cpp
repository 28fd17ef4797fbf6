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
        out.text = QString::fromLatin1(bytes);
        return out;
    }
    out.text = QString::fromUtf8(converted);
    g_free(converted);
    return out;
}

} // namespace

TextDecoding decodeCharset(const QByteArray &bytes, const QString &charset)
{
    const QString name = charset.trimmed().isEmpty() ? QStringLiteral("us-ascii") : charset.trimmed();
    std::optional<TextDecoding> out = decodeWithQt(bytes, name);
    if (!out)
        out = decodeWithIconv(bytes, name);
    if (out && (out->clean || name.compare(QLatin1String("us-ascii"), Qt::CaseInsensitive) != 0))
        return *out;
    // Unknown charset, or 8-bit bytes labelled US-ASCII (usually UTF-8 or Latin-1 in truth):
    // show the likeliest reading and keep the flags for lint.
    TextDecoding guess;
    guess.knownCharset = out.has_value();
    guess.clean = false;
    QStringDecoder utf8(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    guess.text = utf8.decode(bytes);
    if (utf8.hasError())
        guess.text = QString::fromLatin1(bytes);
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
