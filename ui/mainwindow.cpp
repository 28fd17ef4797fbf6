#include "mainwindow.h"

#include "capturecontroller.h"
#include "counted.h"
#include "dialogs/settingsdialog.h"
#include "mailfiles.h"
#include "models/messagelistmodel.h"
#include "models/sessionlistmodel.h"
#include "notifier.h"
#include "store/importedmessage.h"
#include "store/maintenance.h"
#include "store/reader.h"
#include "views/messagelistview.h"
#include "views/messageview.h"
#include "widgets/infobar.h"
#include "widgets/markerdelegate.h"
#include "widgets/searchfield.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QFile>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace Ui {

namespace {

QIcon themed(const char *name, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QString::fromLatin1(name), QApplication::style()->standardIcon(fallback));
}

// Right-click on a list's header shows or hides its columns, as in Wireshark.
void addColumnMenu(QTreeView *view)
{
    QHeaderView *header = view->header();
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(header, &QHeaderView::customContextMenuRequested, view, [view, header](const QPoint &pos) {
        QMenu menu;
        for (int column = 0; column < header->count(); ++column) {
            QAction *a = menu.addAction(view->model()->headerData(column, Qt::Horizontal).toString());
            a->setCheckable(true);
            a->setChecked(!view->isColumnHidden(column));
            QObject::connect(a, &QAction::toggled, view, [view, column](bool on) { view->setColumnHidden(column, !on); });
        }
        menu.exec(header->mapToGlobal(pos));
    });
}

} // namespace

