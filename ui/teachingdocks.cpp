#include "teachingdocks.h"

#include "capturecontroller.h"
#include "mainview.h"
#include "models/sessionlistmodel.h"
#include "notifier.h"
#include "store/reader.h"
#include "transcriptexport.h"
#include "views/messageview.h"
#include "widgets/faultrulespanel.h"
#include "widgets/holdpanel.h"
#include "widgets/smtpconsolewidget.h"

#include "faults/presets.h"
#include "smtp/consoleclient.h"

#include <QDockWidget>
#include <QFileDialog>
#include <QHostAddress>
#include <QMainWindow>
#include <QMenuBar>
#include <QMessageBox>
#include <QFutureWatcher>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeView>
#include <QtConcurrent>

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

TeachingDocks::TeachingDocks(QMainWindow *window, CaptureController *capture, MainView *view, Notifier *notifier,
                             QStatusBar *statusBar)
    : QObject(window), m_window(window), m_capture(capture), m_view(view), m_notifier(notifier), m_statusBar(statusBar),
      m_faultRules(new FaultRulesPanel(m_capture, window)), m_holds(new HoldPanel(m_capture->holdBroker(), window)),
      m_console(new SmtpConsoleWidget(window)),
      m_rulesDock(dock(window, QStringLiteral("faultRulesDock"), tr("Fault rules"), m_faultRules, Qt::BottomDockWidgetArea)),
      m_holdDock(dock(window, QStringLiteral("holdDock"), tr("Held sessions"), m_holds, Qt::RightDockWidgetArea)),
      m_consoleDock(dock(window, QStringLiteral("consoleDock"), tr("SMTP console"), m_console, Qt::RightDockWidgetArea))
{
    window->tabifyDockWidget(m_holdDock, m_consoleDock);
    for (QDockWidget *d : {m_rulesDock, m_holdDock, m_consoleDock})
        d->hide(); // out of the way until asked for; a hold brings its dock up by itself

    connect(m_capture, &CaptureController::sessionsStarted, m_holds, &HoldPanel::addSessions);
    connect(m_holds, &HoldPanel::holdArrived, this, [this](const Faults::HoldRequest &r) {
        m_holdDock->show();
        m_holdDock->raise();
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
    Smtp::ConsoleClient *client = m_console->client();
    connect(client, &Smtp::ConsoleClient::connected, this, [this, client] { m_consolePort = client->localPort(); });
    connect(m_capture, &CaptureController::sessionsStarted, this, [this](const QList<Records::SessionRecord> &sessions) {
        for (const Records::SessionRecord &s : sessions) {
            if (m_consolePort && s.clientPort == m_consolePort && QHostAddress(s.clientAddress).isLoopback()) {
                m_consolePort = 0;
                m_view->messageView()->showSession(s.id);
                m_view->messageView()->tabs()->setCurrentIndex(kTranscriptTab);
            }
        }
    });
    createMenu();
}

TeachingDocks::~TeachingDocks() = default;

void TeachingDocks::setReader(const Store::Reader *reader)
{
    m_reader = reader;
}

void TeachingDocks::createMenu()
{
    QMenuBar *bar = m_window->menuBar();
    const auto *help = bar->findChild<QMenu *>(QStringLiteral("helpMenu"));
    QAction *before = help ? help->menuAction() : nullptr;

    // Faults: the plan and its rules.
    auto *faults = new QMenu(tr("Fa&ults"), bar);
    faults->setObjectName(QStringLiteral("faultsMenu"));
    QAction *rules = m_rulesDock->toggleViewAction();
    rules->setShortcut(QKeySequence(tr("Ctrl+Shift+F")));
    faults->addAction(rules);
    QAction *on = faults->addAction(tr("Faults &on"));
    on->setObjectName(QStringLiteral("faultsOnAction"));
    on->setCheckable(true);
    on->setToolTip(tr("Switch the whole plan; its rules are kept while it is off"));
    on->setChecked(m_faultRules->isActive());
    connect(on, &QAction::triggered, m_faultRules, &FaultRulesPanel::setActive);
    connect(m_capture, &CaptureController::faultPlanChanged, on, [this, on] { on->setChecked(m_faultRules->isActive()); });
    QMenu *presets = faults->addMenu(tr("&Presets"));
    presets->setToolTipsVisible(true);
    for (const Faults::PresetInfo &p : Faults::presets()) {
        QAction *a = presets->addAction(p.name, m_faultRules, [this, name = p.name] { m_faultRules->loadPreset(name); });
        a->setToolTip(p.summary);
    }
    faults->addSeparator();
    faults->addAction(tr("Open plan…"), m_faultRules, &FaultRulesPanel::openPlan);
    faults->addAction(tr("Save plan…"), m_faultRules, &FaultRulesPanel::savePlan);
    bar->insertMenu(before, faults);

    // Teach: showing a conversation step by step, typing one, exporting it.
    QDockWidget *holdDock = m_holdDock;
    auto *teach = new QMenu(tr("&Teach"), bar);
    teach->setObjectName(QStringLiteral("teachMenu"));
    QAction *step = teach->addAction(tr("&Step mode"));
    step->setObjectName(QStringLiteral("stepModeAction"));
    step->setCheckable(true);
    connect(step, &QAction::toggled, m_faultRules, &FaultRulesPanel::setStepMode);
    connect(m_faultRules, &FaultRulesPanel::stepModeChanged, this, [step, holdDock](bool on) {
        step->setChecked(on);
        if (on)
            holdDock->show();
    });
    teach->addAction(holdDock->toggleViewAction());
    QAction *console = m_consoleDock->toggleViewAction();
    console->setShortcut(QKeySequence(tr("Ctrl+Shift+C")));
    teach->addAction(console);
    teach->addSeparator();
    teach->addAction(tr("Export transcript as &text…"), this, [this] { exportSessionTranscript(false); });
    teach->addAction(tr("Export transcript as &HTML…"), this, [this] { exportSessionTranscript(true); });
    bar->insertMenu(before, teach);
}

bool TeachingDocks::writeTranscript(qint64 sessionId, const QString &path, bool html, QString *error) const
{
    if (!m_reader) {
        *error = tr("Session %1 is not in the database.").arg(sessionId);
        return false;
    }
    return TranscriptExport::writeFile(m_reader->connection().databaseName(), sessionId, path, html, error);
}

void TeachingDocks::exportSessionTranscript(bool html)
{
    QTreeView *sessionList = m_view->sessionList();
    qint64 id = m_view->messageView()->sessionId();
    if (m_view->listTabs()->currentWidget() == sessionList && sessionList->currentIndex().isValid())
        id = sessionList->currentIndex().data(SessionListModel::IdRole).toLongLong();
    if (id <= 0) {
        m_statusBar->showMessage(tr("Select a session or a message first."), 5000);
        return;
    }
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("Export transcript"), QStringLiteral("session-%1.%2").arg(id).arg(html ? QStringLiteral("html") : QStringLiteral("txt")),
        html ? tr("HTML (*.html)") : tr("Text (*.txt)"));
    if (path.isEmpty())
        return;
    if (!m_reader) {
        QMessageBox::warning(m_window, tr("Export transcript"), tr("Session %1 is not in the database.").arg(id));
        return;
    }
    // Off the GUI thread: a long connection's transcript takes a while to read and format.
    m_statusBar->showMessage(tr("Writing the transcript of session %1…").arg(id));
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, id, path] {
        watcher->deleteLater();
        const QString error = watcher->result();
        if (!error.isEmpty()) {
            m_statusBar->clearMessage();
            QMessageBox::warning(m_window, tr("Export transcript"), error);
        } else {
            m_statusBar->showMessage(tr("Transcript of session %1 written to %2").arg(id).arg(path), 6000);
        }
    });
    watcher->setFuture(QtConcurrent::run([database = m_reader->connection().databaseName(), id, path, html] {
        QString error;
        return TranscriptExport::writeFile(database, id, path, html, &error) ? QString() : error;
    }));
}

} // namespace Ui
