// The main window's actions, toolbar, menus, layout persistence and start-up, kept apart
// from its behaviour in mainwindow.cpp so each file reads in one sitting.
#include "mainwindow.h"

#include "capture/signalwatcher.h"
#include "capturecontroller.h"
#include "models/messagelistmodel.h"
#include "models/sessionlistmodel.h"
#include "views/messagelistview.h"
#include "views/messageview.h"
#include "widgets/searchfield.h"

#include "faults/presets.h"

#include <QAction>
#include <QActionGroup>
#include <QFileInfo>
#include <QApplication>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>

namespace Ui {

namespace {

QIcon themedIcon(const char *name, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QString::fromLatin1(name), QApplication::style()->standardIcon(fallback));
}

QAction *makeAction(QObject *parent, const QString &name, const QString &text, const QKeySequence &shortcut,
                    const QString &tip = {})
{
    auto *action = new QAction(text, parent);
    action->setObjectName(name);
    action->setShortcut(shortcut);
    QString tooltip = tip.isEmpty() ? QString(text).remove(QLatin1Char('&')).remove(QStringLiteral("…")) : tip;
    if (!shortcut.isEmpty())
        tooltip += QStringLiteral(" (") + shortcut.toString(QKeySequence::NativeText) + QLatin1Char(')');
    action->setToolTip(tooltip);
    return action;
}

} // namespace

void MainWindow::createActions()
{
    m_pause = makeAction(this, QStringLiteral("pauseAction"), tr("&Pause server"), QKeySequence(tr("Ctrl+E")),
                         tr("Stop or start accepting connections; stored mail is kept"));
    connect(m_pause, &QAction::triggered, this, &MainWindow::togglePause);
    m_markRead = makeAction(this, QStringLiteral("markReadAction"), tr("Mark as &read"), QKeySequence(tr("Ctrl+R")));
    m_markRead->setIcon(themedIcon("mail-mark-read", QStyle::SP_DialogApplyButton));
    connect(m_markRead, &QAction::triggered, this, [this] { markSelected(true); });
    m_markUnread = makeAction(this, QStringLiteral("markUnreadAction"), tr("Mark as &unread"), QKeySequence(tr("Ctrl+U")));
    m_markUnread->setIcon(themedIcon("mail-mark-unread", QStyle::SP_DialogResetButton));
    connect(m_markUnread, &QAction::triggered, this, [this] { markSelected(false); });
    m_markAllRead = makeAction(this, QStringLiteral("markAllReadAction"), tr("Mark &all as read"),
                               QKeySequence(tr("Ctrl+Shift+R")));
    connect(m_markAllRead, &QAction::triggered, this, &MainWindow::markAllRead);
    m_delete = makeAction(this, QStringLiteral("deleteAction"), tr("&Delete"), QKeySequence::Delete,
                          tr("Delete the selected messages"));
    m_delete->setIcon(themedIcon("edit-delete", QStyle::SP_TrashIcon));
    m_delete->setShortcutContext(Qt::WidgetWithChildrenShortcut); // Delete in the search box edits text
    m_messageList->addAction(m_delete);
    connect(m_delete, &QAction::triggered, this, &MainWindow::deleteSelected);
    m_clear = makeAction(this, QStringLiteral("clearAction"), tr("&Clear all…"), QKeySequence(tr("Ctrl+Shift+Del")),
                         tr("Delete every stored message and finished session"));
    m_clear->setIcon(themedIcon("edit-clear-all", QStyle::SP_DialogDiscardButton));
    connect(m_clear, &QAction::triggered, this, &MainWindow::clearAll);
    m_export = makeAction(this, QStringLiteral("exportAction"), tr("&Export selected…"), QKeySequence::Save,
                          tr("Save the selected message as .eml, or several as an mbox file"));
    m_export->setIcon(themedIcon("document-save", QStyle::SP_DialogSaveButton));
    connect(m_export, &QAction::triggered, this, &MainWindow::exportSelected);
    m_import = makeAction(this, QStringLiteral("importAction"), tr("&Import…"), QKeySequence::Open,
                          tr("Store .eml and mbox files (or drop them on the window)"));
    m_import->setIcon(themedIcon("document-open", QStyle::SP_DialogOpenButton));
    connect(m_import, &QAction::triggered, this, [this] {
        importFiles(QFileDialog::getOpenFileNames(this, tr("Import messages"), {},
                                                  tr("Mail files (*.eml *.mbox *.mbx *.txt);;All files (*)")));
    });
    m_preferences = makeAction(this, QStringLiteral("settingsAction"), tr("&Settings…"), QKeySequence(tr("Ctrl+,")));
    m_preferences->setIcon(themedIcon("preferences-system", QStyle::SP_FileDialogDetailedView));
    connect(m_preferences, &QAction::triggered, this, &MainWindow::openSettings);
    m_quit = makeAction(this, QStringLiteral("quitAction"), tr("&Quit"), QKeySequence::Quit);
    connect(m_quit, &QAction::triggered, this, &MainWindow::quit);
    m_find = makeAction(this, QStringLiteral("findAction"), tr("&Find"), QKeySequence::Find);
    connect(m_find, &QAction::triggered, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    m_toggleRaw = makeAction(this, QStringLiteral("toggleRawAction"), tr("Show raw &bytes"), QKeySequence(tr("Ctrl+B")));
    m_toggleRaw->setCheckable(true);
    m_toggleRaw->setChecked(true);
    connect(m_toggleRaw, &QAction::toggled, this, [this](bool on) { m_messageView->splitter()->widget(1)->setVisible(on); });
    m_reload = makeAction(this, QStringLiteral("reloadAction"), tr("Re&load lists"), QKeySequence::Refresh);
    connect(m_reload, &QAction::triggered, this, [this] {
        m_messages->reload();
        m_sessions->reload();
        recount();
    });
    addActions({m_pause, m_markRead, m_markUnread, m_markAllRead, m_clear, m_export, m_import, m_preferences, m_quit,
                m_find, m_toggleRaw, m_reload});
    for (QAction *a : {m_markRead, m_markUnread, m_export, m_delete})
        m_messageList->addAction(a);
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_pause);
    m_listening->setObjectName(QStringLiteral("listeningLabel"));
    m_listening->setContentsMargins(6, 0, 12, 0);
    bar->addWidget(m_listening);
    bar->addSeparator();
    m_search->setMinimumWidth(320);
    bar->addWidget(m_search);
    bar->addSeparator();
    bar->addAction(m_markRead);
    bar->addAction(m_delete);
    bar->addAction(m_clear);
    bar->addSeparator();
    createFaultMenu();
    bar->addWidget(m_faults);
    bar->addAction(m_preferences);
}

