#include "htmltext.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <utility>

namespace Mime {

namespace {

// Elements that end a line of text, and those that only separate words (table cells).
const QStringList kBlocks = {
    QStringLiteral("p"), QStringLiteral("div"), QStringLiteral("tr"), QStringLiteral("table"), QStringLiteral("ul"),
    QStringLiteral("ol"), QStringLiteral("li"), QStringLiteral("h1"), QStringLiteral("h2"), QStringLiteral("h3"),
    QStringLiteral("h4"), QStringLiteral("h5"), QStringLiteral("h6"), QStringLiteral("blockquote"),
    QStringLiteral("pre"), QStringLiteral("hr"), QStringLiteral("section"), QStringLiteral("article"),
    QStringLiteral("header"), QStringLiteral("footer"), QStringLiteral("title"), QStringLiteral("center"),
    QStringLiteral("dl"), QStringLiteral("dt"), QStringLiteral("dd"), QStringLiteral("caption"),
    QStringLiteral("figcaption"), QStringLiteral("address"), QStringLiteral("nav"), QStringLiteral("main"),
    QStringLiteral("aside"), QStringLiteral("body"),
};
const QStringList kCells = {QStringLiteral("td"), QStringLiteral("th")};

// HTML 4's Latin-1 entities, in code point order from U+00A0.
const char *const kLatin1Names[] = {
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf", "laquo",
    "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot",
    "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc",
    "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute",
    "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash",
    "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN", "szlig", "agrave", "aacute", "acirc", "atilde",
    "auml", "aring", "aelig", "ccedil", "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc",
    "iuml", "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave",
    "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
};
static_assert(std::size(kLatin1Names) == 0x100 - 0xa0);

// The other entities mail is written with: markup's own, typography and a few symbols.
const std::pair<const char *, char32_t> kOtherEntities[] = {
    {"amp", U'&'}, {"lt", U'<'}, {"gt", U'>'}, {"quot", U'"'}, {"apos", U'\''},
    {"OElig", 0x152}, {"oelig", 0x153}, {"Scaron", 0x160}, {"scaron", 0x161}, {"Yuml", 0x178},
    {"fnof", 0x192}, {"circ", 0x2c6}, {"tilde", 0x2dc}, {"ensp", 0x2002}, {"emsp", 0x2003},
    {"thinsp", 0x2009}, {"zwnj", 0x200c}, {"zwj", 0x200d}, {"lrm", 0x200e}, {"rlm", 0x200f},
    {"ndash", 0x2013}, {"mdash", 0x2014}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"sbquo", 0x201a},
    {"ldquo", 0x201c}, {"rdquo", 0x201d}, {"bdquo", 0x201e}, {"dagger", 0x2020}, {"Dagger", 0x2021},
    {"bull", 0x2022}, {"hellip", 0x2026}, {"permil", 0x2030}, {"prime", 0x2032}, {"lsaquo", 0x2039},
    {"rsaquo", 0x203a}, {"euro", 0x20ac}, {"trade", 0x2122}, {"larr", 0x2190}, {"uarr", 0x2191},
    {"rarr", 0x2192}, {"darr", 0x2193}, {"hearts", 0x2665}, {"check", 0x2713},
};

const QHash<QString, char32_t> &namedEntities()
{
    static const QHash<QString, char32_t> table = [] {
        QHash<QString, char32_t> out;
        for (char32_t c = 0xa0; c <= 0xff; ++c)
            out.insert(QLatin1StringView(kLatin1Names[c - 0xa0]), c);
        for (const auto &[name, c] : kOtherEntities)
            out.insert(QLatin1StringView(name), c);
        return out;
    }();
    return table;
}

QString character(char32_t c)
{
    return QString::fromUcs4(&c, 1);
}

// The entity at text[at] ('&'): its text and how many characters it spans, or 0 when there is
// none (a lone '&', an unknown name).
qsizetype readEntity(QStringView text, qsizetype at, QString *decoded)
{
    qsizetype end = at + 1;
    const qsizetype limit = std::min(text.size(), at + 10); // "&#x10FFFF;" is the longest
    while (end < limit && text.at(end) != QLatin1Char(';') && text.at(end) != QLatin1Char('&'))
        ++end;
    if (end >= text.size() || text.at(end) != QLatin1Char(';') || end - at < 3)
        return 0;
    const QStringView name = text.mid(at + 1, end - at - 1);
    if (name.at(0) == QLatin1Char('#')) {
        const bool hex = name.size() > 1 && (name.at(1) == QLatin1Char('x') || name.at(1) == QLatin1Char('X'));
        const QStringView digits = name.mid(hex ? 2 : 1);
        bool ok = !digits.isEmpty() && digits.size() <= (hex ? 6 : 7);
        for (const QChar c : digits)
            ok = ok && c.unicode() < 128 && (hex ? std::isxdigit(c.unicode()) : std::isdigit(c.unicode())) != 0;
        const uint code = ok ? digits.toUInt(&ok, hex ? 16 : 10) : 0;
        if (!ok || code == 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
            return 0;
        *decoded = character(code);
        return end - at + 1;
    }
    const QHash<QString, char32_t> &named = namedEntities();
    auto found = named.constFind(name.toString());
    if (found == named.cend())
        found = named.constFind(name.toString().toLower()); // &AMP;, &NBSP;
    if (found == named.cend())
        return 0;
    *decoded = character(*found);
    return end - at + 1;
}

bool isBlank(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\r') || c == QLatin1Char('\n')
        || c == QLatin1Char('\f');
}

bool isTagNameStart(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'));
}

bool isOneOf(QStringView name, const QStringList &names)
{
    for (const QString &n : names) {
        if (name.compare(n, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// Text between two tags, as written: blanks collapsed to one space, entities decoded.
void appendText(QStringView text, QString *out)
{
    bool blank = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (isBlank(c)) {
            if (!blank)
                out->append(QLatin1Char(' '));
            blank = true;
            continue;
        }
        blank = false;
        QString decoded;
        if (c == QLatin1Char('&')) {
            if (const qsizetype length = readEntity(text, i, &decoded)) {
                out->append(decoded);
                i += length - 1;
                continue;
            }
        }
        out->append(c);
    }
}

} // namespace

QString decodeEntities(const QString &text)
{
    if (!text.contains(QLatin1Char('&')))
        return text;
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        QString decoded;
        if (text.at(i) == QLatin1Char('&')) {
            if (const qsizetype length = readEntity(text, i, &decoded)) {
                out.append(decoded);
                i += length - 1;
                continue;
            }
        }
        out.append(text.at(i));
    }
    return out;
}

// One pass over the markup (this runs for every HTML part the search index reads).
QString htmlToText(const QString &html)
{
    static const QRegularExpression href(QStringLiteral("\\bhref\\s*=\\s*(\"([^\"]*)\"|'([^']*)'|([^\\s>]+))"),
                                         QRegularExpression::CaseInsensitiveOption);
    static const QStringList hidden = {QStringLiteral("head"), QStringLiteral("script"), QStringLiteral("style")};
    const QStringView source(html);
    QString out;
    out.reserve(html.size() / 2);
    QString linkTarget;
    qsizetype linkStart = -1;
    qsizetype text = 0; // where the text since the last tag starts
    qsizetype i = 0;
    while (i < source.size()) {
        const qsizetype open = source.indexOf(QLatin1Char('<'), i);
        if (open < 0)
            break;
        if (source.mid(open).startsWith(QLatin1String("<!--"))) {
            const qsizetype close = source.indexOf(QLatin1String("-->"), open + 4);
            if (close >= 0) {
                appendText(source.mid(text, open - text), &out);
                i = text = close + 3;
                continue;
            }
        }
        const qsizetype end = source.indexOf(QLatin1Char('>'), open + 1);
        if (end < 0)
            break; // a '<' without '>' is text
        appendText(source.mid(text, open - text), &out);
        i = text = end + 1;
        qsizetype at = open + 1;
        const bool closing = at < end && source.at(at) == QLatin1Char('/');
        if (closing)
            ++at;
        if (at >= end || !isTagNameStart(source.at(at)))
            continue; // <!DOCTYPE>, <?xml?>, a stray '<': no text
        qsizetype nameEnd = at;
        while (nameEnd < end && (source.at(nameEnd).isLetterOrNumber() && source.at(nameEnd).unicode() < 128))
            ++nameEnd;
        const QStringView name = source.mid(at, nameEnd - at);
        if (!closing && isOneOf(name, hidden)) {
            // Its content is not text, up to its end tag; without one, only the tag goes.
            const QString endTag = QStringLiteral("</") + name.toString();
            const qsizetype close = source.indexOf(endTag, end + 1, Qt::CaseInsensitive);
            const qsizetype closeEnd = close < 0 ? -1 : source.indexOf(QLatin1Char('>'), close);
            if (closeEnd >= 0)
                i = text = closeEnd + 1;
            continue;
        }
        if (name.compare(QLatin1String("br"), Qt::CaseInsensitive) == 0 || isOneOf(name, kBlocks)) {
            out += QLatin1Char('\n');
        } else if (!closing && isOneOf(name, kCells)) {
            out += QLatin1Char(' ');
        } else if (name.compare(QLatin1String("a"), Qt::CaseInsensitive) == 0 && !closing) {
            const QRegularExpressionMatch h = href.match(source.mid(nameEnd, end - nameEnd));
            linkTarget = h.hasMatch() ? decodeEntities(h.captured(2) + h.captured(3) + h.captured(4)) : QString();
            linkStart = out.size();
        } else if (name.compare(QLatin1String("a"), Qt::CaseInsensitive) == 0 && closing && linkStart >= 0) {
            const QString linkText = out.mid(linkStart).trimmed();
            if (!linkTarget.isEmpty() && linkText != linkTarget && !linkTarget.startsWith(QLatin1String("mailto:")))
                out += QStringLiteral(" ( ") + linkTarget + QStringLiteral(" )");
            linkStart = -1;
        }
    }
    appendText(source.mid(text), &out);

    // Each line trimmed, at most one empty line in a row.
    QStringList lines;
    for (const QStringView line : QStringView(out).split(QLatin1Char('\n'))) {
        const QStringView trimmed = line.trimmed();
        if (!trimmed.isEmpty() || (!lines.isEmpty() && !lines.constLast().isEmpty()))
            lines.append(trimmed.toString());
    }
    while (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    return lines.join(QLatin1Char('\n'));
}

} // namespace Mime
