#pragma once

#include <QObject>

class QStatusBar;
class QWidget;

namespace Store {
class Reader;
}

namespace Ui {

class CaptureController;
class MainView;
class MessageCounts;

// What the user does to stored mail: mark read or unread, delete, clear, export and import.
// Changes go to the store through the capture controller (listening or not) and show in the
// list at once; the counts follow from the database. GUI thread.
class MessageCommands final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageCommands)

public:
    MessageCommands(CaptureController *capture, MainView *view, MessageCounts *counts, QStatusBar *statusBar,
                    QWidget *window);
    ~MessageCommands() override;

    void setReader(const Store::Reader *reader);     // not owned; null while there is none
    void markSelected(bool seen);
    void markAllRead();
    void markShownRead(qint64 id);                   // a message the user opened
    void deleteSelected();
    void clearAll();
    void exportSelected();
    void importFiles(const QStringList &paths);

Q_SIGNALS:
    void importQueued(int messages, const QStringList &errors);

private:
    CaptureController *m_capture;
    MainView *m_view;
    MessageCounts *m_counts;
    QStatusBar *m_statusBar;
    QWidget *m_window;
    const Store::Reader *m_reader = nullptr;
};

} // namespace Ui