void MainWindow::createFaultMenu()
{
    m_faults->setObjectName(QStringLiteral("faultsButton"));
    m_faults->setPopupMode(QToolButton::InstantPopup);
    m_faults->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto *menu = new QMenu(m_faults);
    auto *group = new QActionGroup(menu);
    const auto add = [&](const QString &text, const QString &preset, const QString &tip) {
        QAction *a = menu->addAction(text, this, [this, preset] { chooseFaultPlan(preset); });
        a->setCheckable(true);
        a->setToolTip(tip);
        a->setData(preset);
        group->addAction(a);
        return a;
    };
    add(tr("Off: answer every command normally"), QString(), {})->setChecked(true);
    menu->addSection(tr("Presets"));
    for (const Faults::PresetInfo &p : Faults::presets())
        add(p.name + QStringLiteral(" — ") + p.summary, p.name, p.summary);
    menu->addSeparator();
    menu->addAction(tr("Open plan file…"), this, [this] { chooseFaultPlan(QStringLiteral("file:")); });
    menu->setToolTipsVisible(true);
    m_faults->setMenu(menu);
    const auto update = [this, group](const QString &name) {
        m_faults->setText(name.isEmpty() ? tr("Faults: off") : tr("Faults: %1").arg(name));
        m_faults->setIcon(name.isEmpty() ? QIcon() : themedIcon("dialog-warning", QStyle::SP_MessageBoxWarning));
        m_faults->setToolTip(name.isEmpty() ? tr("Fault injection is off: every command gets the normal reply.")
                                            : tr("Fault plan \"%1\" decides some replies; sessions and messages it "
                                                 "touched are marked \"fault\".").arg(name));
        for (QAction *a : group->actions())
            a->setChecked(a->data().toString() == name || (name.isEmpty() && a->data().toString().isEmpty()));
    };
    connect(m_capture, &CaptureController::faultPlanChanged, this, update);
    update(m_capture->faultPlanName());
}

void MainWindow::chooseFaultPlan(const QString &preset)
{
    if (preset.isEmpty()) {
        m_capture->setFaultPlan({}, {});
        return;
    }
    const auto keep = [this] { m_capture->setFaultPlan(m_capture->faultPlan(), m_capture->faultPlanName()); };
    QString error;
    std::optional<Faults::Plan> plan;
    QString name = preset;
    if (preset == QLatin1String("file:")) {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open fault plan"), {}, tr("Fault plans (*.json)"));
        if (path.isEmpty()) {
            keep(); // the menu checked what was clicked; show the plan in force again
            return;
        }
        plan = Faults::Plan::load(path, &error);
        name = QFileInfo(path).fileName();
    } else {
        plan = Faults::preset(preset);
    }
    if (!plan) {
        QMessageBox::warning(this, tr("Fault plan"), error.isEmpty() ? tr("No such plan.") : error);
        keep();
        return;
    }
    m_capture->setFaultPlan(*plan, name);
    statusBar()->showMessage(tr("Fault plan \"%1\" applies from the next command of every session.").arg(name), 6000);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_import);
    file->addAction(m_export);
    file->addSeparator();
    file->addAction(m_preferences);
    file->addSeparator();
    file->addAction(m_quit);
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_find);
    edit->addSeparator();
    edit->addAction(m_markRead);
    edit->addAction(m_markUnread);
    edit->addAction(m_markAllRead);
    edit->addSeparator();
    edit->addAction(m_delete);
    edit->addAction(m_clear);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_toggleRaw);
    view->addAction(m_reload);
    view->addSeparator();
    const char *const tabs[] = {"&Preview", "&Headers", "P&arts", "&Transcript", "&Lint"};
    for (int i = 0; i < 5; ++i) {
        QAction *a = view->addAction(tr(tabs[i]), this, [this, i] { m_messageView->tabs()->setCurrentIndex(i); });
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }
    view->addSeparator();
    view->addAction(tr("&Messages list"), QKeySequence(tr("Alt+1")), this, [this] { m_listTabs->setCurrentIndex(0); });
    view->addAction(tr("&Sessions list"), QKeySequence(tr("Alt+2")), this, [this] { m_listTabs->setCurrentIndex(1); });
    QMenu *server = menuBar()->addMenu(tr("&Server"));
    server->addAction(m_pause);
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Search syntax"), this, [this] {
        QMessageBox::information(this, tr("Search syntax"), m_search->toolTip());
    });
    help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    help->addAction(tr("&About Mailscope"), this, [this] {
        QMessageBox::about(this, tr("About Mailscope"),
                           tr("<h3>Mailscope %1</h3><p>An SMTP test and debugging server: it accepts every message, "
                              "never relays, and shows the exact bytes and the whole conversation.</p>")
                               .arg(QStringLiteral(MAILSCOPE_VERSION)));
    });
}

