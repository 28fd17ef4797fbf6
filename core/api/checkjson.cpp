#include "checkjson.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace Api {

namespace {

QString supportName(HtmlCheck::Support support)
{
    switch (support) {
    case HtmlCheck::Support::Yes: return QStringLiteral("yes");
    case HtmlCheck::Support::Partial: return QStringLiteral("partial");
    case HtmlCheck::Support::No: return QStringLiteral("no");
    }
    return {};
}

QJsonObject warningJson(const HtmlCheck::Finding &finding)
{
    const HtmlCheck::Feature &f = *finding.feature;
    QJsonObject notes;
    for (auto it = f.notesByNumber.cbegin(); it != f.notesByNumber.cend(); ++it)
        notes.insert(it.key(), markdownToHtml(it.value()));
    QJsonArray results;
    for (const HtmlCheck::ClientSupport &r : f.results) {
        results.append(QJsonObject{
            {QStringLiteral("Family"), r.family},
            {QStringLiteral("Name"), r.name},
            {QStringLiteral("NoteNumber"), r.noteNumber},
            {QStringLiteral("Platform"), r.platform},
            {QStringLiteral("Support"), supportName(r.support)},
            {QStringLiteral("Version"), r.version},
        });
    }
    QJsonArray places;
    for (const HtmlCheck::Occurrence &o : finding.occurrences)
        places.append(QJsonObject{{QStringLiteral("Start"), o.raw.begin}, {QStringLiteral("End"), o.raw.end}});
    return {
        {QStringLiteral("Category"), f.category},
        {QStringLiteral("Description"), markdownToHtml(f.description)},
        {QStringLiteral("Keywords"), f.keywords},
        {QStringLiteral("NotesByNumber"), notes},
        {QStringLiteral("Results"), results},
        {QStringLiteral("Score"), QJsonObject{
             {QStringLiteral("Found"), finding.occurrences.size()},
             {QStringLiteral("Supported"), f.supported},
             {QStringLiteral("Partial"), f.partial},
             {QStringLiteral("Unsupported"), f.unsupported},
         }},
        {QStringLiteral("Slug"), f.slug},
        {QStringLiteral("Tags"), QJsonArray::fromStringList(f.tags)},
        {QStringLiteral("Title"), f.title},
        {QStringLiteral("URL"), f.url},
        {QStringLiteral("Places"), places},
    };
}

} // namespace

QJsonObject htmlCheckJson(const HtmlCheck::CompatibilityReport &report)
{
    QJsonObject platforms;
    const QMap<QString, QStringList> &all = HtmlCheck::CanIEmail::data().platforms();
    for (auto it = all.cbegin(); it != all.cend(); ++it)
        platforms.insert(it.key(), QJsonArray::fromStringList(it.value()));
    QJsonArray warnings;
    for (const HtmlCheck::Finding &f : report.findings)
        warnings.append(warningJson(f));
    return {
        {QStringLiteral("Platforms"), platforms},
        {QStringLiteral("Total"), QJsonObject{
             {QStringLiteral("Nodes"), report.nodes},
             {QStringLiteral("Partial"), report.partial},
             {QStringLiteral("Supported"), report.supported},
             {QStringLiteral("Tests"), report.tests},
             {QStringLiteral("Unsupported"), report.unsupported},
         }},
        {QStringLiteral("Warnings"), warnings},
    };
}

QJsonObject linkCheckJson(const QList<HtmlCheck::LinkStatus> &links)
{
    QJsonArray out;
    int errors = 0;
    for (const HtmlCheck::LinkStatus &l : links) {
        errors += l.isError() ? 1 : 0;
        out.append(QJsonObject{
            {QStringLiteral("Status"), l.status},
            {QStringLiteral("StatusCode"), l.statusCode},
            {QStringLiteral("URL"), l.url},
        });
    }
    return {{QStringLiteral("Errors"), errors}, {QStringLiteral("Links"), out}};
}

QString markdownToHtml(const QString &markdown)
{
    static const QRegularExpression code(QStringLiteral("`([^`]+)`"));
    static const QRegularExpression link(QStringLiteral("\\[([^\\]]+)\\]\\(([^)\\s]+)\\)"));
    static const QRegularExpression strong(QStringLiteral("\\*\\*([^*]+)\\*\\*"));
    QString html = markdown.trimmed();
    // Code spans first, with their text escaped, so nothing inside them is read as markdown.
    QString out;
    qsizetype last = 0;
    for (auto it = code.globalMatch(html); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += html.mid(last, m.capturedStart() - last);
        out += QStringLiteral("<code>") + m.captured(1).toHtmlEscaped() + QStringLiteral("</code>");
        last = m.capturedEnd();
    }
    out += html.mid(last);
    out.replace(link, QStringLiteral("<a href=\"\\2\" target=\"_blank\">\\1</a>"));
    out.replace(strong, QStringLiteral("<strong>\\1</strong>"));
    return out;
}

} // namespace Api