MainWindow::MainWindow(QSettings *settings, QWidget *parent)
    : QMainWindow(parent), m_settingsStore(settings), m_settings(AppSettings::load(*settings)),
      m_capture(new CaptureController(this)), m_messages(new MessageListModel(this)),
      m_sessions(new SessionListModel(this)), m_messageList(new MessageListView(this)),
      m_sessionList(new QTreeView(this)), m_listTabs(new QTabWidget(this)), m_messageView(new MessageView(this)),
      m_mainSplitter(new QSplitter(Qt::Vertical, this)), m_search(new SearchField(this)),
      m_serverBar(new InfoBar(this)), m_listening(new QLabel(this)), m_faults(new QToolButton(this)),
      m_countLabel(new QLabel(this)), m_notifier(nullptr)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("Mailscope"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/mailscope-256.png")));
    setAcceptDrops(true);
    m_notifier = new Notifier(this, this);
    m_notifier->setEnabled(m_settings.notifications, m_settings.notifyWhenActive);

    m_messageList->setObjectName(QStringLiteral("messageList"));
    m_messageList->setModel(m_messages);
    m_messageList->setItemDelegateForColumn(MessageListModel::Markers,
                                            new MarkerDelegate(MessageListModel::MarkersRole, this));
    m_messageList->setColumnHidden(MessageListModel::Id, true);
    const std::pair<int, int> widths[] = {{MessageListModel::Id, 60},     {MessageListModel::Received, 90},
                                          {MessageListModel::Markers, 90}, {MessageListModel::EnvelopeFrom, 180},
                                          {MessageListModel::From, 200},  {MessageListModel::To, 200},
                                          {MessageListModel::Subject, 360}, {MessageListModel::Size, 70}};
    for (const auto &[column, width] : widths)
        m_messageList->setColumnWidth(column, width);
    m_messageList->header()->setSectionResizeMode(MessageListModel::Subject, QHeaderView::Stretch);
    m_messageList->header()->setMinimumSectionSize(40);
    m_messageList->setContextMenuPolicy(Qt::ActionsContextMenu);

    m_sessionList->setObjectName(QStringLiteral("sessionList"));
    m_sessionList->setModel(m_sessions);
    m_sessionList->setRootIsDecorated(false);
    m_sessionList->setUniformRowHeights(true);
    m_sessionList->setAllColumnsShowFocus(true);
    m_sessionList->setAlternatingRowColors(true);
    m_sessionList->setColumnWidth(SessionListModel::Started, 150);
    m_sessionList->setColumnWidth(SessionListModel::Client, 170);
    m_sessionList->setColumnWidth(SessionListModel::Helo, 200);

    addColumnMenu(m_messageList);
    addColumnMenu(m_sessionList);

    m_listTabs->setObjectName(QStringLiteral("listTabs"));
    m_listTabs->setDocumentMode(true);
    m_listTabs->addTab(m_messageList, tr("&Messages"));
    m_listTabs->addTab(m_sessionList, tr("&Sessions"));

    m_serverBar->setObjectName(QStringLiteral("serverBar"));
    m_serverBar->hide();
    connect(m_serverBar->addButton(tr("Settings…")), &QPushButton::clicked, this, &MainWindow::openSettings);
    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->setSpacing(0);
    topLayout->addWidget(m_serverBar);
    topLayout->addWidget(m_listTabs, 1);

    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->addWidget(top);
    m_mainSplitter->addWidget(m_messageView);
    m_mainSplitter->setStretchFactor(0, 2);
    m_mainSplitter->setStretchFactor(1, 3);
    setCentralWidget(m_mainSplitter);

    createActions();
    createToolBar();
    createMenus();
    createTeachingDocks();
    statusBar()->addWidget(m_countLabel, 1);

    m_selectionDelay.setSingleShot(true);
    m_selectionDelay.setInterval(30); // arrow keys held down load only where they stop
    connect(&m_selectionDelay, &QTimer::timeout, this, &MainWindow::showSelectedMessage);
    connect(m_messageList->selectionModel(), &QItemSelectionModel::currentRowChanged, &m_selectionDelay,
            qOverload<>(&QTimer::start));
    connect(m_sessionList->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &index) {
                if (index.isValid())
                    m_messageView->showSession(index.data(SessionListModel::IdRole).toLongLong());
            });
    connect(m_messageView, &MessageView::messageShown, this, &MainWindow::onMessageShown);
    connect(m_messageView, &MessageView::messageRequested, this, &MainWindow::selectMessage);
    connect(m_messageView, &MessageView::linkActivated, this, &MainWindow::openLink);
    connect(m_search, &SearchField::searchRequested, this, [this](const QString &text) {
        const qint64 current = m_messageView->messageId();
        m_messages->setFilter(text);
        const int row = m_messages->rowOf(current);
        if (row >= 0)
            m_messageList->setCurrentIndex(m_messages->index(row, MessageListModel::Subject));
        showCounts();
    });
    connect(m_messages, &MessageListModel::filterFailed, this, [this](const QString &error) {
        statusBar()->showMessage(tr("Search failed: %1").arg(error), 8000);
    });

    m_countDelay.setSingleShot(true);
    m_countDelay.setInterval(400);
    connect(&m_countDelay, &QTimer::timeout, this, &MainWindow::recount);
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, m_sessions, &SessionListModel::refreshDurations);
    m_ticker.start();

    connect(m_notifier, &Notifier::showWindowRequested, this, [this] {
        show();
        raise();
        activateWindow();
    });
    connect(m_notifier, &Notifier::pauseToggleRequested, this, &MainWindow::togglePause);
    connect(m_notifier, &Notifier::quitRequested, this, &MainWindow::quit);

    connectCapture();
    setDatabase(m_settings.effectiveDatabasePath());
    restoreLayout();
}

MainWindow::~MainWindow() = default;

