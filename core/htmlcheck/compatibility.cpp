#include "compatibility.h"

#include "cssstructure.h"
#include "featuretable.h"
#include "htmldocument.h"
#include "messagebodies.h"
#include "sourcemap.h"

#include <QHash>

#include <algorithm>

namespace HtmlCheck {

namespace {

using T = CssTokenType;

// Mailpit's own check, which Can I Email has no entry for.
const Feature &scriptFeature()
{
    static const Feature f = [] {
        Feature f;
        f.slug = QStringLiteral("html-script");
        f.title = QStringLiteral("<script> element");
        f.category = QStringLiteral("html");
        f.description = QStringLiteral("JavaScript is not supported in any email client.");
        f.unsupported = 100;
        f.supported = 0;
        return f;
    }();
    return f;
}

// The places each feature was found, in the order features were first met.
class Collector
{
public:
    void add(QByteArrayView slug, qsizetype begin, qsizetype end)
    {
        if (slug.isEmpty())
            return;
        auto it = m_index.constFind(slug);
        if (it == m_index.cend()) {
            it = m_index.insert(slug, int(m_found.size()));
            m_found.append({slug, {}});
        }
        m_found[*it].second.append({begin, end, {}});
    }

    QList<Finding> findings(const SourceMap &map) const
    {
        QList<Finding> out;
        for (const auto &[slug, places] : m_found) {
            const Feature *feature = slug == "html-script" ? &scriptFeature()
                                                           : CanIEmail::data().feature(QString::fromLatin1(slug));
            if (!feature)
                continue;
            Finding f{feature, places};
            for (Occurrence &o : f.occurrences)
                o.raw = map.toRaw(o.begin, o.end);
            std::sort(f.occurrences.begin(), f.occurrences.end(),
                      [](const Occurrence &a, const Occurrence &b) { return a.begin < b.begin; });
            out.append(f);
        }
        return out;
    }

private:
    QHash<QByteArrayView, int> m_index;
    QList<QPair<QByteArrayView, QList<Occurrence>>> m_found;
};

// Where CSS text sits in the HTML: at base when its octets are as written, else (an attribute
// value with entities) everything found in it is placed on the whole attribute.
struct CssPlacement
{
    qsizetype base = 0;
    qsizetype wholeBegin = -1;
    qsizetype wholeEnd = -1;
};

class CssMatcher
{
public:
    CssMatcher(const CssTokens &tokens, CssPlacement placement, Collector &out)
        : m_t(tokens.tokens), m_place(placement), m_out(out) {}

    void match(const CssStructure &css)
    {
        for (const CssAtRule &rule : css.atRules)
            add(FeatureTable::atRuleSlug(rule.name), rule.begin, rule.end);
        for (const TokenSpan &selector : css.selectors)
            matchSelector(selector);
        for (const CssDeclaration &d : css.declarations)
            matchDeclaration(d);
    }

private:
    void add(QByteArrayView slug, qsizetype begin, qsizetype end)
    {
        if (m_place.wholeBegin >= 0)
            m_out.add(slug, m_place.wholeBegin, m_place.wholeEnd);
        else
            m_out.add(slug, m_place.base + begin, m_place.base + end);
    }

    void matchSelector(const TokenSpan &span)
    {
        for (qsizetype i = span.first; i + 1 < span.last; ++i) {
            if (!m_t[i].is(T::Colon))
                continue;
            const bool doubleColon = m_t[i + 1].is(T::Colon);
            const qsizetype n = doubleColon ? i + 2 : i + 1;
            if (n >= span.last || !(m_t[n].is(T::Ident) || m_t[n].is(T::Function)))
                continue;
            const QByteArray name = m_t[n].value.toLower();
            QByteArrayView slug = FeatureTable::pseudoElementSlug(name, doubleColon);
            if (slug.isEmpty() && !doubleColon)
                slug = FeatureTable::pseudoClassSlug(name);
            add(slug, m_t[i].begin, m_t[n].end);
            i = n;
        }
    }

    void matchDeclaration(const CssDeclaration &d)
    {
        if (d.property.startsWith("--"))
            add("css-variables", d.begin, d.end);
        add(FeatureTable::propertySlug(d.property), d.begin, d.end);
        if (d.important)
            add("css-important", d.begin, d.end);
        for (qsizetype i = d.value.first; i < d.value.last; ++i) {
            const CssToken &t = m_t[i];
            switch (t.type) {
            case T::Ident:
                if (d.property == "display")
                    add(FeatureTable::displaySlug(t.value.toLower()), d.begin, d.end);
                add(FeatureTable::keywordSlug(t.value.toLower()), t.begin, t.end);
                break;
            case T::Function:
                add(FeatureTable::functionSlug(t.value.toLower()), t.begin, t.end);
                break;
            case T::Dimension:
                add(FeatureTable::unitSlug(t.value.toLower()), t.begin, t.end);
                break;
            default:
                break;
            }
        }
    }

