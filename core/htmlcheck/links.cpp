#include "links.h"

#include "cssstructure.h"
#include "htmldocument.h"
#include "messagebodies.h"
#include "sourcemap.h"

#include <QSet>

namespace HtmlCheck {

namespace {

using T = CssTokenType;

class LinkList
{
public:
    LinkList(QList<Link> &out, const SourceMap &map, const QString &path) : m_out(out), m_map(map), m_path(path) {}

    void add(const QByteArray &url, LinkSource source, qsizetype begin, qsizetype end)
    {
        const QByteArray trimmed = url.trimmed();
        if (trimmed.isEmpty())
            return;
        m_out.append({QString::fromUtf8(trimmed), source, m_path, m_map.toRaw(begin, end)});
    }

private:
    QList<Link> &m_out;
    const SourceMap &m_map;
    QString m_path;
};

// url(...) and url("...") in CSS, and @import "...". base places the tokens in the HTML; an
// attribute with entities places them all on whole.
void cssLinks(QByteArrayView css, qsizetype base, qsizetype wholeBegin, qsizetype wholeEnd, LinkList &out)
{
    const CssTokens tokens = tokenizeCss(css);
    const QList<CssToken> &t = tokens.tokens;
    auto place = [&](const CssToken &first, const CssToken &last, const QByteArray &url, LinkSource source) {
        if (wholeBegin >= 0)
            out.add(url, source, wholeBegin, wholeEnd);
        else
            out.add(url, source, base + first.begin, base + last.end);
    };
    for (qsizetype i = 0; i < t.size(); ++i) {
        if (t[i].is(T::Url)) {
            place(t[i], t[i], t[i].value, LinkSource::CssUrl);
        } else if (t[i].isNamed(T::Function, "url") || t[i].isNamed(T::AtKeyword, "import")) {
            const LinkSource source = t[i].is(T::AtKeyword) ? LinkSource::CssImport : LinkSource::CssUrl;
            qsizetype j = i + 1;
            while (j < t.size() && t[j].is(T::Whitespace))
                ++j;
            if (j < t.size() && t[j].is(T::String))
                place(t[j], t[j], t[j].value, source);
            else if (source == LinkSource::CssImport && j < t.size() && t[j].is(T::Url))
                i = j - 1; // the url token is listed on the next round, as an import
        }
    }
}

void htmlLinks(QByteArrayView html, LinkList &out)
{
    walkHtml(html, [&](const HtmlElement &e) {
        for (const HtmlAttribute &a : e.attributes) {
            std::optional<LinkSource> source;
            if (a.name == "href" && (e.tag == "a" || e.tag == "area")) {
                source = LinkSource::HtmlAnchor;
            } else if (a.name == "src" && e.tag == "img") {
                source = LinkSource::HtmlImage;
            } else if (a.name == "href" && e.tag == "link") {
                const HtmlAttribute *rel = e.attribute("rel");
                const bool sheet = rel && rel->value.toLower().split(' ').contains("stylesheet");
                source = sheet ? LinkSource::HtmlStylesheet : LinkSource::HtmlOtherLink;
            } else if (a.name == "background") {
                source = LinkSource::HtmlBackground;
            } else if (a.name == "style") {
                if (a.valueAsWritten)
                    cssLinks(html.sliced(a.valueBegin, a.valueEnd - a.valueBegin), a.valueBegin, -1, -1, out);
                else
                    cssLinks(a.value, 0, a.begin, a.end, out);
            }
            if (source)
                out.add(a.value, *source, a.valueBegin, a.valueEnd);
        }
        if (e.tag == "style" && !e.rawText.isEmpty())
            cssLinks(e.rawText, e.rawTextBegin, -1, -1, out);
    });
}

bool isUrlCharacter(char c)
{
    // Mailpit's class: word characters and -@:%_+'!.~#?,&/=;
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
           || QByteArrayView("-@:%_+'!.~#?,&/=;").contains(c);
}

// http:// and https:// URLs in text, without the sentence punctuation that follows them.
void textLinks(const QByteArray &text, LinkList &out)
{
    qsizetype from = 0;
    while (true) {
        const qsizetype http = text.indexOf("http", from);
        if (http < 0)
            return;
        from = http + 4;
        const bool boundary = http == 0 || !QChar::isLetterOrNumber(uchar(text[http - 1]));
        qsizetype rest = http + 4;
        if (rest < text.size() && (text[rest] == 's' || text[rest] == 'S'))
            ++rest;
        if (!boundary || !text.sliced(rest).startsWith("://"))
            continue;
        qsizetype end = rest + 3;
        while (end < text.size() && isUrlCharacter(text[end]))
            ++end;
        while (end > rest + 3 && QByteArrayView(".,;:!?'").contains(text[end - 1]))
            --end;
        if (end > rest + 3)
            out.add(text.mid(http, end - http), LinkSource::TextPart, http, end);
        from = end;
    }
}

const Mime::HeaderField *fieldNamed(const Mime::ParsedMessage &message, QByteArrayView name, int *count = nullptr)
{
    const Mime::HeaderField *found = nullptr;
    int n = 0;
    for (const Mime::HeaderField &f : message.headers()) {
        if (f.name.compare(name, Qt::CaseInsensitive) == 0) {
            found = found ? found : &f;
            ++n;
        }
    }
    if (count)
        *count = n;
    return found;
}

// Whether a DKIM-Signature's h= tag names both fields (RFC 8058 §4).
bool signsUnsubscribe(const Mime::ParsedMessage &message)
{
    for (const Mime::HeaderField &f : message.headers()) {
        if (f.name.compare(QByteArrayView("DKIM-Signature"), Qt::CaseInsensitive) != 0)
            continue;
        const QStringList tags = f.value.split(QLatin1Char(';'));
        for (const QString &tag : tags) {
            const QString t = tag.trimmed();
            if (!t.startsWith(QLatin1String("h="), Qt::CaseInsensitive))
                continue;
            QStringList names;
            for (const QString &n : t.mid(2).split(QLatin1Char(':')))
                names.append(n.trimmed().toLower());
            if (names.contains(QLatin1String("list-unsubscribe")) && names.contains(QLatin1String("list-unsubscribe-post")))
                return true;
        }
    }
    return false;
}

void unsubscribe(const Mime::ParsedMessage &message, LinksReport &report)
{
    int count = 0;
    const Mime::HeaderField *list = fieldNamed(message, "List-Unsubscribe", &count);
    const Mime::HeaderField *post = fieldNamed(message, "List-Unsubscribe-Post");
    auto problem = [&report](UnsubscribeProblem p, const Mime::HeaderField *field, const QString &detail = {}) {
        report.unsubscribe.append({p, field->range, detail});
    };
    if (post) {
        report.oneClick = post->value.trimmed() == QLatin1String("List-Unsubscribe=One-Click");
        if (!report.oneClick)
            problem(UnsubscribeProblem::PostValueWrong, post, post->value.trimmed());
        if (!list)
            problem(UnsubscribeProblem::PostWithoutHeader, post);
    }
    if (!list)
        return;
    if (count > 1)
        problem(UnsubscribeProblem::Repeated, list);
    // The URIs are read from the field as written, so each keeps its place; the name and colon
    // come first.
    const QByteArray &raw = list->raw;
    const qsizetype valueStart = raw.indexOf(':') + 1;
    bool https = false;
    int uris = 0;
    qsizetype pos = valueStart;
    QByteArray outside;
    while (pos < raw.size()) {
        const qsizetype open = raw.indexOf('<', pos);
        const qsizetype close = open < 0 ? -1 : raw.indexOf('>', open);
        outside += raw.mid(pos, (close < 0 ? raw.size() : open) - pos);
        if (close < 0)
            break;
        QByteArray uri = raw.mid(open + 1, close - open - 1);
        const QByteArray unfolded = QByteArray(uri).replace("\r\n", "").replace('\n', "").trimmed();
        const QString text = QString::fromUtf8(unfolded);
        report.links.append({text, LinkSource::ListUnsubscribe, QString(),
                             {list->range.begin + open + 1, list->range.begin + close}});
        ++uris;
        const QString lower = text.toLower();
        if (unfolded.contains(' ') || unfolded.contains('\t'))
            problem(UnsubscribeProblem::SpaceInUri, list, text);
        else if (lower.startsWith(QLatin1String("https://")))
            https = true;
        else if (!lower.startsWith(QLatin1String("mailto:")) && !lower.startsWith(QLatin1String("http://")))
            problem(UnsubscribeProblem::UnknownScheme, list, text);
        pos = close + 1;
    }
    // Comments (RFC 2369 allows them) aside, only commas and blanks may stand between the URIs.
    QByteArray rest;
    int depth = 0;
    for (char c : std::as_const(outside)) {
        if (c == '(')
            ++depth;
        else if (c == ')' && depth > 0)
            --depth;
        else if (depth == 0 && c != ',' && c != ' ' && c != '\t' && c != '\r' && c != '\n')
            rest += c;
    }
    if (uris == 0)
        problem(UnsubscribeProblem::NoLinks, list, list->value.trimmed());
    else if (!rest.isEmpty())
        problem(UnsubscribeProblem::NotBracketed, list, QString::fromUtf8(rest));
    if (post && !https)
        problem(UnsubscribeProblem::PostWithoutHttps, post);
    if (post && !signsUnsubscribe(message))
        problem(UnsubscribeProblem::PostNotSigned, post);
}

} // namespace

LinksReport collectLinks(const QByteArray &raw, const Mime::ParsedMessage &message)
{
    LinksReport report;
    if (const Mime::Part *html = htmlPart(message)) {
        const SourceMap map(raw, *html);
        LinkList out(report.links, map, html->path);
        htmlLinks(Mime::decodedContent(raw, *html), out);
    }
    for (const Mime::Part *text : textParts(message)) {
        const SourceMap map(raw, *text);
        LinkList out(report.links, map, text->path);
        textLinks(Mime::decodedContent(raw, *text), out);
    }
    unsubscribe(message, report);
    return report;
}

namespace {

QStringList distinctHttp(const LinksReport &report, bool mailpitOnly)
{
    QStringList out;
    QSet<QString> seen;
    for (const Link &l : report.links) {
        if (mailpitOnly && l.source != LinkSource::HtmlAnchor && l.source != LinkSource::HtmlImage
            && l.source != LinkSource::HtmlStylesheet && l.source != LinkSource::TextPart)
            continue;
        const QString lower = l.url.left(8).toLower();
        if (!lower.startsWith(QLatin1String("http://")) && !lower.startsWith(QLatin1String("https://")))
            continue;
        if (!seen.contains(l.url)) {
            seen.insert(l.url);
            out.append(l.url);
        }
    }
    return out;
}

} // namespace

QStringList mailpitCheckedUrls(const LinksReport &report)
{
    return distinctHttp(report, true);
}

QStringList httpUrls(const LinksReport &report)
{
    return distinctHttp(report, false);
}

QString describe(LinkSource source)
{
    switch (source) {
    case LinkSource::HtmlAnchor: return QStringLiteral("link");
    case LinkSource::HtmlImage: return QStringLiteral("image");
    case LinkSource::HtmlStylesheet: return QStringLiteral("style sheet");
    case LinkSource::HtmlOtherLink: return QStringLiteral("<link>");
    case LinkSource::HtmlBackground: return QStringLiteral("background");
    case LinkSource::CssUrl: return QStringLiteral("CSS url()");
    case LinkSource::CssImport: return QStringLiteral("CSS @import");
    case LinkSource::TextPart: return QStringLiteral("text part");
    case LinkSource::ListUnsubscribe: return QStringLiteral("List-Unsubscribe");
    }
    return {};
}

QString describe(const UnsubscribeFinding &f)
{
    switch (f.problem) {
    case UnsubscribeProblem::NoLinks:
        return QStringLiteral("List-Unsubscribe holds no URI in angle brackets (RFC 2369 §2).");
    case UnsubscribeProblem::NotBracketed:
        return QStringLiteral("List-Unsubscribe has text outside angle brackets: \"%1\" (RFC 2369 §2).").arg(f.detail);
    case UnsubscribeProblem::UnknownScheme:
        return QStringLiteral("\"%1\" is neither a mailto: nor an http(s): URI.").arg(f.detail);
    case UnsubscribeProblem::SpaceInUri:
        return QStringLiteral("\"%1\" contains blanks.").arg(f.detail);
    case UnsubscribeProblem::Repeated:
        return QStringLiteral("List-Unsubscribe appears more than once.");
    case UnsubscribeProblem::PostWithoutHeader:
        return QStringLiteral("List-Unsubscribe-Post without List-Unsubscribe (RFC 8058 §3.1).");
    case UnsubscribeProblem::PostValueWrong:
        return QStringLiteral("List-Unsubscribe-Post is \"%1\", not \"List-Unsubscribe=One-Click\" (RFC 8058 §3.1).").arg(f.detail);
    case UnsubscribeProblem::PostWithoutHttps:
        return QStringLiteral("One-click unsubscribe needs an https URI in List-Unsubscribe (RFC 8058 §3.1).");
    case UnsubscribeProblem::PostNotSigned:
        return QStringLiteral("No DKIM signature covers both List-Unsubscribe and List-Unsubscribe-Post (RFC 8058 §4).");
    }
    return {};
}

} // namespace HtmlCheck
