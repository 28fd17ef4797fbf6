#pragma once

#include "capture/serversettings.h"

#include <memory>

class QSettings;

namespace Ui {

// How the Preview tab shows a message; kept between runs.
enum class PreviewWidth { Phone, Tablet, Full };
struct PreviewSettings
{
    PreviewWidth width = PreviewWidth::Full;
    int zoomPercent = 100;
    bool monospace = false; // plain text in a fixed-width font

    friend bool operator==(const PreviewSettings &, const PreviewSettings &) = default;
};

// What the Settings dialog edits: the server settings `mailscope serve` takes as flags, and
// the window's own preferences, as QSettings keeps them.
struct AppSettings : Capture::ServerSettings
{
    bool notifications = true;
    bool notifyWhenActive = false;
    bool closeToTray = false;
    PreviewSettings preview;

    static AppSettings load(const QSettings &settings);
    void save(QSettings &settings) const;
};

// The window's settings file, ~/.config/mailscope/mailscope.conf.
std::unique_ptr<QSettings> openSettingsFile();

} // namespace Ui
