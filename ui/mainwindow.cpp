#include "mainwindow.h"

#include "capture/signalwatcher.h"
#include "apicontrol.h"
#include "capturecontroller.h"
#include "dialogs/settingsdialog.h"
#include "livefeed.h"
#include "mainview.h"
#include "mainwindowactions.h"
#include "messagecommands.h"
#include "messagecounts.h"
#include "models/messagelistmodel.h"
#include "notifier.h"
#include "servercontrol.h"
#include "store/writer.h"
#include "store/maintenance.h"
#include "store/reader.h"
#include "teachingdocks.h"
#include "views/messagelistview.h"
#include "views/messageview.h"
#include "views/previewpane.h"
#include "widgets/faultplanbutton.h"
#include "widgets/faultrulespanel.h"
#include "widgets/infobar.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>

namespace Ui {

MainWindow::MainWindow(QSettings *settings, QWidget *parent)
    : QMainWindow(parent), m_settingsStore(settings), m_settings(AppSettings::load(*settings)),
      m_capture(new CaptureController(this)), m_view(new MainView(this)), m_notifier(nullptr)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("Mailscope"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/mailscope-256.png")));
    setAcceptDrops(true);
    m_notifier = new Notifier(this, this);
    m_notifier->setEnabled(m_settings.notifications, m_settings.notifyWhenActive);

    setCentralWidget(m_view);

    // Each part is handed what it works on; none looks another up.
    m_server = new ServerControl(m_capture, m_view->serverBar(), m_notifier, statusBar(), this);
    connect(m_server, &ServerControl::settingsRequested, this, [this] { openSettingsAt(true); });
    m_api = new ApiControl(m_capture, statusBar(), this);
    auto *countLabel = new QLabel(this);
    m_counts = new MessageCounts(countLabel, m_view, m_notifier, this);
    m_commands = new MessageCommands(m_capture, m_view, m_counts, statusBar(), this);
    m_faults = new FaultPlanButton(m_capture, statusBar(), this);
    m_actions = new MainWindowActions(this, m_view, m_server, m_commands, m_counts, m_faults);
    m_teaching = new TeachingDocks(this, m_capture, m_view, m_notifier, statusBar());
    m_teaching->faultRules()->keepIn(m_settingsStore);
    m_faults->setRulesPanel(m_teaching->faultRules());
    statusBar()->addWidget(countLabel, 1);

    connect(m_server, &ServerControl::stateChanged, m_actions, &MainWindowActions::setServerRunning);
    connect(m_actions, &MainWindowActions::settingsRequested, this, &MainWindow::openSettings);
    connect(m_actions, &MainWindowActions::quitRequested, this, &MainWindow::quit);
    connect(m_commands, &MessageCommands::importQueued, this, &MainWindow::importQueued);
    connect(m_view->messageView(), &MessageView::messageShown, m_commands, &MessageCommands::markShownRead);
    connect(m_view->messageView(), &MessageView::linkActivated, this, &MainWindow::openLink);
    m_view->messageView()->preview()->setSettings(m_settings.preview);
    connect(m_view->messageView()->preview(), &PreviewPane::settingsChanged, this, [this](const PreviewSettings &preview) {
        m_settings.preview = preview;
        m_settings.save(*m_settingsStore);
    });
    connect(m_view, &MainView::filterApplied, m_counts, &MessageCounts::showCounts);
    connect(m_view->messageModel(), &MessageListModel::filterFailed, this, [this](const QString &error) {
        statusBar()->showMessage(tr("Search failed: %1").arg(error), 8000);
    });

    connect(m_notifier, &Notifier::showWindowRequested, this, [this] {
        // A minimised window comes back too, not only a hidden one.
        setWindowState((windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
        show();
        raise();
        activateWindow();
    });
    connect(m_notifier, &Notifier::pauseToggleRequested, m_server, &ServerControl::togglePause);
    connect(m_notifier, &Notifier::quitRequested, this, &MainWindow::quit);

    m_feed = new LiveFeed(m_capture, m_view, m_counts, m_notifier, statusBar(), this);
    setDatabase(m_settings.effectiveDatabasePath());
    restoreLayout();
}

MainWindow::~MainWindow()
{
    // The capture controller is a child, deleted after this window's members; what it still
    // publishes while it drains reaches handlers bound to this window. So the API stops and the
    // capture drains first, while every member and part is whole.
    m_api->stop();
    m_capture->shutdown();
}

MessageListModel *MainWindow::messageModel() const
{
    return m_view->messageModel();
}

SessionListModel *MainWindow::sessionModel() const
{
    return m_view->sessionModel();
}

MessageListView *MainWindow::messageList() const
{
    return m_view->messageList();
}

QTreeView *MainWindow::sessionList() const
{
    return m_view->sessionList();
}

QTabWidget *MainWindow::listTabs() const
{
    return m_view->listTabs();
}

MessageView *MainWindow::messageView() const
{
    return m_view->messageView();
}

SearchField *MainWindow::searchField() const
{
    return m_view->searchField();
}

FaultRulesPanel *MainWindow::faultRules() const
{
    return m_teaching->faultRules();
}

HoldPanel *MainWindow::holds() const
{
    return m_teaching->holds();
}

SmtpConsoleWidget *MainWindow::console() const
{
    return m_teaching->console();
}

bool MainWindow::startCapture(QString *error)
{
    const bool listening = m_server->start(m_settings, error);
    m_api->start(m_settings, nullptr); // shown on the status bar; mail is caught without it
    return listening;
}

void MainWindow::setDatabase(const QString &path)
{
    // Readers never create or migrate a database; the writer's open path does, first.
    Store::Writer::upgrade(path, nullptr);
    m_reader = std::make_unique<Store::Reader>(path);
    m_counts->setReader(m_reader.get());
    m_commands->setReader(m_reader.get());
    m_teaching->setReader(m_reader.get());
    m_view->setDatabase(path);
    if (!m_reader->isOpen())
        m_server->showProblem(m_reader->error());
    m_counts->recount();
}

void MainWindow::applySettings(const AppSettings &settings)
{
    const AppSettings before = m_settings;
    m_settings = settings;
    m_settings.save(*m_settingsStore);
    m_notifier->setEnabled(settings.notifications, settings.notifyWhenActive);
    if (settings.needsRestart(before)) {
        m_server->restart(settings);
        if (before.effectiveDatabasePath() != settings.effectiveDatabasePath())
            setDatabase(settings.effectiveDatabasePath());
        statusBar()->showMessage(m_server->isPausedByUser() ? tr("Settings applied; the server stays paused. Stored mail is kept.")
                                                            : tr("Listener restarted; stored mail is kept."),
                                 5000);
    } else {
        if (settings.retention != before.retention)
            m_capture->setRetention(settings.retention);
        if (!(settings.relay == before.relay)) {
            QString error;
            if (const auto relay = settings.relay.config(&error))
                m_capture->setRelay(*relay);
            else
                statusBar()->showMessage(tr("Relay not changed: %1").arg(error), 10000);
        }
    }
    if (settings.needsApiRestart(before))
        m_api->start(settings, nullptr);
    m_server->updateServerState();
}

void MainWindow::selectMessage(qint64 id)
{
    m_view->selectMessage(id);
}

QList<qint64> MainWindow::selectedMessageIds() const
{
    return m_view->selectedMessageIds();
}

void MainWindow::importFiles(const QStringList &paths)
{
    m_commands->importFiles(paths);
}

bool MainWindow::writeTranscript(qint64 sessionId, const QString &path, bool html, QString *error) const
{
    return m_teaching->writeTranscript(sessionId, path, html, error);
}

void MainWindow::openSettings()
{
    openSettingsAt(false);
}

void MainWindow::openSettingsAt(bool listenAddresses)
{
    SettingsDialog dialog(m_settings, this);
    if (listenAddresses)
        dialog.focusListenAddresses();
    dialog.setRetentionCount([this](const Store::Retention &retention) -> std::optional<qint64> {
        if (!m_reader || !m_reader->isOpen())
            return std::nullopt;
        QSqlDatabase db = m_reader->connection();
        return Store::Maintenance::Pruner::countBeyond(db, retention, nullptr);
    });
    if (dialog.exec() == QDialog::Accepted)
        applySettings(dialog.settings());
}

void MainWindow::openLink(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https") && scheme != QLatin1String("mailto")) {
        statusBar()->showMessage(tr("Not opened: %1").arg(url.toString()), 6000);
        return;
    }
    const auto answer = QMessageBox::question(this, tr("Open link"),
                                              tr("Open this link in your browser?\n\n%1").arg(url.toString()));
    if (answer == QMessageBox::Yes)
        QDesktopServices::openUrl(url);
}

void MainWindow::quit()
{
    m_quitting = true;
    close();                   // saves the layout
    QCoreApplication::quit();  // also when the window was hidden in the tray
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_settings.closeToTray && m_notifier->hasTray() && !m_quitting) {
        hide();
        event->ignore();
        return;
    }
    saveLayout();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->source() == nullptr && event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls()) {
        if (url.isLocalFile())
            paths.append(url.toLocalFile());
    }
    importFiles(paths);
    event->acceptProposedAction();
}