void MainWindow::connectCapture()
{
    CaptureController *c = m_capture;
    connect(c, &CaptureController::messagesStored, this, [this](const QList<Records::MessageSummary> &batch) {
        m_messages->addStored(batch);
        m_sessions->addMessages(batch);
        m_notifier->messagesArrived(batch);
        // Counted here rather than in SQL: a flood brings twenty batches a second.
        m_counts.messages += batch.size();
        m_counts.unread += batch.size();
        showCounts();
    });
    connect(c, &CaptureController::sessionsStarted, this, [this](const QList<Records::SessionRecord> &sessions) {
        m_sessions->addStarted(sessions);
        m_counts.sessions += sessions.size();
        showCounts();
    });
    connect(c, &CaptureController::sessionsEnded, m_sessions, &SessionListModel::addEnded);
    connect(c, &CaptureController::transcriptAppended, this, [this](const QList<Records::TranscriptLine> &lines) {
        m_sessions->addLines(lines);
        m_messageView->appendTranscript(lines);
    });
    connect(c, &CaptureController::storeChanged, this, &MainWindow::onStoreChanged);
    connect(c, &CaptureController::runningChanged, this, &MainWindow::updateServerState);
    connect(c, &CaptureController::storeFailed, this, [this](const QString &error) {
        statusBar()->showMessage(tr("The database could not be written: %1").arg(error), 15000);
    });
}

bool MainWindow::startCapture(QString *error)
{
    QString why;
    const auto config = m_settings.captureConfig(&why);
    bool ok = false;
    if (config) {
        ok = m_capture->configure(*config, m_settings.maxMessages, false, &why);
        if (!ok) // keep the store usable for browsing and maintenance while not listening
            m_capture->configure(*config, m_settings.maxMessages, true, nullptr);
    }
    updateServerState();
    if (!ok) {
        m_serverBar->setText(tr("Not listening: %1").arg(why));
        m_serverBar->show();
        if (error)
            *error = why;
    }
    return ok;
}

void MainWindow::setDatabase(const QString &path)
{
    // Readers never create or migrate a database; the writer's open path does, first.
    Store::Writer::upgrade(path, nullptr);
    m_counter = std::make_unique<Store::Reader>(path);
    m_messages->setDatabase(path);
    m_sessions->setDatabase(path);
    m_messageView->setDatabase(path);
    if (!m_counter->isOpen()) {
        m_serverBar->setText(m_counter->error());
        m_serverBar->show();
    }
    recount();
}

void MainWindow::applySettings(const AppSettings &settings)
{
    const AppSettings before = m_settings;
    m_settings = settings;
    m_settings.save(*m_settingsStore);
    m_notifier->setEnabled(settings.notifications, settings.notifyWhenActive);
    if (settings.needsRestart(before)) {
        // Paused by the user stays paused; a listener that failed to start tries again.
        if (m_pausedByUser) {
            if (const auto config = settings.captureConfig(nullptr))
                m_capture->configure(*config, settings.maxMessages, true, nullptr);
        } else {
            m_serverBar->hide();
            startCapture(nullptr);
        }
        if (before.effectiveDatabasePath() != settings.effectiveDatabasePath())
            setDatabase(settings.effectiveDatabasePath());
        statusBar()->showMessage(m_pausedByUser ? tr("Settings applied; the server stays paused. Stored mail is kept.")
                                                : tr("Listener restarted; stored mail is kept."),
                                 5000);
    } else if (settings.maxMessages != before.maxMessages) {
        m_capture->setRetention(settings.maxMessages);
    }
    updateServerState();
}

void MainWindow::showSelectedMessage()
{
    const QModelIndex index = m_messageList->currentIndex();
    if (!index.isValid())
        return;
    m_messageView->showMessage(index.data(MessageListModel::IdRole).toLongLong());
}

void MainWindow::onMessageShown(qint64 id)
{
    const int row = m_messages->rowOf(id);
    if (row < 0 || !m_messages->data(m_messages->index(row, 0), MessageListModel::UnreadRole).toBool())
        return;
    m_messages->setSeen({id}, true);
    m_capture->perform(Store::Maintenance::setSeen({id}, true));
    m_counts.unread = std::max<qint64>(0, m_counts.unread - 1);
    showCounts();
}

