#pragma once

#include "appsettings.h"

#include <QMainWindow>
#include <QTimer>

#include <memory>

class QAction;
class QApplication;
class QLabel;
class QSettings;
class QTabWidget;
class QToolButton;
class QTreeView;
class QSplitter;

namespace Store {
class Reader;
struct CommitBatch;
}

namespace Ui {

class CaptureController;
class FaultRulesPanel;
class HoldPanel;
class SmtpConsoleWidget;
class InfoBar;
class MessageListModel;
class MessageListView;
class MessageView;
class Notifier;
class SearchField;
class SessionListModel;

// The main window: the server's controls and search on the toolbar, the message and session
// lists above, the selected message's tabs and raw bytes below. Preferences and layout live
// in the QSettings it is given; the capture service starts with them.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QSettings *settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    bool startCapture(QString *error);           // listens with the saved settings
    void applySettings(const AppSettings &settings);
    void importFiles(const QStringList &paths);
    void selectMessage(qint64 id);
    QList<qint64> selectedMessageIds() const;
    void quit();                                 // as the Quit action: also from the tray or when hidden

    CaptureController *capture() const { return m_capture; }
    MessageListModel *messageModel() const { return m_messages; }
    SessionListModel *sessionModel() const { return m_sessions; }
    MessageListView *messageList() const { return m_messageList; }
    QTreeView *sessionList() const { return m_sessionList; }
    QTabWidget *listTabs() const { return m_listTabs; }
    MessageView *messageView() const { return m_messageView; }
    SearchField *searchField() const { return m_search; }
    Notifier *notifier() const { return m_notifier; }
    FaultRulesPanel *faultRules() const { return m_faultRules; }
    HoldPanel *holds() const { return m_holds; }
    SmtpConsoleWidget *console() const { return m_console; }
    // A session's transcript as text (C:/S: lines with timestamps) or HTML with explanations.
    bool writeTranscript(qint64 sessionId, const QString &path, bool html, QString *error) const;

Q_SIGNALS:
    void importQueued(int messages, const QStringList &errors);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createToolBar();
    void createMenus();
    void connectCapture();
    void restoreLayout();
    void saveLayout() const;
    void setDatabase(const QString &path);

    void showSelectedMessage();
    void onMessageShown(qint64 id);
    void onStoreChanged(const Records::CommitBatch &changes);
    void togglePause();
    void markSelected(bool seen);
    void markAllRead();
    void deleteSelected();
    void clearAll();
    void exportSelected();
    void openSettings();
    void openLink(const QUrl &url);
    void updateServerState();
    void recount();     // from the database: after deletions, read-state changes, reloads
    void showCounts();
    void showShortcuts();
    void createFaultMenu();
    void createTeachingDocks();     // mainwindowteach.cpp
    void exportSessionTranscript(bool html);
    void chooseFaultPlan(const QString &preset);

    QSettings *m_settingsStore;
    AppSettings m_settings;
    CaptureController *m_capture;
    std::unique_ptr<Store::Reader> m_counter;
    MessageListModel *m_messages;
    SessionListModel *m_sessions;
    MessageListView *m_messageList;
    QTreeView *m_sessionList;
    QTabWidget *m_listTabs;
    MessageView *m_messageView;
    QSplitter *m_mainSplitter;
    SearchField *m_search;
    InfoBar *m_serverBar;
    QLabel *m_listening;
    QToolButton *m_faults;
    QLabel *m_countLabel;
    struct Counts
    {
        qint64 messages = 0, unread = 0, sessions = 0;
    } m_counts;         // kept up to date by live events between recounts
    Notifier *m_notifier;
    FaultRulesPanel *m_faultRules = nullptr;
    HoldPanel *m_holds = nullptr;
    SmtpConsoleWidget *m_console = nullptr;
    quint16 m_consolePort = 0;      // the console's own end, to find its session
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
    QTimer m_selectionDelay;
    QTimer m_countDelay;
    QTimer m_ticker;
    qint64 m_selectAfterDelete = 0;
    bool m_quitting = false;
    bool m_pausedByUser = false;
};

// Opens the window on the saved settings and runs the event loop.
int runMainWindow(QApplication &app);

} // namespace Ui
