#include "appsettings.h"

#include <QSettings>

namespace Ui {

std::unique_ptr<QSettings> openSettingsFile()
{
    // No organisation name: it would move the default database away from the one
    // `mailscope serve` uses (QStandardPaths' AppDataLocation includes it).
    return std::make_unique<QSettings>(QSettings::NativeFormat, QSettings::UserScope, QStringLiteral("mailscope"),
                                       QStringLiteral("mailscope"));
}

AppSettings AppSettings::load(const QSettings &s)
{
    AppSettings a;
    static_cast<Capture::ServerSettings &>(a) = Capture::ServerSettings::load(s);
    a.notifications = s.value(QStringLiteral("desktop/notifications"), a.notifications).toBool();
    a.notifyWhenActive = s.value(QStringLiteral("desktop/notifyWhenActive"), a.notifyWhenActive).toBool();
    a.closeToTray = s.value(QStringLiteral("desktop/closeToTray"), a.closeToTray).toBool();
    return a;
}

void AppSettings::save(QSettings &s) const
{
    Capture::ServerSettings::save(s);
    s.setValue(QStringLiteral("desktop/notifications"), notifications);
    s.setValue(QStringLiteral("desktop/notifyWhenActive"), notifyWhenActive);
    s.setValue(QStringLiteral("desktop/closeToTray"), closeToTray);
}

} // namespace Ui
