#include "featuretable.h"

#include <QHash>
#include <QSet>

namespace HtmlCheck::FeatureTable {

namespace {

using Table = QHash<QByteArrayView, QByteArrayView>;

const Table &elements()
{
    static const Table t = {
        {"object", "html-object"}, {"embed", "html-object"}, {"link", "html-link"}, {"hr", "html-hr"},
        {"dialog", "html-dialog"}, {"picture", "html-picture"}, {"svg", "html-svg"}, {"progress", "html-progress"},
        {"meter", "html-meter"}, {"audio", "html-audio"}, {"form", "html-form"}, {"base", "html-base"},
        {"video", "html-video"}, {"select", "html-select"}, {"textarea", "html-textarea"}, {"style", "html-style"},
        {"map", "html-image-maps"}, {"body", "html-body"},
        {"article", "html-semantics"}, {"aside", "html-semantics"}, {"details", "html-semantics"},
        {"figcaption", "html-semantics"}, {"figure", "html-semantics"}, {"footer", "html-semantics"},
        {"header", "html-semantics"}, {"main", "html-semantics"}, {"mark", "html-semantics"},
        {"nav", "html-semantics"}, {"section", "html-semantics"}, {"summary", "html-semantics"},
        {"time", "html-semantics"},
    };
    return t;
}

const Table &properties()
{
    // Properties tested by name; the grouped features take several.
    static const Table t = [] {
        Table t;
        static const QByteArrayView kOwnSlug[] = {
            "accent-color", "align-items", "aspect-ratio", "background-blend-mode", "background-clip",
            "background-color", "background-image", "background-origin", "background-position",
            "background-repeat", "background-size", "background", "border-image", "border-radius", "border",
            "box-shadow", "box-sizing", "caption-side", "clip-path", "column-count", "direction", "display",
            "filter", "flex-direction", "flex-wrap", "float", "font-kerning", "font-weight", "font", "gap",
            "height", "hyphens", "inline-size", "justify-content", "letter-spacing", "line-height",
            "list-style-image", "list-style-position", "list-style", "margin", "max-block-size", "max-height",
            "max-width", "min-height", "min-inline-size", "min-width", "mix-blend-mode", "object-fit",
            "object-position", "opacity", "outline-offset", "outline", "overflow-wrap", "overflow", "padding",
            "position", "tab-size", "table-layout", "text-align-last", "text-align", "text-decoration-color",
            "text-decoration-thickness", "text-decoration", "text-emphasis-position", "text-emphasis",
            "text-indent", "text-overflow", "text-shadow", "text-transform", "text-underline-offset",
            "transform", "visibility", "white-space", "width", "word-break", "writing-mode", "z-index"};
        static QList<QByteArray> slugs; // owns the "css-..." strings the views point to
        slugs.reserve(std::size(kOwnSlug));
        for (QByteArrayView p : kOwnSlug) {
            slugs.append("css-" + p.toByteArray());
            t.insert(p, slugs.constLast());
        }
        const QPair<QByteArrayView, QByteArrayView> grouped[] = {
            {"border-inline", "css-border-inline-block"}, {"border-block", "css-border-inline-block"},
            {"column-fill", "css-column-layout-properties"}, {"column-gap", "css-column-layout-properties"},
            {"column-rule", "css-column-layout-properties"}, {"column-span", "css-column-layout-properties"},
            {"column-width", "css-column-layout-properties"}, {"columns", "css-column-layout-properties"},
            {"row-gap", "css-gap"},
            {"grid-template", "css-grid-template"}, {"grid-template-areas", "css-grid-template"},
            {"grid-template-columns", "css-grid-template"}, {"grid-template-rows", "css-grid-template"},
            {"block-size", "css-block-inline-size"},
            {"margin-block-start", "css-margin-block-start-end"}, {"margin-block-end", "css-margin-block-start-end"},
            {"margin-inline", "css-margin-inline-block"}, {"margin-block", "css-margin-inline-block"},
            {"margin-inline-start", "css-margin-inline-start-end"}, {"margin-inline-end", "css-margin-inline-start-end"},
            {"padding-block-start", "css-padding-block-start-end"}, {"padding-block-end", "css-padding-block-start-end"},
            {"padding-inline", "css-padding-inline-block"}, {"padding-block", "css-padding-inline-block"},
            {"padding-inline-start", "css-padding-inline-start-end"}, {"padding-inline-end", "css-padding-inline-start-end"},
            {"scroll-snap-type", "css-scroll-snap"}, {"scroll-snap-align", "css-scroll-snap"},
        };
        for (const auto &[property, slug] : grouped)
            t.insert(property, slug);
        return t;
    }();
    return t;
}

QByteArrayView find(const Table &table, QByteArrayView key)
{
    const auto it = table.constFind(key);
    return it == table.cend() ? QByteArrayView() : *it;
}

} // namespace

QByteArrayView elementSlug(QByteArrayView tag)
{
    return find(elements(), tag);
}

QByteArrayView inputTypeSlug(QByteArrayView type)
{
    static const Table t = {{"submit", "html-input-submit"}, {"checkbox", "html-input-checkbox"},
                            {"hidden", "html-input-hidden"}, {"radio", "html-input-radio"},
                            {"text", "html-input-text"}, {"reset", "html-input-reset"}};
    return find(t, type);
}

QByteArrayView buttonTypeSlug(QByteArrayView type)
{
    static const Table t = {{"submit", "html-button-submit"}, {"reset", "html-button-reset"}};
    return find(t, type);
}

QByteArrayView attributeSlug(QByteArrayView attribute)
{
    static const Table t = {{"srcset", "html-srcset"}, {"required", "html-required"}, {"usemap", "html-image-maps"}};
    return find(t, attribute);
}

QByteArrayView presentationalSlug(QByteArrayView attribute)
{
    static const Table t = {{"bgcolor", "css-background-color"}, {"background", "css-background"},
                            {"border", "css-border"}, {"height", "css-height"}, {"width", "css-width"},
                            {"padding", "css-padding"}};
    return find(t, attribute);
}

QByteArrayView propertySlug(QByteArrayView property)
{
    return find(properties(), property);
}

QByteArrayView displaySlug(QByteArrayView value)
{
    static const Table t = {{"flex", "css-display-flex"}, {"inline-flex", "css-display-flex"},
                            {"grid", "css-display-grid"}, {"inline-grid", "css-display-grid"},
                            {"none", "css-display-none"}};
    return find(t, value);
}

QByteArrayView functionSlug(QByteArrayView function)
{
    static const Table t = {{"rgb", "css-rgb"}, {"rgba", "css-rgba"}, {"calc", "css-unit-calc"},
                            {"radial-gradient", "css-radial-gradient"}, {"conic-gradient", "css-conic-gradient"},
                            {"var", "css-variables"}};
    return find(t, function);
}

QByteArrayView unitSlug(QByteArrayView unit)
{
    static const Table t = {{"ch", "css-unit-ch"}, {"rem", "css-unit-rem"}, {"vh", "css-unit-vh"},
                            {"vmax", "css-unit-vmax"}, {"vmin", "css-unit-vmin"}, {"vw", "css-unit-vw"}};
    return find(t, unit);
}

QByteArrayView keywordSlug(QByteArrayView ident)
{
    return ident == "initial" ? QByteArrayView("css-unit-initial") : QByteArrayView();
}

QByteArrayView atRuleSlug(QByteArrayView name)
{
    static const Table t = {{"font-face", "css-at-font-face"}, {"import", "css-at-import"},
                            {"keyframes", "css-at-keyframes"}, {"media", "css-at-media"},
                            {"supports", "css-at-supports"}};
    return find(t, name);
}

QByteArrayView pseudoClassSlug(QByteArrayView name)
{
    static const Table t = {
        {"active", "css-pseudo-class-active"}, {"checked", "css-pseudo-class-checked"},
        {"first-child", "css-pseudo-class-first-child"}, {"first-of-type", "css-pseudo-class-first-of-type"},
        {"focus", "css-pseudo-class-focus"}, {"has", "css-pseudo-class-has"}, {"hover", "css-pseudo-class-hover"},
        {"lang", "css-pseudo-class-lang"}, {"last-child", "css-pseudo-class-last-child"},
        {"last-of-type", "css-pseudo-class-last-of-type"}, {"link", "css-pseudo-class-link"},
        {"not", "css-pseudo-class-not"}, {"nth-child", "css-pseudo-class-nth-child"},
        {"nth-last-child", "css-pseudo-class-nth-last-child"}, {"nth-last-of-type", "css-pseudo-class-nth-last-of-type"},
        {"nth-of-type", "css-pseudo-class-nth-of-type"}, {"only-child", "css-pseudo-class-only-child"},
        {"only-of-type", "css-pseudo-class-only-of-type"}, {"target", "css-pseudo-class-target"},
        {"visited", "css-pseudo-class-visited"}};
    return find(t, name);
}

QByteArrayView pseudoElementSlug(QByteArrayView name, bool doubleColon)
{
    // CSS 2 wrote these four with one colon, which browsers still accept.
    static const Table legacy = {{"after", "css-pseudo-element-after"}, {"before", "css-pseudo-element-before"},
                                 {"first-letter", "css-pseudo-element-first-letter"},
                                 {"first-line", "css-pseudo-element-first-line"}};
    static const Table modern = {{"marker", "css-pseudo-element-marker"},
                                 {"placeholder", "css-pseudo-element-placeholder"}};
    const QByteArrayView slug = find(legacy, name);
    if (!slug.isEmpty() || !doubleColon)
        return slug;
    return find(modern, name);
}

QByteArrayView imageSlug(QByteArrayView source)
{
    if (source.size() >= 11 && source.first(11).compare(QByteArrayView("data:image/"), Qt::CaseInsensitive) == 0)
        return "image-base64";
    qsizetype end = source.size();
    for (qsizetype i = 0; i < source.size(); ++i) {
        if (source[i] == '?' || source[i] == '#') {
            end = i;
            break;
        }
    }
    const QByteArrayView path = source.first(end);
    const qsizetype dot = path.lastIndexOf('.');
    if (dot < 0 || path.sliced(dot).contains('/'))
        return {};
    static const Table t = {{"apng", "image-apng"}, {"avif", "image-avif"}, {"bmp", "image-bmp"},
                            {"gif", "image-gif"}, {"hdr", "image-hdr"}, {"heif", "image-heif"},
                            {"ico", "image-ico"}, {"mp4", "image-mp4"}, {"ppm", "image-ppm"},
                            {"svg", "image-svg"}, {"tif", "image-tiff"}, {"tiff", "image-tiff"},
                            {"webp", "image-webp"}};
    return find(t, path.sliced(dot + 1).toByteArray().toLower());
}

int testCount()
{
    // Elements and properties count by distinct slug; then input and button types (8), srcset
    // and required (2), display values (3), functions (6), units (6), initial (1), at-rules (5),
    // pseudo-classes (20) and pseudo-elements (6), image formats (13), and !important, local
    // anchors and <script> (3).
    QSet<QByteArrayView> slugs;
    for (const QByteArrayView &s : elements())
        slugs.insert(s);
    for (const QByteArrayView &s : properties())
        slugs.insert(s);
    return int(slugs.size()) + 8 + 2 + 3 + 6 + 6 + 1 + 5 + 20 + 6 + 13 + 3;
}

} // namespace HtmlCheck::FeatureTable
