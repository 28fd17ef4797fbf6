// The main window's fault injection and teaching docks: fault rules, held sessions, the
// SMTP console, and transcript export. Kept apart so mainwindow.cpp stays about mail.
#include "mainwindow.h"

#include "capturecontroller.h"
#include "models/sessionlistmodel.h"
#include "notifier.h"
#include "store/reader.h"
#include "transcriptexport.h"
#include "views/messageview.h"
#include "widgets/faultrulespanel.h"
#include "widgets/holdpanel.h"
#include "widgets/smtpconsolewidget.h"

#include "smtp/consoleclient.h"

#include <QDockWidget>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QSaveFile>
#include <QSslSocket>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeView>

namespace Ui {

namespace {

QDockWidget *dock(QMainWindow *window, const QString &name, const QString &title, QWidget *content, Qt::DockWidgetArea area)
{
    auto *d = new QDockWidget(title, window);
    d->setObjectName(name);
    d->setWidget(content);
    window->addDockWidget(area, d);
    return d;
}

constexpr int kTranscriptTab = 3;

} // namespace

void MainWindow::createTeachingDocks()
{
    m_faultRules = new FaultRulesPanel(m_capture, this);
    m_holds = new HoldPanel(m_capture->holdBroker(), this);
    m_console = new SmtpConsoleWidget(this);
    QDockWidget *rulesDock = dock(this, QStringLiteral("faultRulesDock"), tr("Fault rules"), m_faultRules, Qt::BottomDockWidgetArea);
    QDockWidget *holdDock = dock(this, QStringLiteral("holdDock"), tr("Held sessions"), m_holds, Qt::RightDockWidgetArea);
    QDockWidget *consoleDock = dock(this, QStringLiteral("consoleDock"), tr("SMTP console"), m_console, Qt::RightDockWidgetArea);
    tabifyDockWidget(holdDock, consoleDock);
    for (QDockWidget *d : {rulesDock, holdDock, consoleDock})
        d->hide(); // out of the way until asked for; a hold brings its dock up by itself

    connect(m_capture, &CaptureController::sessionsStarted, m_holds, &HoldPanel::addSessions);
    connect(m_holds, &HoldPanel::holdArrived, this, [this, holdDock](const Faults::HoldRequest &r) {
        holdDock->show();
        holdDock->raise();
        m_notifier->alert(tr("A session is held"), tr("Rule %1 holds %2: choose its reply in Mailscope")
                                                       .arg(r.rule, QString::fromLatin1(r.command)));
    });

    // The console talks to this window's own listener unless the user types another target.
    const auto target = [this] {
        const QList<Smtp::ListenAddress> addresses = m_capture->addresses();
        if (!addresses.isEmpty())
            m_console->setTarget(addresses.first().address.toString(), addresses.first().port);
    };
    connect(m_capture, &CaptureController::runningChanged, this, target);
    target();
    // The server's side of the console's conversation opens in the Transcript beside it.
    if (auto *client = m_console->findChild<Smtp::ConsoleClient *>()) {
        connect(client, &Smtp::ConsoleClient::connected, this, [this, client] {
            const auto *socket = client->findChild<QSslSocket *>();
            m_consolePort = socket ? socket->localPort() : 0;
        });
    }
    connect(m_capture, &CaptureController::sessionsStarted, this, [this](const QList<Records::SessionRecord> &sessions) {
        for (const Records::SessionRecord &s : sessions) {
            if (m_consolePort && s.clientPort == m_consolePort && QHostAddress(s.clientAddress).isLoopback()) {
                m_consolePort = 0;
                m_messageView->showSession(s.id);
                m_messageView->tabs()->setCurrentIndex(kTranscriptTab);
            }
        }
    });

    QMenu *teach = menuBar()->addMenu(tr("&Teach"));
    teach->setObjectName(QStringLiteral("teachMenu"));
    QAction *rules = rulesDock->toggleViewAction();
    rules->setShortcut(QKeySequence(tr("Ctrl+Shift+F")));
    teach->addAction(rules);
    teach->addAction(holdDock->toggleViewAction());
    QAction *console = consoleDock->toggleViewAction();
    console->setShortcut(QKeySequence(tr("Ctrl+Shift+C")));
    teach->addAction(console);
    QAction *step = teach->addAction(tr("&Step mode"));
    step->setObjectName(QStringLiteral("stepModeAction"));
    step->setCheckable(true);
    connect(step, &QAction::toggled, m_faultRules, &FaultRulesPanel::setStepMode);
    connect(m_faultRules, &FaultRulesPanel::stepModeChanged, this, [step, holdDock](bool on) {
        step->setChecked(on);
        if (on)
            holdDock->show();
    });
    teach->addSeparator();
    teach->addAction(tr("Export transcript as &text…"), this, [this] { exportSessionTranscript(false); });
    teach->addAction(tr("Export transcript as &HTML…"), this, [this] { exportSessionTranscript(true); });
}

bool MainWindow::writeTranscript(qint64 sessionId, const QString &path, bool html, QString *error) const
{
    const auto session = m_counter ? m_counter->session(sessionId) : std::nullopt;
    if (!session) {
        *error = tr("Session %1 is not in the database.").arg(sessionId);
        return false;
    }
    const QList<Records::TranscriptLine> lines = m_counter->transcript(sessionId);
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly)) {
        file.write((html ? TranscriptExport::toHtml(*session, lines) : TranscriptExport::toText(*session, lines)).toUtf8());
        if (file.commit())
            return true;
    }
    *error = tr("Cannot write %1: %2").arg(path, file.errorString());
    return false;
}

void MainWindow::exportSessionTranscript(bool html)
{
    qint64 id = m_messageView->sessionId();
    if (m_listTabs->currentWidget() == m_sessionList && m_sessionList->currentIndex().isValid())
        id = m_sessionList->currentIndex().data(SessionListModel::IdRole).toLongLong();
    if (id <= 0) {
        statusBar()->showMessage(tr("Select a session or a message first."), 5000);
        return;
    }
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export transcript"), QStringLiteral("session-%1.%2").arg(id).arg(html ? QStringLiteral("html") : QStringLiteral("txt")),
        html ? tr("HTML (*.html)") : tr("Text (*.txt)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!writeTranscript(id, path, html, &error))
        QMessageBox::warning(this, tr("Export transcript"), error);
    else
        statusBar()->showMessage(tr("Transcript of session %1 written to %2").arg(id).arg(path), 6000);
}

} // namespace Ui