void MainWindow::selectMessage(qint64 id)
{
    m_listTabs->setCurrentWidget(m_messageList);
    int row = m_messages->rowOf(id);
    if (row < 0 && !m_search->text().isEmpty()) {
        m_search->clear(); // the message may be filtered out
        row = m_messages->rowOf(id);
    }
    while (row < 0 && m_messages->canFetchMore({}) && (m_messages->rowCount() == 0 || m_messages->idAt(m_messages->rowCount() - 1) > id)) {
        m_messages->fetchMore({});
        row = m_messages->rowOf(id);
    }
    if (row >= 0) {
        const QModelIndex index = m_messages->index(row, MessageListModel::Subject);
        m_messageList->setCurrentIndex(index);
        m_messageList->scrollTo(index, QAbstractItemView::PositionAtCenter);
    } else {
        m_messageView->showMessage(id);
    }
}

QList<qint64> MainWindow::selectedMessageIds() const
{
    QList<qint64> ids;
    for (const QModelIndex &index : m_messageList->selectionModel()->selectedRows())
        ids.append(index.data(MessageListModel::IdRole).toLongLong());
    if (ids.isEmpty() && m_messageList->currentIndex().isValid())
        ids.append(m_messageList->currentIndex().data(MessageListModel::IdRole).toLongLong());
    return ids;
}

void MainWindow::onStoreChanged(const Records::CommitBatch &removals)
{
    m_messages->addAnalysed(removals.analysed);
    if (removals.removed.isEmpty() && !removals.messagesRemovedUpTo && !removals.sessionsRemovedUpTo)
        return;
    m_messages->applyRemovals(removals);
    m_sessions->applyRemovals(removals);
    const qint64 shown = m_messageView->messageId();
    if (shown && m_messages->rowOf(shown) < 0
        && (removals.removed.contains(shown) || shown <= removals.messagesRemovedUpTo))
        m_messageView->clear();
    if (m_selectAfterDelete) {
        const int row = m_messages->rowOf(std::exchange(m_selectAfterDelete, 0));
        if (row >= 0)
            m_messageList->setCurrentIndex(m_messages->index(row, MessageListModel::Subject));
    }
    m_countDelay.start();
}

void MainWindow::togglePause()
{
    if (m_capture->isRunning()) {
        m_capture->pause();
        m_pausedByUser = true;
        statusBar()->showMessage(tr("Paused: new connections are refused; stored mail is kept."), 5000);
        return;
    }
    QString error;
    if (!m_capture->resume(&error)) {
        QMessageBox::warning(this, tr("Resume server"), error);
        return;
    }
    m_pausedByUser = false;
    m_serverBar->hide();
}

void MainWindow::markSelected(bool seen)
{
    const QList<qint64> ids = selectedMessageIds();
    if (ids.isEmpty())
        return;
    m_messages->setSeen(ids, seen);
    m_capture->perform(Store::Maintenance::setSeen(ids, seen));
    m_countDelay.start();
}

void MainWindow::markAllRead()
{
    QList<qint64> ids;
    for (int row = 0; row < m_messages->rowCount(); ++row)
        ids.append(m_messages->idAt(row));
    m_messages->setSeen(ids, true);
    // Not only the loaded rows: every unread message in the store.
    m_capture->perform(Store::Maintenance::setAllSeen());
    m_countDelay.start();
}

void MainWindow::deleteSelected()
{
    const QList<qint64> ids = selectedMessageIds();
    if (ids.isEmpty())
        return;
    // Select the row after the last selected one (or before the first) once they are gone.
    int after = -1, before = m_messages->rowCount();
    for (const qint64 id : ids) {
        after = std::max(after, m_messages->rowOf(id));
        before = std::min(before, m_messages->rowOf(id));
    }
    if (after + 1 < m_messages->rowCount())
        m_selectAfterDelete = m_messages->idAt(after + 1);
    else if (before > 0)
        m_selectAfterDelete = m_messages->idAt(before - 1);
    m_capture->perform(Store::Maintenance::remove(ids));
}

void MainWindow::clearAll()
{
    const auto answer = QMessageBox::question(
        this, tr("Delete all messages"),
        tr("Delete every stored message and every finished session? Sessions still connected are kept."));
    if (answer != QMessageBox::Yes)
        return;
    m_capture->perform(Store::Maintenance::removeAll());
}

