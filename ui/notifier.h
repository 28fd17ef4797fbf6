#pragma once

#include "records/commitbatch.h"

#include <QIcon>
#include <QObject>
#include <QTimer>

class QAction;
class QMenu;
class QSystemTrayIcon;
class QWidget;

namespace Ui {

// The tray icon (unread count, pause/resume, show, quit) and desktop notifications on new
// mail: the first message of a burst is announced at once, the rest summed up once the
// throttle interval has passed, so a flood gives one notification every few seconds.
class Notifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Notifier)

public:
    static constexpr int kThrottleMs = 5000;

    explicit Notifier(QWidget *window, QObject *parent = nullptr);
    ~Notifier() override;

    void setEnabled(bool notifications, bool whenActive);
    void setThrottleInterval(int ms) { m_throttle.setInterval(ms); }
    void messagesArrived(const QList<Records::MessageSummary> &messages);
    void setUnread(qint64 count);
    void setRunning(bool running);
    // Something needs the user now (a held session): shown unless the window is active.
    void alert(const QString &title, const QString &body);
    bool hasTray() const { return m_tray != nullptr; }

Q_SIGNALS:
    void notified(const QString &title, const QString &body); // each one actually sent
    void showWindowRequested();
    void pauseToggleRequested();
    void quitRequested();

private:
    void flush();
    void send(const QString &title, const QString &body);
    QIcon badgeIcon(qint64 count) const;

    QWidget *m_window;
    QSystemTrayIcon *m_tray = nullptr;
    QMenu *m_menu = nullptr;
    QAction *m_pause = nullptr;
    QIcon m_icon;
    bool m_enabled = true;
    bool m_whenActive = false;
    QTimer m_throttle;
    int m_held = 0;
    Records::MessageSummary m_latest;
    uint m_lastId = 0; // the desktop notification to replace
    qint64 m_unread = 0;
};

} // namespace Ui
