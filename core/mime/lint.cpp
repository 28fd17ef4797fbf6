#include "lint.h"

#include "boundaries.h"
#include "charset.h"
#include "encodedwords.h"
#include "headerblock.h"
#include "parameters.h"

#include <QRegularExpression>
#include <QStringDecoder>

#include <algorithm>

namespace Mime {

namespace {

Diagnostic make(Severity severity, const char *code, const QString &message, const char *rfc, qint64 offset,
                const QString &path = QString())
{
    return {severity, QString::fromLatin1(code), message, QString::fromLatin1(rfc), offset, path};
}

const HeaderField *field(const Part &part, QByteArrayView name)
{
    for (const HeaderField &f : part.headers) {
        if (QByteArrayView(f.name).compare(name, Qt::CaseInsensitive) == 0)
            return &f;
    }
    return nullptr;
}

void forEachPart(const Part &part, const std::function<void(const Part &)> &visit)
{
    visit(part);
    for (const Part &child : part.children)
        forEachPart(child, visit);
}

// RFC 5322 3.3 date-time, with an optional trailing comment; obsolete forms (two-digit years,
// zone names) do not match and are reported as non-standard.
bool isStandardDate(const QString &date)
{
    static const QRegularExpression re(QStringLiteral(
        "^\\s*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\\s*,\\s*)?\\d{1,2}\\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
        "\\s+\\d{4}\\s+\\d{2}:\\d{2}(?::\\d{2})?\\s+[+-]\\d{4}\\s*(?:\\(.*\\)\\s*)?$"));
    return re.match(date).hasMatch();
}

void requiredFields(const ParsedMessage &m, QList<Diagnostic> *out)
{
    const qint64 end = m.root.headerRange.end;
    if (!field(m.root, "Date"))
        out->append(make(Severity::Error, "missing-date", QStringLiteral("The message has no Date field, which is required."),
                         "RFC 5322 3.6", end));
    else if (!m.dateTime.isValid())
        out->append(make(Severity::Error, "date-malformed",
                         QStringLiteral("The Date field \"%1\" is not a date a reader can understand.").arg(m.date),
                         "RFC 5322 3.3", field(m.root, "Date")->range.begin));
    else if (!isStandardDate(m.date))
        out->append(make(Severity::Warning, "date-nonstandard",
                         QStringLiteral("The Date field \"%1\" uses an obsolete or non-standard form "
                                        "(expected e.g. \"Tue, 7 Apr 2026 10:00:00 +0000\").").arg(m.date),
                         "RFC 5322 3.3", field(m.root, "Date")->range.begin));
    if (!field(m.root, "From"))
        out->append(make(Severity::Error, "missing-from", QStringLiteral("The message has no From field, which is required."),
                         "RFC 5322 3.6", end));
    if (field(m.root, "From") && std::none_of(m.from.cbegin(), m.from.cend(), [](const Address &a) { return !a.addr.isEmpty(); }))
        out->append(make(Severity::Error, "from-no-mailbox",
                         QStringLiteral("The From field names no mailbox (empty, or \"<>\"); it must name the author."),
                         "RFC 5322 3.6.2", field(m.root, "From")->range.begin));
    if (!field(m.root, "Message-ID"))
        out->append(make(Severity::Warning, "missing-message-id",
                         QStringLiteral("The message has no Message-ID field; every message should have one."),
                         "RFC 5322 3.6.4", end));
}

bool insideHeaders(const QList<ByteRange> &headers, qint64 pos)
{
    for (const ByteRange &r : headers) {
        if (pos >= r.begin && pos < r.end)
            return true;
    }
    return false;
}

// Line lengths and line endings over the raw bytes, one diagnostic per kind.
void lines(const QByteArray &raw, const QList<ByteRange> &headers, const EnvelopeHints &hints, QList<Diagnostic> *out)
{
    qint64 longHeader = -1, longBody = -1, bareLf = -1, bareCr = -1;
    int longHeaders = 0, longBodies = 0, bareLfs = 0, bareCrs = 0, crlfs = 0;
    qint64 lineStart = 0;
    for (qint64 i = 0; i < raw.size(); ++i) {
        const char c = raw.at(i);
        if (c == '\r' && (i + 1 == raw.size() || raw.at(i + 1) != '\n')) {
            if (bareCrs++ == 0)
                bareCr = i;
        }
        if (c != '\n')
            continue;
        const bool crlf = i > 0 && raw.at(i - 1) == '\r';
        if (crlf)
            ++crlfs;
        else if (bareLfs++ == 0)
            bareLf = i;
        if (i - (crlf ? 1 : 0) - lineStart > 998) {
            if (insideHeaders(headers, lineStart)) {
                if (longHeaders++ == 0)
                    longHeader = lineStart;
            } else if (longBodies++ == 0) {
                longBody = lineStart;
            }
        }
        lineStart = i + 1;
    }
    if (longHeaders)
        out->append(make(Severity::Error, "header-line-too-long",
                         QStringLiteral("%1 header line(s) are longer than 998 octets, the limit for any line.").arg(longHeaders),
                         "RFC 5322 2.1.1", longHeader));
    if (longBodies)
        out->append(make(Severity::Error, "line-too-long",
                         QStringLiteral("%1 body line(s) are longer than 998 octets; servers may break or refuse them.")
                             .arg(longBodies),
                         "RFC 5322 2.1.1", longBody));
    if (bareCrs)
        out->append(make(Severity::Warning, "bare-cr",
                         QStringLiteral("%1 carriage return(s) are not followed by a line feed.").arg(bareCrs),
                         "RFC 5322 2.3", bareCr));
    if (bareLfs && (hints.known || crlfs > 0)) {
        out->append(make(Severity::Warning, "bare-lf",
                         QStringLiteral("%1 line(s) end in a bare line feed instead of CR LF%2.")
                             .arg(bareLfs)
                             .arg(hints.known ? QStringLiteral(" (SMTP requires CR LF)") : QStringLiteral(", mixed with CR LF")),
                         hints.known ? "RFC 5321 2.3.8" : "RFC 5322 2.3", bareLf));
    } else if (bareLfs) {
        out->append(make(Severity::Info, "lf-line-endings",
                         QStringLiteral("The file uses LF line endings; on the wire each would be CR LF."), "RFC 5322 2.3",
                         bareLf));
    }
}

qint64 firstEightBit(const QByteArray &raw, const ByteRange &range)
{
    for (qint64 i = range.begin; i < range.end; ++i) {
        if (static_cast<unsigned char>(raw.at(i)) >= 0x80)
            return i;
    }
    return -1;
}

bool isUtf8(QByteArrayView bytes)
{
    QStringDecoder utf8(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    const QString text = utf8.decode(bytes); // decode() is lazy: converting runs it
    return !utf8.hasError();
}

// 8-bit octets against what the envelope allowed, and bodies against their declared encoding.
void eightBit(const QByteArray &raw, const ParsedMessage &m, const EnvelopeHints &hints, QList<Diagnostic> *out)
{
    qint64 header = -1;
    bool headerUtf8 = true;
    forEachPart(m.root, [&](const Part &p) {
        const qint64 at = firstEightBit(raw, p.headerRange);
        if (at < 0)
            return;
        if (header < 0)
            header = at;
        headerUtf8 = headerUtf8 && isUtf8(QByteArrayView(raw).sliced(p.headerRange.begin, p.headerRange.size()));
    });
    if (header >= 0 && hints.known && !hints.smtpUtf8)
        out->append(make(Severity::Error, "8bit-header-without-smtputf8",
                         QStringLiteral("Header fields hold raw 8-bit octets, but MAIL FROM did not ask for SMTPUTF8."),
                         "RFC 6531 3.2", header));
    if (header >= 0 && !headerUtf8)
        out->append(make(Severity::Warning, "8bit-header-not-utf8",
                         QStringLiteral("Header fields hold raw 8-bit octets that are not UTF-8; readers will guess a charset."),
                         "RFC 6532 3.2", header));
    const qint64 body = firstEightBit(raw, {m.root.headerRange.end, m.size});
    if (body >= 0 && hints.known && !hints.eightBitMime)
        out->append(make(Severity::Error, "8bit-body-without-8bitmime",
                         QStringLiteral("The body holds 8-bit octets, but MAIL FROM did not declare BODY=8BITMIME."),
                         "RFC 6152 3", body));
    forEachPart(m.root, [&](const Part &p) {
        if (!p.isLeaf() || (!p.transferEncoding.isEmpty() && p.transferEncoding != QLatin1String("7bit")))
            return;
        const qint64 at = firstEightBit(raw, p.bodyRange);
        if (at >= 0)
            out->append(make(Severity::Warning, "8bit-in-7bit-part",
                             QStringLiteral("The part is declared 7bit (or has no Content-Transfer-Encoding) but holds "
                                            "8-bit octets; it should say 8bit or be encoded."),
                             "RFC 2045 6.2", at, p.path));
    });
}

// Encoded words read as a wider charset than labelled; unquoted Content-Type or
// Content-Disposition parameter values with blanks or tspecials ("name=my file.txt",
// "filename==?utf-8?q?x?="), which readers cut differently.
void fields(const Part &p, QList<Diagnostic> *out)
{
    for (const HeaderField &f : p.headers) {
        if (f.raw.contains("=?")) {
            const QStringList widened = widenedCharsets(unfold(QByteArrayView(f.raw).sliced(f.raw.indexOf(':') + 1)));
            if (!widened.isEmpty())
                out->append(make(Severity::Info, "charset-widened",
                                 QStringLiteral("Encoded words in %1 have characters outside their declared charset; "
                                                "they are read as senders mean that label (%2).")
                                     .arg(QString::fromLatin1(f.name), widened.join(QStringLiteral(", "))),
                                 "WHATWG Encoding Standard 4.2", f.range.begin, p.path));
        }
        const QByteArrayView name(f.name);
        if (name.compare("Content-Type", Qt::CaseInsensitive) != 0 && name.compare("Content-Disposition", Qt::CaseInsensitive) != 0)
            continue;
        for (const RawParameter &r : rawParameters(unfold(QByteArrayView(f.raw).sliced(f.raw.indexOf(':') + 1)))) {
            if (r.needsQuotes)
                out->append(make(Severity::Warning, "parameter-needs-quotes",
                                 QStringLiteral("The %1 parameter %2=%3 holds blanks or special characters but is not "
                                                "quoted; readers may cut it short.")
                                     .arg(QString::fromLatin1(f.name), QString::fromLatin1(r.name), QString::fromUtf8(r.value)),
                                 "RFC 2045 5.1", f.range.begin, p.path));
        }
    }
}

// Multiparts: closed, not empty, not reusing an enclosing boundary; containers not encoded.
void structure(const QByteArray &raw, const Part &p, const QStringList &enclosing, QList<Diagnostic> *out)
{
    fields(p, out);
    const QString boundary = p.contentType.startsWith(QLatin1String("multipart/")) ? p.param(QStringLiteral("boundary"))
                                                                                   : QString();
    if (!boundary.isEmpty() && enclosing.contains(boundary)) {
        out->append(make(Severity::Error, "boundary-reused",
                         QStringLiteral("The multipart reuses the boundary \"%1\" of a multipart around it; its delimiter "
                                        "lines end the outer part, so this one is empty and what follows belongs to the "
                                        "outer multipart.").arg(boundary),
                         "RFC 2046 5.1.1", p.headerRange.begin, p.path));
    } else if (!boundary.isEmpty() && p.isLeaf()) {
        out->append(make(Severity::Error, "multipart-no-parts",
                         QStringLiteral("The multipart has no body part (at most a closing boundary line); it needs at "
                                        "least one."),
                         "RFC 2046 5.1.1", p.bodyRange.begin, p.path));
    }
    {
        if (p.isMultipart() && !boundary.isEmpty()) {
            const QByteArray dashes = "--" + boundary.toUtf8();
            bool closed = false;
            for (qint64 at = delimiterBefore(raw, boundary.toUtf8(), p.bodyRange.end, p.bodyRange.begin);
                 at >= 0 && !closed; at = delimiterBefore(raw, boundary.toUtf8(), at - 1, p.bodyRange.begin))
                closed = QByteArrayView(raw).sliced(at + dashes.size()).startsWith("--");
            if (!closed)
                out->append(make(Severity::Error, "multipart-unterminated",
                                 QStringLiteral("The multipart has no closing boundary line \"--%1--\"; the message may "
                                                "have been cut short.").arg(boundary),
                                 "RFC 2046 5.1.1", p.bodyRange.end, p.path));
        }
        const bool encoded = p.transferEncoding == QLatin1String("base64") || p.transferEncoding == QLatin1String("quoted-printable");
        if (encoded && (p.contentType.startsWith(QLatin1String("multipart/")) || p.contentType == QLatin1String("message/rfc822")))
            out->append(make(Severity::Error, "encoded-container",
                             QStringLiteral("A %1 part must not use the %2 transfer encoding; readers will not look inside.")
                                 .arg(p.contentType, p.transferEncoding),
                             "RFC 2045 6.4", p.headerRange.begin, p.path));
    }
    QStringList inside = enclosing;
    if (!boundary.isEmpty())
        inside.append(boundary);
    for (const Part &child : p.children)
        structure(raw, child, inside, out);
}

void envelope(const ParsedMessage &m, const EnvelopeHints &hints, QList<Diagnostic> *out)
{
    if (!hints.known)
        return;
    auto listed = [](const QList<Address> &list, const QString &addr) {
        for (const Address &a : list) {
            if (a.addr.compare(addr, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    };
    for (const QByteArray &rcpt : hints.recipients) {
        const QString addr = QString::fromUtf8(rcpt);
        if (!listed(m.to, addr) && !listed(m.cc, addr) && !listed(m.bcc, addr))
            out->append(make(Severity::Info, "bcc-recipient",
                             QStringLiteral("The envelope recipient %1 appears in no To, Cc or Bcc field: a blind copy "
                                            "(shown as Bcc).").arg(addr),
                             "RFC 5321 3.3", -1));
    }
    const QString sender = QString::fromUtf8(hints.mailFrom);
    if (!sender.isEmpty() && !m.from.isEmpty() && !listed(m.from, sender))
        out->append(make(Severity::Info, "envelope-sender-differs",
                         QStringLiteral("The envelope sender (MAIL FROM) %1 differs from the From field; bounces go "
                                        "to the envelope sender.").arg(sender),
                         "RFC 5321 4.4", -1));
}

} // namespace

void lintLeaf(const Part &part, const QByteArray &decoded, const DecodeReport &report, QList<Diagnostic> *out)
{
    const qint64 at = report.firstProblem >= 0 ? part.bodyRange.begin + report.firstProblem : part.bodyRange.begin;
    const TransferEncoding encoding = transferEncodingFromName(part.transferEncoding);
    if (encoding == TransferEncoding::Base64 && (report.invalidCharacters || report.badPadding))
        out->append(make(Severity::Warning, "base64-invalid",
                         QStringLiteral("The base64 body is damaged (%1 octet(s) outside the alphabet%2); readers may "
                                        "decode it differently.")
                             .arg(report.invalidCharacters)
                             .arg(report.badPadding ? QStringLiteral(", bad padding or data after it") : QString()),
                         "RFC 2045 6.8", at, part.path));
    if (encoding == TransferEncoding::QuotedPrintable && (report.badEscapes || report.invalidCharacters))
        out->append(make(Severity::Warning, "qp-invalid",
                         QStringLiteral("The quoted-printable body has %1 \"=\" not followed by two hex digits and %2 "
                                        "octet(s) that must be encoded.").arg(report.badEscapes).arg(report.invalidCharacters),
                         "RFC 2045 6.7", at, part.path));
    if (encoding == TransferEncoding::QuotedPrintable && report.longLines)
        out->append(make(Severity::Info, "qp-line-too-long",
                         QStringLiteral("%1 quoted-printable line(s) are longer than 76 characters.").arg(report.longLines),
                         "RFC 2045 6.7", at, part.path));
    if (encoding == TransferEncoding::QuotedPrintable && report.trailingBlanks)
        out->append(make(Severity::Info, "qp-trailing-blanks",
                         QStringLiteral("%1 quoted-printable line(s) end in unencoded blanks, which readers may delete "
                                        "(they are kept here).").arg(report.trailingBlanks),
                         "RFC 2045 6.7", at, part.path));
    if (encoding == TransferEncoding::Uuencode && (report.noBeginLine || report.noEndLine || report.invalidCharacters))
        out->append(make(Severity::Warning, "uuencode-invalid",
                         report.noBeginLine ? QStringLiteral("The uuencoded body has no \"begin\" line; it is shown as is.")
                                            : QStringLiteral("The uuencoded body is damaged or has no \"end\" line."),
                         "", at, part.path));
    if (!part.isText())
        return;
    const TextDecoding text = decodeCharset(decoded, part.charset);
    const HeaderField *type = field(part, "Content-Type");
    if (!text.knownCharset)
        out->append(make(Severity::Warning, "charset-unknown",
                         QStringLiteral("The charset \"%1\" is unknown; the text is shown as UTF-8 or Latin-1.").arg(part.charset),
                         "RFC 2046 4.1.2", type ? type->range.begin : part.headerRange.begin, part.path));
    else if (!text.clean)
        out->append(make(Severity::Warning, "charset-mismatch",
                         QStringLiteral("The text does not decode cleanly as %1, its declared charset.")
                             .arg(part.charset.isEmpty() ? QStringLiteral("us-ascii (the default)") : part.charset),
                         "RFC 2046 4.1.2", part.bodyRange.begin, part.path));
    else if (!text.widenedTo.isEmpty())
        out->append(make(Severity::Info, "charset-widened",
                         QStringLiteral("The text has characters outside %1, its declared charset; it is read as %2, "
                                        "which senders mean by that label.").arg(part.charset, text.widenedTo),
                         "WHATWG Encoding Standard 4.2", part.bodyRange.begin, part.path));
}

QList<Diagnostic> mendingFindings(const QByteArray &raw, const QList<PatchedBuffer::Change> &changes)
{
    QList<Diagnostic> out;
    for (const PatchedBuffer::Change &c : changes) {
        if (c.edit == PatchedBuffer::Edit::InsertBlankLine)
            out.append(make(Severity::Error, "header-no-separator",
                            QStringLiteral("A line that is not a header field ends the header section without the blank "
                                           "line; the body is read from that line."),
                            "RFC 5322 2.1", c.pos));
        else if (raw.at(c.pos) == ':')
            out.append(make(Severity::Error, "header-empty-name",
                            QStringLiteral("A header line starts with a colon: a field without a name."), "RFC 5322 2.2",
                            c.pos));
        else if (c.pos == 0 && raw.startsWith("From "))
            out.append(make(Severity::Info, "mbox-from-line",
                            QStringLiteral("The file starts with an mbox \"From \" line, which is not part of the message; "
                                           "it is skipped."),
                            "", 0));
        else
            out.append(make(Severity::Error, "header-starts-folded",
                            QStringLiteral("The header section starts with a folded (indented) line that belongs to no "
                                           "field; it is skipped."),
                            "RFC 5322 2.2.3", c.pos));
    }
    return out;
}

void lint(const QByteArray &raw, const EnvelopeHints &hints, ParsedMessage *message)
{
    QList<Diagnostic> found;
    requiredFields(*message, &found);
    QList<ByteRange> headers;
    forEachPart(message->root, [&](const Part &p) { headers.append(p.headerRange); });
    lines(raw, headers, hints, &found);
    eightBit(raw, *message, hints, &found);
    structure(raw, message->root, {}, &found);
    envelope(*message, hints, &found);
    message->diagnostics += found;
}

} // namespace Mime