void MainWindow::exportSelected()
{
    const QList<qint64> ids = selectedMessageIds();
    if (ids.isEmpty() || !m_counter)
        return;
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const bool single = ids.size() == 1;
    QString suggestion;
    if (single) {
        const auto m = m_counter->message(ids.first());
        suggestion = MailFiles::emlFileName(ids.first(), m ? m->subject : QString());
    } else {
        suggestion = QStringLiteral("mailscope-%1-messages.mbox").arg(ids.size());
    }
    const QString path = QFileDialog::getSaveFileName(
        this, single ? tr("Export message") : tr("Export %L1 messages as mbox").arg(ids.size()),
        folder + QLatin1Char('/') + suggestion, single ? tr("Message files (*.eml)") : tr("mbox files (*.mbox)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!MailFiles::exportMessages(*m_counter, ids, path, single ? MailFiles::Format::Eml : MailFiles::Format::Mbox, &error))
        QMessageBox::warning(this, tr("Export"), error);
    else
        statusBar()->showMessage(tr("Exported %1 to %2").arg(counted(ids.size(), "message", "messages"), path), 6000);
}

void MainWindow::importFiles(const QStringList &paths)
{
    if (paths.isEmpty())
        return;
    auto *watcher = new QFutureWatcher<Store::FileImport>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        const Store::FileImport read = watcher->result();
        for (const Records::MessageRecord &record : read.messages)
            m_capture->store(record);
        m_capture->perform([](QSqlDatabase &, Records::CommitBatch &, QString *) { return true; }); // start the writer if paused
        statusBar()->showMessage(tr("Importing %1").arg(counted(read.messages.size(), "message", "messages"))
                                     + (read.errors.isEmpty() ? QString() : QStringLiteral("; ") + read.errors.join(QStringLiteral("; "))),
                                 8000);
        Q_EMIT importQueued(int(read.messages.size()), read.errors);
    });
    watcher->setFuture(QtConcurrent::run([paths] { return Store::importFiles(paths); }));
}

void MainWindow::openSettings()
{
    SettingsDialog dialog(m_settings, this);
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

void MainWindow::updateServerState()
{
    const bool running = m_capture->isRunning();
    QStringList addresses;
    for (const auto &a : m_capture->addresses())
        addresses.append(a.toString());
    m_listening->setText(running ? tr("Listening on %1").arg(addresses.join(QStringLiteral(", "))) : tr("Paused"));
    m_listening->setToolTip(tr("Database: %1").arg(m_capture->databasePath()));
    if (m_pause) {
        m_pause->setText(running ? tr("&Pause server") : tr("&Resume server"));
        m_pause->setIcon(themed(running ? "media-playback-pause" : "media-playback-start",
                                running ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    }
    m_notifier->setRunning(running);
    setWindowTitle(running ? QStringLiteral("Mailscope — %1").arg(addresses.join(QStringLiteral(", ")))
                           : QStringLiteral("Mailscope — paused"));
}

void MainWindow::recount()
{
    if (!m_counter || !m_counter->isOpen())
        return;
    m_counts = {m_counter->messageCount(), m_counter->unreadCount(), m_counter->sessionCount()};
    showCounts();
}

void MainWindow::showCounts()
{
    const Counts &c = m_counts;
    QString text = counted(c.messages, "message", "messages") + tr(", %L1 unread, ").arg(c.unread)
        + counted(c.sessions, "session", "sessions");
    if (!m_search->text().isEmpty())
        text += tr(" · %L1%2 shown for the search").arg(m_messages->rowCount()).arg(m_messages->isComplete() ? QString() : QStringLiteral("+"));
    m_countLabel->setText(text);
    m_listTabs->setTabText(0, c.unread > 0 ? tr("&Messages (%L1 unread)").arg(c.unread) : tr("&Messages"));
    m_notifier->setUnread(c.unread);
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

} // namespace Ui