void MainWindow::restoreLayout()
{
    QSettings &s = *m_settingsStore;
    if (!restoreGeometry(s.value(QStringLiteral("layout/geometry")).toByteArray()))
        resize(1280, 820);
    restoreState(s.value(QStringLiteral("layout/state")).toByteArray());
    if (!m_view->splitter()->restoreState(s.value(QStringLiteral("layout/mainSplitter")).toByteArray()))
        m_view->splitter()->setSizes({height() * 2 / 5, height() * 3 / 5});
    if (!m_view->messageView()->splitter()->restoreState(s.value(QStringLiteral("layout/messageSplitter")).toByteArray()))
        m_view->messageView()->splitter()->setSizes({width() * 11 / 20, width() * 9 / 20});
    // A layout saved before a column existed shows it only once the user asks for it.
    if (m_view->messageList()->header()->restoreState(s.value(QStringLiteral("layout/messageColumns")).toByteArray())) {
        for (int column = s.value(QStringLiteral("layout/messageColumnCount"), MessageListModel::Date).toInt();
             column < MessageListModel::ColumnCount; ++column)
            m_view->messageList()->setColumnHidden(column, true);
    }
    m_view->sessionList()->header()->restoreState(s.value(QStringLiteral("layout/sessionColumns")).toByteArray());
    m_actions->toggleRawAction()->setChecked(s.value(QStringLiteral("layout/rawVisible"), true).toBool());
    m_view->messageView()->tabs()->setCurrentIndex(s.value(QStringLiteral("layout/messageTab"), 0).toInt());
}

