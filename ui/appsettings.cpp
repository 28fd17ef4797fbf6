#include "appsettings.h"

#include "store/database.h"

#include <QSettings>

namespace Ui {

namespace {

template<typename T>
T value(const QSettings &s, const char *key, T fallback)
{
    return s.value(QLatin1String(key), QVariant::fromValue(fallback)).template value<T>();
}

} // namespace

AppSettings AppSettings::load(const QSettings &s)
{
    AppSettings a;
    const QStringList listen = s.value(QStringLiteral("server/listen"), a.listen).toStringList();
    if (!listen.isEmpty())
        a.listen = listen;
    a.hostname = value(s, "server/hostname", a.hostname);
    a.limits.maxMessageSize = value(s, "limits/maxMessageSize", a.limits.maxMessageSize);
    a.limits.maxRecipients = value(s, "limits/maxRecipients", a.limits.maxRecipients);
    a.limits.maxLineLength = value(s, "limits/maxLineLength", a.limits.maxLineLength);
    a.limits.idleTimeoutMs = value(s, "limits/idleTimeoutMs", a.limits.idleTimeoutMs);
    a.limits.maxConnections = value(s, "limits/maxConnections", a.limits.maxConnections);
    a.fullDurability = value(s, "store/fullDurability", a.fullDurability);
    a.databasePath = value(s, "store/database", a.databasePath);
    a.maxMessages = value(s, "store/maxMessages", a.maxMessages);
    a.notifications = value(s, "desktop/notifications", a.notifications);
    a.notifyWhenActive = value(s, "desktop/notifyWhenActive", a.notifyWhenActive);
    a.closeToTray = value(s, "desktop/closeToTray", a.closeToTray);
    return a;
}

void AppSettings::save(QSettings &s) const
{
    s.setValue(QStringLiteral("server/listen"), listen);
    s.setValue(QStringLiteral("server/hostname"), hostname);
    s.setValue(QStringLiteral("limits/maxMessageSize"), limits.maxMessageSize);
    s.setValue(QStringLiteral("limits/maxRecipients"), limits.maxRecipients);
    s.setValue(QStringLiteral("limits/maxLineLength"), limits.maxLineLength);
    s.setValue(QStringLiteral("limits/idleTimeoutMs"), limits.idleTimeoutMs);
    s.setValue(QStringLiteral("limits/maxConnections"), limits.maxConnections);
    s.setValue(QStringLiteral("store/fullDurability"), fullDurability);
    s.setValue(QStringLiteral("store/database"), databasePath);
    s.setValue(QStringLiteral("store/maxMessages"), maxMessages);
    s.setValue(QStringLiteral("desktop/notifications"), notifications);
    s.setValue(QStringLiteral("desktop/notifyWhenActive"), notifyWhenActive);
    s.setValue(QStringLiteral("desktop/closeToTray"), closeToTray);
}

QString AppSettings::effectiveDatabasePath() const
{
    return databasePath.isEmpty() ? Store::defaultDatabasePath() : databasePath;
}

std::optional<Capture::Config> AppSettings::captureConfig(QString *error) const
{
    Capture::Config config;
    config.databasePath = effectiveDatabasePath();
    config.durability = fullDurability ? Store::Writer::Durability::Full : Store::Writer::Durability::Normal;
    config.server.protocol.hostname = hostname.toUtf8();
    config.server.protocol.limits = limits;
    config.server.listen.clear();
    for (const QString &text : listen) {
        const auto address = Smtp::ListenAddress::parse(text.trimmed());
        if (!address) {
            if (error)
                *error = QObject::tr("\"%1\" is not an address and port (examples: 127.0.0.1:1025, [::1]:1025, :1025).")
                             .arg(text);
            return std::nullopt;
        }
        config.server.listen.append(*address);
    }
    if (config.server.listen.isEmpty()) {
        if (error)
            *error = QObject::tr("Give at least one address and port to listen on.");
        return std::nullopt;
    }
    return config;
}

bool AppSettings::needsRestart(const AppSettings &o) const
{
    return listen != o.listen || hostname != o.hostname || fullDurability != o.fullDurability
        || effectiveDatabasePath() != o.effectiveDatabasePath() || limits.maxMessageSize != o.limits.maxMessageSize
        || limits.maxRecipients != o.limits.maxRecipients || limits.maxLineLength != o.limits.maxLineLength
        || limits.idleTimeoutMs != o.limits.idleTimeoutMs || limits.maxConnections != o.limits.maxConnections;
}

} // namespace Ui
