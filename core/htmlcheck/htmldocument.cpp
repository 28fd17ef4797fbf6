#include "htmldocument.h"

#include <gumbo.h>

#include <memory>

namespace HtmlCheck {

namespace {

struct OutputDeleter
{
    void operator()(GumboOutput *output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};

QByteArray tagName(const GumboElement &element)
{
    if (element.tag != GUMBO_TAG_UNKNOWN)
        return QByteArray(gumbo_normalized_tagname(element.tag));
    GumboStringPiece piece = element.original_tag;
    gumbo_tag_from_original_text(&piece);
    return QByteArray(piece.data, qsizetype(piece.length)).toLower();
}

HtmlElement elementOf(const GumboElement &e, int depth, const char *base)
{
    HtmlElement out;
    out.tag = tagName(e);
    out.depth = depth;
    if (e.original_tag.length > 0 && e.original_tag.data) {
        out.begin = e.original_tag.data - base;
        out.end = out.begin + qsizetype(e.original_tag.length);
    }
    out.hasEndTag = e.original_end_tag.length > 0;
    out.attributes.reserve(qsizetype(e.attributes.length));
    for (unsigned i = 0; i < e.attributes.length; ++i) {
        const auto *a = static_cast<const GumboAttribute *>(e.attributes.data[i]);
        HtmlAttribute attr;
        attr.name = QByteArray(a->name).toLower();
        attr.value = QByteArray(a->value);
        attr.begin = a->original_name.data ? a->original_name.data - base : out.begin;
        attr.end = attr.begin + qsizetype(a->original_name.length);
        if (a->original_value.data && a->original_value.length > 0) {
            const char *v = a->original_value.data;
            qsizetype length = qsizetype(a->original_value.length);
            attr.end = (v - base) + length;
            if ((v[0] == '"' || v[0] == '\'') && length >= 2 && v[length - 1] == v[0]) {
                ++v;
                length -= 2;
            }
            attr.valueBegin = v - base;
            attr.valueEnd = attr.valueBegin + length;
            attr.valueAsWritten = QByteArrayView(v, length) == QByteArrayView(attr.value);
        } else {
            attr.valueBegin = attr.valueEnd = attr.end;
            attr.valueAsWritten = attr.value.isEmpty();
        }
        out.attributes.append(attr);
    }
    return out;
}

} // namespace

const HtmlAttribute *HtmlElement::attribute(QByteArrayView name) const
{
    for (const HtmlAttribute &a : attributes) {
        if (a.name == name)
            return &a;
    }
    return nullptr;
}

void walkHtml(QByteArrayView html, const std::function<void(const HtmlElement &)> &visit)
{
    const std::unique_ptr<GumboOutput, OutputDeleter> output(
        gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), size_t(html.size())));
    if (!output || !output->root)
        return;
    struct Pending
    {
        const GumboNode *node;
        int depth;
    };
    QList<Pending> stack{{output->root, 0}};
    while (!stack.isEmpty()) {
        const Pending p = stack.takeLast();
        if (p.node->type != GUMBO_NODE_ELEMENT && p.node->type != GUMBO_NODE_TEMPLATE)
            continue;
        const GumboElement &e = p.node->v.element;
        HtmlElement element = elementOf(e, p.depth, html.data());
        if ((e.tag == GUMBO_TAG_STYLE || e.tag == GUMBO_TAG_SCRIPT) && e.children.length > 0) {
            const auto *child = static_cast<const GumboNode *>(e.children.data[0]);
            if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA || child->type == GUMBO_NODE_WHITESPACE) {
                const GumboText &text = child->v.text;
                if (text.original_text.data) {
                    element.rawText = QByteArrayView(text.original_text.data, qsizetype(text.original_text.length));
                    element.rawTextBegin = text.original_text.data - html.data();
                }
            }
        }
        visit(element);
        for (unsigned i = e.children.length; i > 0; --i)
            stack.append({static_cast<const GumboNode *>(e.children.data[i - 1]), p.depth + 1});
    }
}

} // namespace HtmlCheck
