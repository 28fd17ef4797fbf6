// The main window's actions, toolbar and menus, and what each action drives.
#include "mainwindowactions.h"

#include "mainview.h"
#include "messagecommands.h"
#include "messagecounts.h"
#include "messagerowmenu.h"
#include "models/messagelistmodel.h"
#include "models/sessionlistmodel.h"
#include "servercontrol.h"
#include "theme.h"
#include "views/messagelistview.h"
#include "views/messageview.h"
#include "widgets/faultplanbutton.h"
#include "widgets/searchfield.h"

#include <QAction>
#include <QFileDialog>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QTabWidget>
#include <QSet>
#include <QToolBar>

#include <functional>

namespace Ui {

namespace {

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

MainWindowActions::MainWindowActions(QMainWindow *window, MainView *view, ServerControl *server,
                                     MessageCommands *commands, MessageCounts *counts, FaultPlanButton *faults)
    : QObject(window), m_window(window), m_view(view), m_server(server), m_commands(commands), m_counts(counts),
      m_faults(faults)
{
    createActions();
    createToolBar();
    createMenus();
}

MainWindowActions::~MainWindowActions() = default;

void MainWindowActions::setServerRunning(bool running)
{
    m_pause->setText(running ? tr("&Pause server") : tr("&Resume server"));
    m_pause->setIcon(Theme::icon(running ? "media-playback-pause" : "media-playback-start",
                                 running ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
}

void MainWindowActions::createActions()
{
    m_pause = makeAction(this, QStringLiteral("pauseAction"), tr("&Pause server"), QKeySequence(tr("Ctrl+E")),
                         tr("Stop or start accepting connections; stored mail is kept"));
    connect(m_pause, &QAction::triggered, m_server, &ServerControl::togglePause);
    m_markRead = makeAction(this, QStringLiteral("markReadAction"), tr("Mark as &read"), QKeySequence(tr("Ctrl+R")));
    m_markRead->setIcon(Theme::icon("mail-mark-read", QStyle::SP_DialogApplyButton));
    connect(m_markRead, &QAction::triggered, m_commands, [this] { m_commands->markSelected(true); });
    m_markUnread = makeAction(this, QStringLiteral("markUnreadAction"), tr("Mark as &unread"), QKeySequence(tr("Ctrl+U")));
    m_markUnread->setIcon(Theme::icon("mail-mark-unread", QStyle::SP_DialogResetButton));
    connect(m_markUnread, &QAction::triggered, m_commands, [this] { m_commands->markSelected(false); });
    m_markAllRead = makeAction(this, QStringLiteral("markAllReadAction"), tr("Mark &all as read"),
                               QKeySequence(tr("Ctrl+Shift+R")));
    connect(m_markAllRead, &QAction::triggered, m_commands, &MessageCommands::markAllRead);
    m_delete = makeAction(this, QStringLiteral("deleteAction"), tr("&Delete"), QKeySequence::Delete,
                          tr("Delete the selected messages"));
    m_delete->setIcon(Theme::icon("edit-delete", QStyle::SP_TrashIcon));
    m_delete->setShortcutContext(Qt::WidgetWithChildrenShortcut); // Delete in the search box edits text
    m_view->messageList()->addAction(m_delete);
    connect(m_delete, &QAction::triggered, m_commands, &MessageCommands::deleteSelected);
    m_clear = makeAction(this, QStringLiteral("clearAction"), tr("&Clear all…"), QKeySequence(tr("Ctrl+Shift+Del")),
                         tr("Delete every stored message and finished session"));
    m_clear->setIcon(Theme::icon("edit-clear-all", QStyle::SP_DialogDiscardButton));
    connect(m_clear, &QAction::triggered, m_commands, &MessageCommands::clearAll);
    m_export = makeAction(this, QStringLiteral("exportAction"), tr("&Export selected…"), QKeySequence::Save,
                          tr("Save the selected message as .eml, or several as an mbox file"));
    m_export->setIcon(Theme::icon("document-save", QStyle::SP_DialogSaveButton));
    connect(m_export, &QAction::triggered, m_commands, &MessageCommands::exportSelected);
    m_import = makeAction(this, QStringLiteral("importAction"), tr("&Import…"), QKeySequence::Open,
                          tr("Store .eml and mbox files (or drop them on the window)"));
    m_import->setIcon(Theme::icon("document-open", QStyle::SP_DialogOpenButton));
    connect(m_import, &QAction::triggered, m_commands, [this] {
        m_commands->importFiles(QFileDialog::getOpenFileNames(m_window, tr("Import messages"), {},
                                                  tr("Mail files (*.eml *.mbox *.mbx *.txt);;All files (*)")));
    });
    m_preferences = makeAction(this, QStringLiteral("settingsAction"), tr("&Settings…"), QKeySequence(tr("Ctrl+,")));
    m_preferences->setIcon(Theme::icon("preferences-system", QStyle::SP_FileDialogDetailedView));
    connect(m_preferences, &QAction::triggered, this, &MainWindowActions::settingsRequested);
    m_quit = makeAction(this, QStringLiteral("quitAction"), tr("&Quit"), QKeySequence::Quit);
    connect(m_quit, &QAction::triggered, this, &MainWindowActions::quitRequested);
    m_find = makeAction(this, QStringLiteral("findAction"), tr("&Find"), QKeySequence::Find);
    connect(m_find, &QAction::triggered, this, [this] {
        m_view->searchField()->setFocus();
        m_view->searchField()->selectAll();
    });
    m_toggleRaw = makeAction(this, QStringLiteral("toggleRawAction"), tr("Show raw &bytes"), QKeySequence(tr("Ctrl+B")));
    m_toggleRaw->setCheckable(true);
    m_toggleRaw->setChecked(true);
    connect(m_toggleRaw, &QAction::toggled, this, [this](bool on) { m_view->messageView()->splitter()->widget(1)->setVisible(on); });
    m_reload = makeAction(this, QStringLiteral("reloadAction"), tr("Re&load lists"), QKeySequence::Refresh);
    connect(m_reload, &QAction::triggered, this, [this] {
        m_view->messageModel()->reload();
        m_view->sessionModel()->reload();
        m_counts->recount();
    });
    m_window->addActions({m_pause, m_markRead, m_markUnread, m_markAllRead, m_clear, m_export, m_import, m_preferences,
                          m_quit, m_find, m_toggleRaw, m_reload});
    new MessageRowMenu(m_view, m_commands, {m_markRead, m_markUnread, m_export, m_delete}, this);
}

void MainWindowActions::createToolBar()
{
    QToolBar *bar = m_window->addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_pause);
    m_server->listeningLabel()->setContentsMargins(6, 0, 12, 0);
    bar->addWidget(m_server->listeningLabel());
    bar->addSeparator();
    m_view->searchField()->setMinimumWidth(320);
    bar->addWidget(m_view->searchField());
    bar->addSeparator();
    bar->addAction(m_markRead);
    bar->addAction(m_delete);
    bar->addAction(m_clear);
    bar->addSeparator();
    bar->addWidget(m_faults);
    bar->addAction(m_preferences);
}

void MainWindowActions::createMenus()
{
    QMenu *file = m_window->menuBar()->addMenu(tr("&File"));
    file->addAction(m_import);
    file->addAction(m_export);
    file->addSeparator();
    file->addAction(m_preferences);
    file->addSeparator();
    file->addAction(m_quit);
    QMenu *edit = m_window->menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_find);
    edit->addSeparator();
    edit->addAction(m_markRead);
    edit->addAction(m_markUnread);
    edit->addAction(m_markAllRead);
    edit->addSeparator();
    edit->addAction(m_delete);
    edit->addAction(m_clear);
    QMenu *view = m_window->menuBar()->addMenu(tr("&View"));
    view->addAction(m_toggleRaw);
    view->addAction(m_reload);
    view->addSeparator();
    const char *const tabs[] = {"&Preview", "&Headers", "P&arts", "&Transcript", "&Lint", "Co&mpatibility", "Lin&ks"};
    for (int i = 0; i < int(std::size(tabs)); ++i) {
        QAction *a = view->addAction(tr(tabs[i]), this, [this, i] { m_view->messageView()->tabs()->setCurrentIndex(i); });
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }
    view->addSeparator();
    view->addAction(tr("&Messages list"), QKeySequence(tr("Alt+1")), this, [this] { m_view->listTabs()->setCurrentIndex(0); });
    view->addAction(tr("&Sessions list"), QKeySequence(tr("Alt+2")), this, [this] { m_view->listTabs()->setCurrentIndex(1); });
    QMenu *server = m_window->menuBar()->addMenu(tr("&Server"));
    server->addAction(m_pause);
    QMenu *help = m_window->menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu")); // menus added later go before it
    help->addAction(tr("&Search syntax"), this, [this] {
        QMessageBox::information(m_window, tr("Search syntax"), m_view->searchField()->toolTip());
    });
    help->addAction(tr("&Keyboard shortcuts"), this, &MainWindowActions::showShortcuts);
    help->addAction(tr("&About Mailscope"), this, [this] {
        QMessageBox::about(m_window, tr("About Mailscope"),
                           tr("<h3>Mailscope %1</h3><p>An SMTP test and debugging server: it accepts every message, "
                              "never relays, and shows the exact bytes and the whole conversation.</p>")
                               .arg(QStringLiteral(MAILSCOPE_VERSION)));
    });
}

QList<std::pair<QKeySequence, QString>> MainWindowActions::shortcuts() const
{
    // The menus in their order (the Teach menu's docks included), then actions that live
    // only on the window or the list; a key bound twice is listed once, for what it does first.
    QList<QAction *> actions;
    const std::function<void(const QList<QAction *> &)> collect = [&](const QList<QAction *> &list) {
        for (QAction *a : list) {
            if (a->menu())
                collect(a->menu()->actions());
            else
                actions.append(a);
        }
    };
    collect(m_window->menuBar()->actions());
    actions += m_window->actions() + m_view->messageList()->actions();
    QList<std::pair<QKeySequence, QString>> rows;
    QSet<QKeySequence> seen;
    for (QAction *a : std::as_const(actions)) {
        for (const QKeySequence &key : a->shortcuts()) {
            if (key.isEmpty() || seen.contains(key))
                continue;
            seen.insert(key);
            rows.append({key, a->text().remove(QLatin1Char('&'))});
        }
    }
    return rows;
}

void MainWindowActions::showShortcuts()
{
    QString rows;
    for (const auto &[key, text] : shortcuts())
        rows += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(key.toString(QKeySequence::NativeText).toHtmlEscaped(), text.toHtmlEscaped());
    QMessageBox::information(m_window, tr("Keyboard shortcuts"), QStringLiteral("<table>") + rows + QStringLiteral("</table>"));
}

} // namespace Ui
