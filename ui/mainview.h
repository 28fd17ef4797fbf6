#pragma once

#include <QTimer>
#include <QWidget>

class QSplitter;
class QTabWidget;
class QTreeView;

namespace Records {
struct CommitBatch;
}

namespace Ui {

class InfoBar;
class MessageListModel;
class MessageListView;
class MessageView;
class SearchField;
class SessionListModel;

// The window's panes: the message and session lists (with the server banner above them) over
// the selected message's tabs and raw bytes, and the search field that filters the list (the
// toolbar shows it). Keeps the selection on the message the user chose while rows come and go.
class MainView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainView)

public:
    explicit MainView(QWidget *parent = nullptr);
    ~MainView() override;

    void setDatabase(const QString &path);
    void selectMessage(qint64 id);
    // The Sessions tab with this session selected (its transcript shown); a session search
    // that hides it is cleared. False when the session is gone.
    bool selectSession(qint64 id);
    QList<qint64> selectedMessageIds() const;
    // The row after the last of these (or before the first) is selected once they are removed.
    void selectAfterRemoving(const QList<qint64> &ids);
    void applyRemovals(const Records::CommitBatch &removals);

    MessageListModel *messageModel() const { return m_messages; }
    SessionListModel *sessionModel() const { return m_sessions; }
    MessageListView *messageList() const { return m_messageList; }
    QTreeView *sessionList() const { return m_sessionList; }
    QTabWidget *listTabs() const { return m_listTabs; }
    MessageView *messageView() const { return m_messageView; }
    QSplitter *splitter() const { return m_splitter; }      // the lists over the message
    SearchField *searchField() const { return m_search; }
    InfoBar *serverBar() const { return m_serverBar; }

Q_SIGNALS:
    void filterApplied();   // the search changed which messages the list shows

private:
    void showSelectedMessage();
    void markShownSession();
    void followSessionFilter();

    MessageListModel *m_messages;
    SessionListModel *m_sessions;
    MessageListView *m_messageList;
    QTreeView *m_sessionList;
    QTabWidget *m_listTabs;
    MessageView *m_messageView;
    QSplitter *m_splitter;
    SearchField *m_search;
    InfoBar *m_serverBar;
    QTimer m_selectionDelay;
    qint64 m_selectAfterDelete = 0;
    bool m_markingSession = false;  // the session list follows the message view, not the reverse
};

} // namespace Ui
