#pragma once

#include <QObject>

#include <memory>

class QTemporaryDir;

class QStatusBar;
class QWidget;

namespace Records {
struct MessageSummary;
}

namespace Store {
class Reader;
}

namespace Ui {

class CaptureController;
class MainView;
class MessageCounts;

// What the user does to stored mail: open, copy fields, mark read or unread, tag, delete,
// clear, export and import.
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
    const Store::Reader *reader() const { return m_reader; }
    void markSelected(bool seen);
    void markAllRead();
    void markShownRead(qint64 id);                   // a message the user opened
    void deleteSelected();
    void clearAll();
    void exportSelected();
    void importFiles(const QStringList &paths);
    // The current message as a .eml file in the desktop's application for mail.
    void openSelected();
    // A field of the selected messages (one line each) to the clipboard.
    enum class Field { Sender, Recipients, Subject, MessageId };
    void copySelected(Field field);
    static QString fieldText(const Records::MessageSummary &message, Field field);
    // Gives the selected messages the tag or takes it off, keeping their other tags.
    void tagSelected(const QString &name, bool on);
    void newTagForSelected();                     // asks for the name

Q_SIGNALS:
    void importQueued(int messages, const QStringList &errors);

private:
    CaptureController *m_capture;
    MainView *m_view;
    MessageCounts *m_counts;
    QStatusBar *m_statusBar;
    QWidget *m_window;
    const Store::Reader *m_reader = nullptr;
    std::unique_ptr<QTemporaryDir> m_openDir;     // .eml files handed to the desktop
};

} // namespace Ui
