#pragma once

#include <QObject>

class QLabel;
class QPushButton;
class QStatusBar;
class QWidget;

namespace Ui {

struct AppSettings;
class CaptureController;
class InfoBar;
class Notifier;

// The listener's life in the window: starts it with the settings, pauses and resumes it for
// the user, restarts it when settings change (paused by the user stays paused), and shows
// its state: "Listening on …" beside the pause button, the window title, the tray, and a
// banner saying why it is not listening (a port in use), with the button that opens the
// settings to fix it. Banner and status bar say the same. GUI thread.
class ServerControl final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerControl)

public:
    ServerControl(CaptureController *capture, InfoBar *banner, Notifier *notifier, QStatusBar *statusBar,
                  QWidget *window);
    ~ServerControl() override;

    bool start(const AppSettings &settings, QString *error);   // listens with these settings
    void restart(const AppSettings &settings);
    void togglePause();
    bool isPausedByUser() const { return m_pausedByUser; }
    void showProblem(const QString &text);                      // in the banner
    void updateServerState();
    QLabel *listeningLabel() const { return m_listening; }
    QPushButton *fixButton() const { return m_fix; }

Q_SIGNALS:
    void stateChanged(bool running);
    void settingsRequested();   // the banner's button: the listen address is chosen there

private:
    void showListenFailure(const QString &why);

    CaptureController *m_capture;
    InfoBar *m_serverBar;
    Notifier *m_notifier;
    QStatusBar *m_statusBar;
    QWidget *m_window;
    QLabel *m_listening;
    QPushButton *m_fix;
    QString m_notListening;     // why the listener failed, as the status bar says it
    bool m_pausedByUser = false;
};

} // namespace Ui
