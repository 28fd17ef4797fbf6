#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

// The Can I Email data set (caniemail.com, the npm package caniemail, MIT), compiled into the
// binary as a Qt resource (resources/caniemail). Loaded once on first use, then read-only and
// shared by every thread.
namespace HtmlCheck {

enum class Support { Yes, Partial, No };

// How one client version supports a feature ("y", "n", or anything else: partial).
struct ClientSupport
{
    QString family;             // "gmail", "outlook", ...
    QString platform;           // "ios", "desktop-webmail", ...
    QString version;            // "2019-10", "16.80", ...
    QString name;               // "Outlook Windows (2019)": the nice family, platform and version
    Support support = Support::No;
    QString noteNumber;         // "1" for "a #1"; empty when none
};

struct Feature
{
    QString slug, title, description, url, category, keywords;
    QStringList tags;
    QMap<QString, QString> notesByNumber;
    QList<ClientSupport> results; // by family, platform, version
    // The share of results with each support, in percent (0..100).
    double supported = 0, partial = 0, unsupported = 0;
};

class CanIEmail
{
public:
    static const CanIEmail &data();

    const Feature *feature(const QString &slug) const;
    // Every platform with the nice names of the families tested on it, sorted.
    const QMap<QString, QStringList> &platforms() const { return m_platforms; }
    QString familyName(const QString &family) const { return m_familyNames.value(family, family); }
    QString platformName(const QString &platform) const { return m_platformNames.value(platform, platform); }
    QString packageVersion() const { return m_packageVersion; }   // of the npm package shipped
    QString lastUpdate() const { return m_lastUpdate; }           // of its data

private:
    CanIEmail();

    QMap<QString, Feature> m_features;
    QMap<QString, QStringList> m_platforms;
    QMap<QString, QString> m_familyNames, m_platformNames;
    QString m_packageVersion, m_lastUpdate;
};

} // namespace HtmlCheck
