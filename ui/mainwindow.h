#pragma once

#include "appsettings.h"

#include <QMainWindow>

#include <memory>

class QApplication;
class QSettings;
class QTabWidget;
class QTreeView;

namespace Store {
class Reader;
}

namespace Ui {

class ApiControl;
class CaptureController;
class FaultPlanButton;
class FaultRulesPanel;
class HoldPanel;
class LiveFeed;
class MainView;
class MainWindowActions;
class MessageCommands;
class MessageCounts;
class MessageListModel;
class MessageListView;
class MessageView;
class Notifier;
class SearchField;
class ServerControl;
class SessionListModel;
class SmtpConsoleWidget;
class TeachingDocks;

// The main window: the server's controls and search on the toolbar, the message and session
// lists above, the selected message's tabs and raw bytes below, the teaching docks around
// them. It composes the parts that do the work and wires them together; preferences and
// layout live in the QSettings it is given, and the capture service starts with them.
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
    MainView *mainView() const { return m_view; }
    MessageListModel *messageModel() const;
    SessionListModel *sessionModel() const;
    MessageListView *messageList() const;
    QTreeView *sessionList() const;
    QTabWidget *listTabs() const;
    MessageView *messageView() const;
    SearchField *searchField() const;
    Notifier *notifier() const { return m_notifier; }
    MainWindowActions *windowActions() const { return m_actions; }
    FaultPlanButton *faultPlanButton() const { return m_faults; }
    TeachingDocks *teaching() const { return m_teaching; }
    ApiControl *api() const { return m_api; }
    FaultRulesPanel *faultRules() const;
    HoldPanel *holds() const;
    SmtpConsoleWidget *console() const;
    // A session's transcript as text (C:/S: lines with timestamps) or HTML with explanations.
    bool writeTranscript(qint64 sessionId, const QString &path, bool html, QString *error) const;

Q_SIGNALS:
    void importQueued(int messages, const QStringList &errors);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void restoreLayout();
    void saveLayout() const;
    void setDatabase(const QString &path);
    void openSettings();
    void openSettingsAt(bool listenAddresses); // with the listen addresses focused, to pick a free port
    void openLink(const QUrl &url);

    QSettings *m_settingsStore;
    AppSettings m_settings;
    CaptureController *m_capture;
    std::unique_ptr<Store::Reader> m_reader;
    MainView *m_view;
    Notifier *m_notifier;
    ServerControl *m_server;
    ApiControl *m_api;
    MessageCounts *m_counts;
    MessageCommands *m_commands;
    FaultPlanButton *m_faults;
    MainWindowActions *m_actions;
    TeachingDocks *m_teaching;
    LiveFeed *m_feed;
    bool m_quitting = false;
};

// Opens the window on the saved settings and runs the event loop.
// recordPasswords (`mailscope gui --record-passwords`): turns on Record passwords in the
// settings before the server starts, as the Settings dialog would.
int runMainWindow(QApplication &app, bool recordPasswords = false);

} // namespace Ui
