#pragma once

#include "capture/serversettings.h"

#include <memory>

class QSettings;

namespace Ui {

// What the Settings dialog edits: the server settings `mailscope serve` takes as flags, and
// the window's own preferences, as QSettings keeps them.
struct AppSettings : Capture::ServerSettings
{
    bool notifications = true;
    bool notifyWhenActive = false;
    bool closeToTray = false;

    static AppSettings load(const QSettings &settings);
    void save(QSettings &settings) const;
};

// The window's settings file, ~/.config/mailscope/mailscope.conf.
std::unique_ptr<QSettings> openSettingsFile();

} // namespace Ui
