#include "listunsubscribe.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace Api {

namespace {

QString quoted(const QString &text)
{
    return QLatin1Char('"') + text + QLatin1Char('"');
}

} // namespace

ListUnsubscribe parseListUnsubscribe(const QString &header, const QString &headerPost)
{
    ListUnsubscribe out;
    out.header = header;
    out.headerPost = headerPost;
    if (header.isEmpty())
        return out;

    static const QRegularExpression comment(QStringLiteral("\\(.*?\\)"), QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression link(QStringLiteral("<(.*?)>"));
    static const QRegularExpression between(QStringLiteral(">(.*?)<"), QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression separator(QRegularExpression::anchoredPattern(QStringLiteral("\\s*,\\s*")));
    static const QRegularExpression wrapped(QRegularExpression::anchoredPattern(QStringLiteral("<.*>")),
                                            QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression mailto(QStringLiteral("^mailto:[a-zA-Z0-9]"));
    static const QRegularExpression http(QStringLiteral("^https?://[a-zA-Z0-9]"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression space(QStringLiteral("\\s"));

    QString v = header.trimmed();
    v.remove(comment);
    v = v.trimmed();
    if (!link.match(v).hasMatch()) {
        out.errors = quoted(v) + QStringLiteral(" no valid unsubscribe links found");
        return out;
    }
    if (!wrapped.match(v).hasMatch()) {
        out.errors = quoted(v) + QStringLiteral(" should be enclosed in <>");
        return out;
    }
    QStringList found;
    for (auto it = link.globalMatch(v); it.hasNext();)
        found.append(it.next().captured(1));
    QStringList errors;
    if (found.size() > 2) {
        errors.append(quoted(v) + QStringLiteral(" should include a maximum of one email and one HTTP link"));
    } else {
        for (auto it = between.globalMatch(v); it.hasNext();) {
            if (!separator.match(it.next().captured(1)).hasMatch()) {
                out.errors = quoted(v) + QStringLiteral(" <> should be split with a comma and optional spaces");
                return out;
            }
        }
        bool hasMailto = false;
        bool hasHttp = false;
        for (const QString &l : std::as_const(found)) {
            if (space.match(l).hasMatch()) {
                errors.append(quoted(l) + QStringLiteral(" should not contain spaces"));
            } else if (mailto.match(l).hasMatch()) {
                if (hasMailto)
                    errors.append(quoted(l) + QStringLiteral(" should only contain one mailto:"));
                else
                    out.links.append(l);
                hasMailto = true;
            } else if (http.match(l).hasMatch()) {
                if (hasHttp)
                    errors.append(quoted(l) + QStringLiteral(" should only contain one HTTP link"));
                else
                    out.links.append(l);
                hasHttp = true;
            } else {
                errors.append(quoted(l) + QStringLiteral(" should start with either http(s):// or mailto:"));
            }
        }
    }
    out.errors = errors.join(QStringLiteral(", "));
    return out;
}

QJsonObject toJson(const ListUnsubscribe &value)
{
    return {
        {QStringLiteral("Header"), value.header},
        {QStringLiteral("Links"), QJsonArray::fromStringList(value.links)},
        {QStringLiteral("Errors"), value.errors},
        {QStringLiteral("HeaderPost"), value.headerPost},
    };
}

} // namespace Api
