#include "htmltext.h"

#include <QRegularExpression>
#include <QStringList>

namespace Api {

namespace {

const QStringList kBlocks = {
    QStringLiteral("p"), QStringLiteral("div"), QStringLiteral("tr"), QStringLiteral("table"), QStringLiteral("ul"),
    QStringLiteral("ol"), QStringLiteral("li"), QStringLiteral("h1"), QStringLiteral("h2"), QStringLiteral("h3"),
    QStringLiteral("h4"), QStringLiteral("h5"), QStringLiteral("h6"), QStringLiteral("blockquote"),
    QStringLiteral("pre"), QStringLiteral("hr"), QStringLiteral("section"), QStringLiteral("article"),
    QStringLiteral("header"), QStringLiteral("footer"), QStringLiteral("title"),
};

QString decodeEntities(const QString &text)
{
    static const QRegularExpression entity(QStringLiteral("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});"));
    static const QHash<QString, QString> named = {
        {QStringLiteral("amp"), QStringLiteral("&")},   {QStringLiteral("lt"), QStringLiteral("<")},
        {QStringLiteral("gt"), QStringLiteral(">")},    {QStringLiteral("quot"), QStringLiteral("\"")},
        {QStringLiteral("apos"), QStringLiteral("'")},  {QStringLiteral("nbsp"), QString(QChar(0xa0))},
        {QStringLiteral("copy"), QString(QChar(0xa9))}, {QStringLiteral("reg"), QString(QChar(0xae))},
        {QStringLiteral("hellip"), QString(QChar(0x2026))}, {QStringLiteral("mdash"), QString(QChar(0x2014))},
        {QStringLiteral("ndash"), QString(QChar(0x2013))}, {QStringLiteral("euro"), QString(QChar(0x20ac))},
    };
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
            if (ok && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)) {
                const char32_t c = code;
                replacement = QString::fromUcs4(&c, 1);
            }
        } else if (named.contains(name.toLower())) {
            replacement = named.value(name.toLower());
        }
        out += QStringView(text).mid(last, m.capturedStart() - last) + replacement;
        last = m.capturedEnd();
    }
    return out + QStringView(text).mid(last);
}

} // namespace

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

} // namespace Api

namespace Api {

QString snippetOf(const QString &text, const QString &html)
{
    constexpr qsizetype kLimit = 200;
    static const QRegularExpression blanks(QStringLiteral("\\s+"));
    QString line = html.trimmed().isEmpty() ? text : htmlToText(html);
    line.replace(QChar(0xfeff), QLatin1Char(' '));
    line = line.replace(blanks, QStringLiteral(" ")).trimmed();
    QByteArray bytes = line.toUtf8();
    if (bytes.size() <= kLimit)
        return line;
    qsizetype n = kLimit;
    while (n > 0 && (uchar(bytes.at(n)) & 0xc0) == 0x80) // not inside a character
        --n;
    return QString::fromUtf8(bytes.left(n)) + QStringLiteral("...");
}

} // namespace Api