    const QList<CssToken> &m_t;
    CssPlacement m_place;
    Collector &m_out;
};

void matchStyleAttribute(const HtmlAttribute &style, QByteArrayView html, Collector &out)
{
    CssPlacement place{style.valueBegin};
    QByteArrayView text = html.sliced(style.valueBegin, style.valueEnd - style.valueBegin);
    if (!style.valueAsWritten) {
        text = style.value;
        place = {0, style.begin, style.end};
    }
    const CssTokens tokens = tokenizeCss(text);
    CssMatcher(tokens, place, out).match(readDeclarations(tokens));
}

void matchStyleSheet(QByteArrayView text, qsizetype base, Collector &out)
{
    const CssTokens tokens = tokenizeCss(text);
    CssMatcher(tokens, {base}, out).match(readStyleSheet(tokens));
}

void matchElement(const HtmlElement &e, QByteArrayView html, Collector &out)
{
    if (e.isWritten()) {
        if (e.tag != "body" || e.hasEndTag)
            out.add(FeatureTable::elementSlug(e.tag), e.begin, e.end);
        if (e.tag == "input") {
            if (const HtmlAttribute *type = e.attribute("type"))
                out.add(FeatureTable::inputTypeSlug(type->value.toLower()), e.begin, e.end);
        } else if (e.tag == "button") {
            const HtmlAttribute *type = e.attribute("type");
            out.add(FeatureTable::buttonTypeSlug(type ? type->value.toLower() : QByteArray("submit")), e.begin, e.end);
        } else if (e.tag == "script") {
            const HtmlAttribute *type = e.attribute("type");
            const QByteArray t = type ? type->value.trimmed().toLower() : QByteArray();
            if (t != "application/ld+json" && t != "application/json")
                out.add("html-script", e.begin, e.end);
        }
    }
    for (const HtmlAttribute &a : e.attributes) {
        out.add(FeatureTable::attributeSlug(a.name), a.begin, a.end);
        out.add(FeatureTable::presentationalSlug(a.name), a.begin, a.end);
        if (a.name == "style")
            matchStyleAttribute(a, html, out);
        else if (a.name == "href" && e.tag == "a" && a.value.startsWith('#'))
            out.add("html-anchor-links", a.begin, a.end);
        else if (a.name == "src" && e.tag == "img")
            out.add(FeatureTable::imageSlug(a.value.trimmed()), a.begin, a.end);
    }
    if (e.tag == "style" && !e.rawText.isEmpty())
        matchStyleSheet(e.rawText, e.rawTextBegin, out);
}

double weight(const Finding &f, int nodes, double share)
{
    return share * f.occurrences.size() / std::max(nodes, 1);
}

} // namespace

CompatibilityReport checkHtml(QByteArrayView html, const SourceMap &map)
{
    CompatibilityReport report;
    Collector found;
    // Mailpit's node count: with a written </body> every element but <html>, <head> and <meta>;
    // without, the elements inside <body>, and scripts anywhere.
    int allNodes = 0;
    int bodyNodes = 0;
    bool closedBody = false;
    int bodyDepth = -1;
    walkHtml(html, [&](const HtmlElement &e) {
        if (bodyDepth >= 0 && e.depth <= bodyDepth)
            bodyDepth = -1;
        if (e.tag == "body") {
            bodyDepth = e.depth;
            closedBody = closedBody || e.hasEndTag;
        } else if (bodyDepth >= 0 || e.tag == "script") {
            ++bodyNodes;
        }
        if (e.tag != "html" && e.tag != "head" && e.tag != "meta")
            ++allNodes;
        matchElement(e, html, found);
    });
    report.nodes = closedBody ? allNodes : bodyNodes;
    report.tests = FeatureTable::testCount();
    report.findings = found.findings(map);
    report.partBody = map.body();

    const int nodes = report.nodes;
    std::stable_sort(report.findings.begin(), report.findings.end(), [nodes](const Finding &a, const Finding &b) {
        return weight(a, nodes, a.feature->partial + a.feature->unsupported)
               > weight(b, nodes, b.feature->partial + b.feature->unsupported);
    });
    for (const Finding &f : std::as_const(report.findings)) {
        report.partial = std::max(report.partial, weight(f, nodes, f.feature->partial));
        report.unsupported = std::max(report.unsupported, weight(f, nodes, f.feature->unsupported));
    }
    report.supported = 100 - report.partial - report.unsupported;
    return report;
}

std::optional<CompatibilityReport> checkMessage(const QByteArray &raw, const Mime::ParsedMessage &message)
{
    const Mime::Part *part = htmlPart(message);
    if (!part)
        return std::nullopt;
    const QByteArray html = Mime::decodedContent(raw, *part);
    CompatibilityReport report = checkHtml(html, SourceMap(raw, *part));
    report.partPath = part->path;
    return report;
}

QList<PlatformTotal> platformTotals(const CompatibilityReport &report)
{
    QMap<QString, PlatformTotal> totals;
    for (const QString &platform : CanIEmail::data().platforms().keys())
        totals[platform].platform = platform;
    for (const Finding &f : report.findings) {
        for (const ClientSupport &r : f.feature->results) {
            PlatformTotal &t = totals[r.platform];
            t.platform = r.platform;
            switch (r.support) {
            case Support::Yes: ++t.yes; break;
            case Support::Partial: ++t.partial; break;
            case Support::No: ++t.no; break;
            }
        }
    }
    return totals.values();
}

} // namespace HtmlCheck
