#pragma once

#include <QObject>
#include <QTimer>

class QLabel;

namespace Store {
class Reader;
}

namespace Ui {

class MainView;
class Notifier;

// The counts of stored, unread and session rows: on the status bar's label, in the Messages
// tab's title and on the tray icon. Read from the database after deletions and read-state
// changes; kept up to date by live events in between, since a flood brings twenty batches a
// second. GUI thread.
class MessageCounts final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageCounts)

public:
    MessageCounts(QLabel *label, MainView *view, Notifier *notifier, QObject *parent = nullptr);
    ~MessageCounts() override;

    void setReader(const Store::Reader *reader);     // not owned; null while there is none
    void addMessages(qint64 count);                  // stored and unread
    void addSessions(qint64 count);
    void markOneRead();
    void recount();                                  // from the database
    void recountSoon();                              // once changes have settled
    void showCounts();

private:
    QLabel *m_label;
    MainView *m_view;
    Notifier *m_notifier;
    const Store::Reader *m_reader = nullptr;
    struct Counts
    {
        qint64 messages = 0, unread = 0, sessions = 0;
    } m_counts;         // kept up to date by live events between recounts
    QTimer m_countDelay;
};

} // namespace Ui