void MainWindow::showShortcuts()
{
    QStringList rows;
    for (QAction *a : actions() + m_messageList->actions()) {
        if (!a->shortcut().isEmpty() && !rows.contains(a->text()))
            rows.append(QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                            .arg(a->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped(),
                                 a->text().remove(QLatin1Char('&'))));
    }
    rows.append(tr("<tr><td><b>Ctrl+1 … Ctrl+5</b></td><td>Preview, Headers, Parts, Transcript, Lint</td></tr>"));
    rows.append(tr("<tr><td><b>Alt+1, Alt+2</b></td><td>Messages list, Sessions list</td></tr>"));
    QMessageBox::information(this, tr("Keyboard shortcuts"), QStringLiteral("<table>") + rows.join(QString()) + QStringLiteral("</table>"));
}

void MainWindow::restoreLayout()
{
    QSettings &s = *m_settingsStore;
    if (!restoreGeometry(s.value(QStringLiteral("layout/geometry")).toByteArray()))
        resize(1280, 820);
    restoreState(s.value(QStringLiteral("layout/state")).toByteArray());
    if (!m_mainSplitter->restoreState(s.value(QStringLiteral("layout/mainSplitter")).toByteArray()))
        m_mainSplitter->setSizes({height() * 2 / 5, height() * 3 / 5});
    if (!m_messageView->splitter()->restoreState(s.value(QStringLiteral("layout/messageSplitter")).toByteArray()))
        m_messageView->splitter()->setSizes({width() * 11 / 20, width() * 9 / 20});
    m_messageList->header()->restoreState(s.value(QStringLiteral("layout/messageColumns")).toByteArray());
    m_sessionList->header()->restoreState(s.value(QStringLiteral("layout/sessionColumns")).toByteArray());
    m_toggleRaw->setChecked(s.value(QStringLiteral("layout/rawVisible"), true).toBool());
    m_messageView->tabs()->setCurrentIndex(s.value(QStringLiteral("layout/messageTab"), 0).toInt());
}

void MainWindow::saveLayout() const
{
    QSettings &s = *m_settingsStore;
    s.setValue(QStringLiteral("layout/geometry"), saveGeometry());
    s.setValue(QStringLiteral("layout/state"), saveState());
    s.setValue(QStringLiteral("layout/mainSplitter"), m_mainSplitter->saveState());
    s.setValue(QStringLiteral("layout/messageSplitter"), m_messageView->splitter()->saveState());
    s.setValue(QStringLiteral("layout/messageColumns"), m_messageList->header()->saveState());
    s.setValue(QStringLiteral("layout/sessionColumns"), m_sessionList->header()->saveState());
    s.setValue(QStringLiteral("layout/rawVisible"), m_toggleRaw->isChecked());
    s.setValue(QStringLiteral("layout/messageTab"), m_messageView->tabs()->currentIndex());
}

int runMainWindow(QApplication &app)
{
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/mailscope-256.png")));
    QApplication::setDesktopFileName(QStringLiteral("mailscope"));
    // No organisation name: it would move the default database away from the one
    // `mailscope serve` uses (QStandardPaths' AppDataLocation includes it).
    QSettings settings(QSettings::NativeFormat, QSettings::UserScope, QStringLiteral("mailscope"),
                       QStringLiteral("mailscope"));
    // SIGINT and SIGTERM (a session logout, Ctrl-C in a terminal) end it as Quit does, also
    // when they come while it starts: they wait in the watcher until the event loop runs.
    SignalWatcher signalWatcher;
    MainWindow window(&settings);
    QObject::connect(&signalWatcher, &SignalWatcher::stopRequested, &window, &MainWindow::quit);
    window.startCapture(nullptr); // a port in use is shown in the window, with a way to change it
    window.show();
    return app.exec();
}

} // namespace Ui
