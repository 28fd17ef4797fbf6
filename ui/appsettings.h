#pragma once

#include "capture/captureservice.h"

#include <QStringList>

class QSettings;

namespace Ui {

// What the Settings dialog edits, as QSettings keeps it. Listen addresses are kept as text
// ("127.0.0.1:1025") so a value the user typed is never silently rewritten.
struct AppSettings
{
    QStringList listen{QStringLiteral("127.0.0.1:1025")};
    QString hostname = QStringLiteral("mailscope.localhost");
    Smtp::Limits limits;
    bool fullDurability = true;
    QString databasePath;       // empty: the default location
    qint64 maxMessages = 0;     // retention; 0 keeps everything
    bool notifications = true;
    bool notifyWhenActive = false;
    bool closeToTray = false;

    static AppSettings load(const QSettings &settings);
    void save(QSettings &settings) const;

    QString effectiveDatabasePath() const;
    // The service configuration, or nullopt with one sentence naming the bad address.
    std::optional<Capture::Config> captureConfig(QString *error) const;
    // True when applying other needs the listener (and store) to be restarted.
    bool needsRestart(const AppSettings &other) const;
};

} // namespace Ui
