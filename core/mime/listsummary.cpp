#include "listsummary.h"

#include "treebuilder.h"

namespace Mime {

namespace {

QString firstValue(const QList<HeaderField> &fields, QByteArrayView name)
{
    for (const HeaderField &f : fields) {
        if (QByteArrayView(f.name).compare(name, Qt::CaseInsensitive) == 0)
            return f.value.trimmed();
    }
    return {};
}

} // namespace

ListSummary summarize(const QByteArray &raw)
{
    // The structure without decoding any body: attachments and HTML are known from the
    // part headers alone.
    const ParsedMessage m = buildTree(raw, Limits{}, BuildDepth::Structure);
    ListSummary s;
    s.from = firstValue(m.headers(), "From");
    s.to = firstValue(m.headers(), "To");
    s.subject = m.subject.trimmed();
    s.date = firstValue(m.headers(), "Date");
    for (const Part *leaf : m.leaves()) {
        if (leaf->isAttachment)
            ++s.attachments;
        else if (leaf->contentType == QLatin1String("text/html"))
            s.hasHtml = true;
    }
    return s;
}

} // namespace Mime
