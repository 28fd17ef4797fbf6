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

namespace {

const QString kPreviewWidthNames[] = {QStringLiteral("phone"), QStringLiteral("tablet"), QStringLiteral("full")};

PreviewWidth previewWidthFrom(const QString &name)
{
    for (int i = 0; i < 3; ++i) {
        if (kPreviewWidthNames[i] == name)
            return PreviewWidth(i);
    }
    return PreviewWidth::Full;
}

} // namespace

AppSettings AppSettings::load(const QSettings &s)
{
    AppSettings a;
    static_cast<Capture::ServerSettings &>(a) = Capture::ServerSettings::load(s);
    a.notifications = s.value(QStringLiteral("desktop/notifications"), a.notifications).toBool();
    a.notifyWhenActive = s.value(QStringLiteral("desktop/notifyWhenActive"), a.notifyWhenActive).toBool();
    a.closeToTray = s.value(QStringLiteral("desktop/closeToTray"), a.closeToTray).toBool();
    a.preview.width = previewWidthFrom(s.value(QStringLiteral("preview/width")).toString());
    a.preview.zoomPercent = qBound(25, s.value(QStringLiteral("preview/zoom"), a.preview.zoomPercent).toInt(), 500);
    a.preview.monospace = s.value(QStringLiteral("preview/monospace"), a.preview.monospace).toBool();
    return a;
}

void AppSettings::save(QSettings &s) const
{
    Capture::ServerSettings::save(s);
    s.setValue(QStringLiteral("desktop/notifications"), notifications);
    s.setValue(QStringLiteral("desktop/notifyWhenActive"), notifyWhenActive);
    s.setValue(QStringLiteral("desktop/closeToTray"), closeToTray);
    s.setValue(QStringLiteral("preview/width"), kPreviewWidthNames[int(preview.width)]);
    s.setValue(QStringLiteral("preview/zoom"), preview.zoomPercent);
    s.setValue(QStringLiteral("preview/monospace"), preview.monospace);
}

} // namespace Ui
