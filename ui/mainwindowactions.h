#pragma once

#include <QKeySequence>
#include <QList>
#include <QObject>

#include <utility>

class QAction;
class QMainWindow;

namespace Ui {

class FaultPlanButton;
class MainView;
class MessageCommands;
class MessageCounts;
class ServerControl;

// Builds and owns the main window's actions, toolbar and menus (the Teach menu is the
// teaching docks' own) and connects each action to the part of the window it drives. The
// object names of the actions are what tests and scripts find them by.
class MainWindowActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindowActions)

public:
    MainWindowActions(QMainWindow *window, MainView *view, ServerControl *server, MessageCommands *commands,
                      MessageCounts *counts, FaultPlanButton *faults);
    ~MainWindowActions() override;

    QAction *pauseAction() const { return m_pause; }
    QAction *toggleRawAction() const { return m_toggleRaw; }
    void setServerRunning(bool running);     // the pause action's text and icon
    // Every key the window answers, once each, with what it does; the Help menu shows them.
    QList<std::pair<QKeySequence, QString>> shortcuts() const;
    void showShortcuts();

Q_SIGNALS:
    void settingsRequested();
    void quitRequested();

private:
    void createActions();
    void createToolBar();
    void createMenus();

    QMainWindow *m_window;
    MainView *m_view;
    ServerControl *m_server;
    MessageCommands *m_commands;
    MessageCounts *m_counts;
    FaultPlanButton *m_faults;
    QAction *m_pause = nullptr;
    QAction *m_markRead = nullptr;
    QAction *m_markUnread = nullptr;
    QAction *m_markAllRead = nullptr;
    QAction *m_delete = nullptr;
    QAction *m_clear = nullptr;
    QAction *m_export = nullptr;
    QAction *m_import = nullptr;
    QAction *m_preferences = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_toggleRaw = nullptr;
    QAction *m_find = nullptr;
    QAction *m_reload = nullptr;
};

} // namespace Ui
