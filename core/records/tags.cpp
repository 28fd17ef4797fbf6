#include "tags.h"

#include <algorithm>

namespace Records::Tags {

namespace {

bool allowed(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'-' || u == u'_'
        || u == u'.';
}

} // namespace

QString clean(const QString &name)
{
    QString out;
    out.reserve(name.size());
    bool space = false;
    for (const QChar c : name) {
        if (!allowed(c)) {
            space = true;
            continue;
        }
        if (space && !out.isEmpty())
            out.append(QLatin1Char(' '));
        space = false;
        out.append(c);
    }
    return out;
}

void sort(QStringList &names)
{
    std::stable_sort(names.begin(), names.end(), [](const QString &a, const QString &b) {
        const int order = a.compare(b, Qt::CaseInsensitive);
        return order != 0 ? order < 0 : a < b;
    });
}

QStringList cleanList(const QStringList &names)
{
    QStringList out;
    for (const QString &name : names) {
        const QString tag = clean(name);
        if (!tag.isEmpty() && !out.contains(tag, Qt::CaseInsensitive))
            out.append(tag);
    }
    sort(out);
    return out;
}

QStringList fromHeader(const QString &value)
{
    return cleanList(value.split(QLatin1Char(',')));
}

} // namespace Records::Tags
