#pragma once

#include <QObject>
#include <QTimer>

class QStatusBar;

namespace Records {
struct CommitBatch;
}

namespace Ui {

class CaptureController;
class MainView;
class MessageCounts;
class MessageListModel;
class MessageView;
class Notifier;
class SessionListModel;

// Takes the capture's live batches to the window: new messages and sessions into the lists,
// transcript lines into the session list and the open transcript, deletions and lint counts
// into the rows, arrivals to the notifier and the counts. GUI thread.
class LiveFeed final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveFeed)

public:
    LiveFeed(CaptureController *capture, MainView *view, MessageCounts *counts, Notifier *notifier,
             QStatusBar *statusBar, QObject *parent = nullptr);
    ~LiveFeed() override;

private:
    void onStoreChanged(const Records::CommitBatch &changes);

    MainView *m_view;
    MessageListModel *m_messages;
    SessionListModel *m_sessions;
    MessageView *m_messageView;
    MessageCounts *m_counts;
    Notifier *m_notifier;
    QStatusBar *m_statusBar;
    QTimer m_ticker;
};

} // namespace Ui
