#pragma once

#include <QObject>

class QDockWidget;
class QMainWindow;
class QStatusBar;

namespace Store {
class Reader;
}

namespace Ui {

class CaptureController;
class FaultRulesPanel;
class HoldPanel;
class MainView;
class Notifier;
class SmtpConsoleWidget;

// Fault injection and teaching in the main window: the fault rules, held sessions and SMTP
// console docks, the Faults menu (the plan) and the Teach menu (step mode, held sessions,
// console, transcript export), both before Help. The console's
// own session opens in the Transcript tab beside it. GUI thread.
class TeachingDocks final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TeachingDocks)

public:
    TeachingDocks(QMainWindow *window, CaptureController *capture, MainView *view, Notifier *notifier,
                  QStatusBar *statusBar);
    ~TeachingDocks() override;

    void setReader(const Store::Reader *reader);     // not owned; null while there is none
    // A session's transcript as text (C:/S: lines with timestamps) or HTML with explanations.
    bool writeTranscript(qint64 sessionId, const QString &path, bool html, QString *error) const;

    FaultRulesPanel *faultRules() const { return m_faultRules; }
    HoldPanel *holds() const { return m_holds; }
    SmtpConsoleWidget *console() const { return m_console; }
    QDockWidget *faultRulesDock() const { return m_rulesDock; }
    QDockWidget *holdDock() const { return m_holdDock; }
    QDockWidget *consoleDock() const { return m_consoleDock; }

private:
    void createMenu();
    void exportSessionTranscript(bool html);

    QMainWindow *m_window;
    CaptureController *m_capture;
    MainView *m_view;
    Notifier *m_notifier;
    QStatusBar *m_statusBar;
    const Store::Reader *m_reader = nullptr;
    FaultRulesPanel *m_faultRules;
    HoldPanel *m_holds;
    SmtpConsoleWidget *m_console;
    QDockWidget *m_rulesDock;
    QDockWidget *m_holdDock;
    QDockWidget *m_consoleDock;
    quint16 m_consolePort = 0;      // the console's own end, to find its session
};

} // namespace Ui
