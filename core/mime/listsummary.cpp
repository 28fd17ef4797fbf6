#include "listsummary.h"

#include <QList>

namespace Mime {

namespace {

// Unfolded value of the first header field called name (case-insensitive), or empty.
QByteArray headerValue(const QList<QByteArray> &fields, const QByteArray &name)
{
    for (const QByteArray &field : fields) {
        const qsizetype colon = field.indexOf(':');
        if (colon > 0 && field.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return field.mid(colon + 1).simplified();
    }
    return {};
}

} // namespace

ListSummary summarize(const QByteArray &raw)
{
    QList<QByteArray> fields;
    qsizetype pos = 0;
    while (pos < raw.size()) {
        qsizetype end = raw.indexOf('\n', pos);
        if (end < 0)
            end = raw.size();
        QByteArray line = raw.mid(pos, end - pos);
        if (line.endsWith('\r'))
            line.chop(1);
        pos = end + 1;
        if (line.isEmpty())
            break;
        if ((line.startsWith(' ') || line.startsWith('\t')) && !fields.isEmpty())
            fields.last() += ' ' + line.trimmed();
        else
            fields.append(line);
    }
    ListSummary s;
    s.from = QString::fromUtf8(headerValue(fields, "From"));
    s.to = QString::fromUtf8(headerValue(fields, "To"));
    s.subject = QString::fromUtf8(headerValue(fields, "Subject"));
    s.date = QString::fromUtf8(headerValue(fields, "Date"));
    s.hasHtml = headerValue(fields, "Content-Type").toLower().startsWith("text/html");
    return s;
}

} // namespace Mime
