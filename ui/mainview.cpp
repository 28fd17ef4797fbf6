#include "mainview.h"

#include "models/messagelistmodel.h"
#include "models/sessionlistmodel.h"
#include "views/messagelistview.h"
#include "views/messageview.h"
#include "widgets/infobar.h"
#include "widgets/markerdelegate.h"
#include "widgets/searchfield.h"

#include <QHeaderView>
#include <QMenu>
#include <QScopedValueRollback>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace Ui {

namespace {

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

MainView::MainView(QWidget *parent)
    : QWidget(parent), m_messages(new MessageListModel(this)), m_sessions(new SessionListModel(this)),
      m_messageList(new MessageListView(this)), m_sessionList(new QTreeView(this)), m_listTabs(new QTabWidget(this)),
      m_messageView(new MessageView(this)), m_splitter(new QSplitter(Qt::Vertical, this)), m_search(new SearchField(this)),
      m_serverBar(new InfoBar(this))
{
    m_messageList->setObjectName(QStringLiteral("messageList"));
    m_messageList->setModel(m_messages);
    m_messageList->setItemDelegateForColumn(MessageListModel::Markers,
                                            new MarkerDelegate(MessageListModel::MarkersRole, this));
    for (const int column : {MessageListModel::Id, MessageListModel::Date, MessageListModel::Cc})
        m_messageList->setColumnHidden(column, true);
    const std::pair<int, int> widths[] = {{MessageListModel::Id, 60},     {MessageListModel::Received, 90},
                                          {MessageListModel::Markers, 90}, {MessageListModel::EnvelopeFrom, 180},
                                          {MessageListModel::From, 200},  {MessageListModel::To, 200},
                                          {MessageListModel::Subject, 360}, {MessageListModel::Size, 70},
                                          {MessageListModel::Tags, 140},   {MessageListModel::Date, 130},
                                          {MessageListModel::Cc, 200}};
    for (const auto &[column, width] : widths)
        m_messageList->setColumnWidth(column, width);
    m_messageList->header()->setSectionResizeMode(MessageListModel::Subject, QHeaderView::Stretch);
    m_messageList->header()->setMinimumSectionSize(40);

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
    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->setSpacing(0);
    topLayout->addWidget(m_serverBar);
    topLayout->addWidget(m_listTabs, 1);

    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(top);
    m_splitter->addWidget(m_messageView);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    m_selectionDelay.setSingleShot(true);
    m_selectionDelay.setInterval(30); // arrow keys held down load only where they stop
    connect(&m_selectionDelay, &QTimer::timeout, this, &MainView::showSelectedMessage);
    connect(m_messageList->selectionModel(), &QItemSelectionModel::currentRowChanged, &m_selectionDelay,
            qOverload<>(&QTimer::start));
    connect(m_sessionList->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &index) {
                if (index.isValid() && !m_markingSession)
                    m_messageView->showSession(index.data(SessionListModel::IdRole).toLongLong());
            });
    connect(m_messageView, &MessageView::messageShown, this, &MainView::markShownSession);
    connect(m_messageView, &MessageView::messageRequested, this, &MainView::selectMessage);
    // One search box for both lists: it filters the list shown and shows that list's search.
    connect(m_listTabs, &QTabWidget::currentChanged, this, [this] {
        const bool sessions = m_listTabs->currentWidget() == m_sessionList;
        const QSignalBlocker quiet(m_search);
        m_search->setSyntax(sessions ? SearchField::Syntax::Sessions : SearchField::Syntax::Messages);
        m_search->setText(sessions ? m_sessions->filterText() : m_messages->filterText());
    });
    connect(m_search, &SearchField::searchRequested, this, [this](const QString &text) {
        if (m_listTabs->currentWidget() == m_sessionList) {
            m_sessions->setFilter(text);
            followSessionFilter();
            return;
        }
        const qint64 current = m_messageView->messageId();
        m_messages->setFilter(text);
        const int row = m_messages->rowOf(current);
        if (row >= 0)
            m_messageList->setCurrentIndex(m_messages->index(row, MessageListModel::Subject));
        Q_EMIT filterApplied();
    });
}

MainView::~MainView() = default;

void MainView::setDatabase(const QString &path)
{
    m_messages->setDatabase(path);
    m_sessions->setDatabase(path);
    m_messageView->setDatabase(path);
}

void MainView::showSelectedMessage()
{
    const QModelIndex index = m_messageList->currentIndex();
    if (!index.isValid())
        return;
    m_messageView->showMessage(index.data(MessageListModel::IdRole).toLongLong());
}

// The highlighted session is always the one whose transcript is on screen: a message shown
// from the message list moves the session list's highlight to that message's session.
void MainView::markShownSession()
{
    const qint64 session = m_messageView->sessionId();
    const QModelIndex current = m_sessionList->currentIndex();
    if (current.isValid() && current.data(SessionListModel::IdRole).toLongLong() == session)
        return;
    const int row = session > 0 ? m_sessions->rowOf(session) : -1;
    const QScopedValueRollback marking(m_markingSession, true);
    if (row < 0) {
        m_sessionList->selectionModel()->clear();
        return;
    }
    const QModelIndex index = m_sessions->index(row, 0);
    m_sessionList->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_sessionList->scrollTo(index);
}

// After the session search: the session on screen stays highlighted when the list still shows
// it. A session the search hides leaves the screen, unless a message of it is shown (the message
// list is not filtered by this search, and the transcript belongs to that message).
void MainView::followSessionFilter()
{
    const qint64 session = m_messageView->sessionId();
    if (session <= 0)
        return;
    if (m_sessions->matchesFilter(session) || m_messageView->messageId() > 0)
        markShownSession();
    else
        m_messageView->clear();
}

void MainView::selectMessage(qint64 id)
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

bool MainView::selectSession(qint64 id)
{
    m_listTabs->setCurrentWidget(m_sessionList);
    int row = m_sessions->rowOf(id);
    if (row < 0 && !m_sessions->filterText().isEmpty()) {
        m_search->clear(); // the tab is current: this clears the session search
        row = m_sessions->rowOf(id);
    }
    while (row < 0 && m_sessions->canFetchMore({})
           && (m_sessions->rowCount() == 0 || m_sessions->at(m_sessions->rowCount() - 1).id > id)) {
        m_sessions->fetchMore({});
        row = m_sessions->rowOf(id);
    }
    if (row < 0)
        return false;
    const QModelIndex index = m_sessions->index(row, SessionListModel::Started);
    m_sessionList->setCurrentIndex(index);
    m_sessionList->scrollTo(index, QAbstractItemView::PositionAtCenter);
    return true;
}

QList<qint64> MainView::selectedMessageIds() const
{
    QList<qint64> ids;
    for (const QModelIndex &index : m_messageList->selectionModel()->selectedRows())
        ids.append(index.data(MessageListModel::IdRole).toLongLong());
    if (ids.isEmpty() && m_messageList->currentIndex().isValid())
        ids.append(m_messageList->currentIndex().data(MessageListModel::IdRole).toLongLong());
    return ids;
}

void MainView::selectAfterRemoving(const QList<qint64> &ids)
{
    int after = -1, before = m_messages->rowCount();
    for (const qint64 id : ids) {
        after = std::max(after, m_messages->rowOf(id));
        before = std::min(before, m_messages->rowOf(id));
    }
    if (after + 1 < m_messages->rowCount())
        m_selectAfterDelete = m_messages->idAt(after + 1);
    else if (before > 0)
        m_selectAfterDelete = m_messages->idAt(before - 1);
}

void MainView::applyRemovals(const Records::CommitBatch &removals)
{
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
}

} // namespace Ui
