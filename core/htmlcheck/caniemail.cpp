#include "caniemail.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

namespace HtmlCheck {

namespace {

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QMap<QString, QString> stringMap(const QJsonObject &object)
{
    QMap<QString, QString> out;
    for (auto it = object.begin(); it != object.end(); ++it)
        out.insert(it.key(), it.value().toString());
    return out;
}

} // namespace

const CanIEmail &CanIEmail::data()
{
    static const CanIEmail instance;
    return instance;
}

CanIEmail::CanIEmail()
{
    const QJsonObject root = readJson(QStringLiteral(":/caniemail/caniemail.json"));
    QFile version(QStringLiteral(":/caniemail/VERSION"));
    if (version.open(QIODevice::ReadOnly))
        m_packageVersion = QString::fromLatin1(version.readAll().trimmed());
    m_lastUpdate = root.value(QLatin1String("last_update_date")).toString();
    const QJsonObject nice = root.value(QLatin1String("nicenames")).toObject();
    m_familyNames = stringMap(nice.value(QLatin1String("family")).toObject());
    m_platformNames = stringMap(nice.value(QLatin1String("platform")).toObject());

    static const QRegularExpression noteNumber(QStringLiteral("#(\\d+)\\s*$"));
    const QJsonArray entries = root.value(QLatin1String("data")).toArray();
    for (const QJsonValue &entry : entries) {
        const QJsonObject o = entry.toObject();
        Feature f;
        f.slug = o.value(QLatin1String("slug")).toString();
        f.title = o.value(QLatin1String("title")).toString();
        f.description = o.value(QLatin1String("description")).toString();
        f.url = o.value(QLatin1String("url")).toString();
        f.category = o.value(QLatin1String("category")).toString();
        f.keywords = o.value(QLatin1String("keywords")).toString();
        for (const QJsonValue &tag : o.value(QLatin1String("tags")).toArray())
            f.tags.append(tag.toString());
        f.notesByNumber = stringMap(o.value(QLatin1String("notes_by_num")).toObject());
        int yes = 0, partial = 0, no = 0;
        const QJsonObject stats = o.value(QLatin1String("stats")).toObject();
        for (auto family = stats.begin(); family != stats.end(); ++family) {
            const QJsonObject platforms = family.value().toObject();
            for (auto platform = platforms.begin(); platform != platforms.end(); ++platform) {
                QStringList &families = m_platforms[platform.key()];
                if (!families.contains(familyName(family.key())))
                    families.append(familyName(family.key()));
                const QJsonObject versions = platform.value().toObject();
                for (auto version = versions.begin(); version != versions.end(); ++version) {
                    ClientSupport r;
                    r.family = family.key();
                    r.platform = platform.key();
                    r.version = version.key();
                    r.name = familyName(r.family) + QLatin1Char(' ') + platformName(r.platform) + QStringLiteral(" (")
                             + r.version + QLatin1Char(')');
                    const QString value = version.value().toString();
                    if (value == QLatin1String("y")) {
                        r.support = Support::Yes;
                        ++yes;
                    } else if (value == QLatin1String("n")) {
                        r.support = Support::No;
                        ++no;
                    } else {
                        // "a", "a #1", "y #2", "u": all partial, as caniemail's own summaries count them.
                        r.support = Support::Partial;
                        ++partial;
                        const QRegularExpressionMatch m = noteNumber.match(value);
                        if (m.hasMatch())
                            r.noteNumber = m.captured(1);
                    }
                    f.results.append(r);
                }
            }
        }
        const int total = yes + partial + no;
        if (total > 0) {
            f.supported = 100.0 * yes / total;
            f.partial = 100.0 * partial / total;
            f.unsupported = 100.0 * no / total;
        }
        m_features.insert(f.slug, f);
    }
    for (QStringList &families : m_platforms)
        std::sort(families.begin(), families.end());
}

const Feature *CanIEmail::feature(const QString &slug) const
{
    const auto it = m_features.constFind(slug);
    return it == m_features.cend() ? nullptr : &*it;
}

} // namespace HtmlCheck
