#pragma once

#include <QList>
#include <QObject>

class QAction;
class QMenu;
class QPoint;
class QWidget;

namespace Ui {

class MainView;
class MessageCommands;

// The message list's row menu: open, save as .eml, copy sender, recipients, subject or
// Message-ID, show the session, mark read or unread, tag, delete. Made afresh for the
// selection each time it opens; the window's own actions (with their shortcuts) are reused.
// GUI thread.
class MessageRowMenu final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageRowMenu)

public:
    struct Actions
    {
        QAction *markRead;
        QAction *markUnread;
        QAction *save;
        QAction *remove;
    };
    MessageRowMenu(MainView *view, MessageCommands *commands, Actions actions, QObject *parent);

    // The menu for the current selection, owned by the caller; its actions have object names
    // (openMessageAction, copySenderAction, ..., tagAction:<name>, newTagAction).
    QMenu *create(QWidget *parent) const;

private:
    void popup(const QPoint &pos) const;

    MainView *m_view;
    MessageCommands *m_commands;
    Actions m_actions;
};

} // namespace Ui
