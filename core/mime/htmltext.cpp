#include "htmltext.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>

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

} // namespace

QString decodeEntities(const QString &text)
{
    if (!text.contains(QLatin1Char('&')))
        return text;
    static const QRegularExpression entity(QStringLiteral("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,7});"));
    const QHash<QString, char32_t> &named = namedEntities();
    QString out;
    qsizetype last = 0;
    for (auto it = entity.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString name = m.captured(1);
        QString replacement = m.captured(0);
        if (name.startsWith(QLatin1Char('#'))) {
            bool ok = false;
            const bool hex = name.size() > 1 && (name.at(1) == QLatin1Char('x') || name.at(1) == QLatin1Char('X'));
            const uint code = hex ? name.mid(2).toUInt(&ok, 16) : name.mid(1).toUInt(&ok, 10);
            if (ok && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff))
                replacement = character(code);
        } else if (const auto found = named.constFind(name); found != named.cend()) {
            replacement = character(*found);
        } else if (const auto lower = named.constFind(name.toLower()); lower != named.cend()) {
            replacement = character(*lower); // &AMP;, &NBSP;
        }
        out += QStringView(text).mid(last, m.capturedStart() - last) + replacement;
        last = m.capturedEnd();
    }
    return out + QStringView(text).mid(last);
}

QString htmlToText(const QString &html)
{
    static const QRegularExpression dropped(QStringLiteral("<(head|script|style)\\b[^>]*>.*?</\\1\\s*>|<!--.*?-->"),
                                            QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression tag(QStringLiteral("<(/?)([a-zA-Z][a-zA-Z0-9]*)\\b([^>]*)>|<[^>]*>"));
    static const QRegularExpression href(QStringLiteral("\\bhref\\s*=\\s*(\"([^\"]*)\"|'([^']*)'|([^\\s>]+))"),
                                         QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression blanks(QStringLiteral("[ \\t\\r\\n\\f]+"));

    QString source = html;
    source.remove(dropped);

    // Text between tags has its blanks collapsed; tags become line breaks or link targets.
    QString out;
    QString linkTarget;
    qsizetype linkStart = -1;
    qsizetype last = 0;
    auto appendText = [&](QStringView text) { out += decodeEntities(text.toString().replace(blanks, QStringLiteral(" "))); };
    for (auto it = tag.globalMatch(source); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        appendText(QStringView(source).mid(last, m.capturedStart() - last));
        last = m.capturedEnd();
        const bool closing = !m.captured(1).isEmpty();
        const QString name = m.captured(2).toLower();
        if (name == QLatin1String("br")) {
            out += QLatin1Char('\n');
        } else if (kBlocks.contains(name)) {
            out += QStringLiteral("\n");
        } else if (kCells.contains(name)) {
            out += QLatin1Char(' ');
        } else if (name == QLatin1String("a") && !closing) {
            const QRegularExpressionMatch h = href.match(m.captured(3));
            linkTarget = h.hasMatch() ? decodeEntities(h.captured(2) + h.captured(3) + h.captured(4)) : QString();
            linkStart = out.size();
        } else if (name == QLatin1String("a") && closing && linkStart >= 0) {
            const QString text = out.mid(linkStart).trimmed();
            if (!linkTarget.isEmpty() && text != linkTarget && !linkTarget.startsWith(QLatin1String("mailto:")))
                out += QStringLiteral(" ( ") + linkTarget + QStringLiteral(" )");
            linkStart = -1;
        }
    }
    appendText(QStringView(source).mid(last));

    // Each line trimmed, at most one empty line in a row.
    QStringList lines;
    for (const QString &line : out.split(QLatin1Char('\n'))) {
        const QString trimmed = line.trimmed();
        if (!trimmed.isEmpty() || (!lines.isEmpty() && !lines.constLast().isEmpty()))
            lines.append(trimmed);
    }
    while (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    return lines.join(QLatin1Char('\n'));
}

} // namespace Mime