void MainWindow::saveLayout() const
{
    QSettings &s = *m_settingsStore;
    s.setValue(QStringLiteral("layout/geometry"), saveGeometry());
    s.setValue(QStringLiteral("layout/state"), saveState());
    s.setValue(QStringLiteral("layout/mainSplitter"), m_view->splitter()->saveState());
    s.setValue(QStringLiteral("layout/messageSplitter"), m_view->messageView()->splitter()->saveState());
    s.setValue(QStringLiteral("layout/messageColumns"), m_view->messageList()->header()->saveState());
    s.setValue(QStringLiteral("layout/messageColumnCount"), int(MessageListModel::ColumnCount));
    s.setValue(QStringLiteral("layout/sessionColumns"), m_view->sessionList()->header()->saveState());
    s.setValue(QStringLiteral("layout/rawVisible"), m_actions->toggleRawAction()->isChecked());
    s.setValue(QStringLiteral("layout/messageTab"), m_view->messageView()->tabs()->currentIndex());
}

int runMainWindow(QApplication &app, bool recordPasswords)
{
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/mailscope-256.png")));
    QApplication::setDesktopFileName(QStringLiteral("io.github.mailscope.Mailscope"));
    const std::unique_ptr<QSettings> settings = openSettingsFile();
    if (recordPasswords) {
        AppSettings s = AppSettings::load(*settings);
        s.recordPasswords = true;
        s.save(*settings);
    }
    // SIGINT and SIGTERM (a session logout, Ctrl-C in a terminal) end it as Quit does, also
    // when they come while it starts: they wait in the watcher until the event loop runs.
    SignalWatcher signalWatcher;
    MainWindow window(settings.get());
    QObject::connect(&signalWatcher, &SignalWatcher::stopRequested, &window, &MainWindow::quit);
    window.startCapture(nullptr); // a port in use is shown in the window, with a way to change it
    window.show();
    return app.exec();
}

} // namespace Ui
