#include "messagerowmenu.h"

#include "mainview.h"
#include "messagecommands.h"
#include "models/messagelistmodel.h"
#include "store/reader.h"
#include "views/messagelistview.h"

#include <QMenu>

namespace Ui {

MessageRowMenu::MessageRowMenu(MainView *view, MessageCommands *commands, Actions actions, QObject *parent)
    : QObject(parent), m_view(view), m_commands(commands), m_actions(actions)
{
    setObjectName(QStringLiteral("messageRowMenu"));
    MessageListView *list = m_view->messageList();
    list->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(list, &QWidget::customContextMenuRequested, this, &MessageRowMenu::popup);
}

QMenu *MessageRowMenu::create(QWidget *parent) const
{
    auto *menu = new QMenu(parent);
    const QList<qint64> ids = m_view->selectedMessageIds();
    const MessageListModel *messages = m_view->messageModel();
    QList<const Records::MessageSummary *> selected;
    for (const qint64 id : ids) {
        const int row = messages->rowOf(id);
        if (row >= 0)
            selected.append(&messages->at(row));
    }
    const auto named = [menu](QAction *a, const QString &name) {
        a->setObjectName(name);
        return a;
    };

    QAction *open = named(menu->addAction(tr("&Open in mail application"), m_commands, &MessageCommands::openSelected),
                          QStringLiteral("openMessageAction"));
    open->setEnabled(selected.size() == 1);
    menu->addAction(m_actions.save);

    QMenu *copy = menu->addMenu(tr("&Copy"));
    copy->setEnabled(!selected.isEmpty());
    const std::pair<const char *, MessageCommands::Field> fields[] = {
        {"copySenderAction", MessageCommands::Field::Sender},
        {"copyRecipientsAction", MessageCommands::Field::Recipients},
        {"copySubjectAction", MessageCommands::Field::Subject},
        {"copyMessageIdAction", MessageCommands::Field::MessageId},
    };
    const char *const labels[] = {QT_TR_NOOP("&Sender"), QT_TR_NOOP("&Recipients"), QT_TR_NOOP("Su&bject"),
                                  QT_TR_NOOP("&Message-ID")};
    for (int i = 0; i < 4; ++i) {
        const MessageCommands::Field field = fields[i].second;
        named(copy->addAction(tr(labels[i]), m_commands, [this, field] { m_commands->copySelected(field); }),
              QString::fromLatin1(fields[i].first));
    }
    const qint64 session = selected.size() == 1 ? selected.first()->sessionId : 0;
    QAction *showSession = named(menu->addAction(tr("Show &session"), m_view, [this, session] { m_view->selectSession(session); }),
                                 QStringLiteral("showSessionAction"));
    showSession->setEnabled(session > 0);
    if (session <= 0 && selected.size() == 1)
        showSession->setToolTip(tr("Imported, or its session was removed"));

    menu->addSeparator();
    menu->addAction(m_actions.markRead);
    menu->addAction(m_actions.markUnread);
    QMenu *tags = menu->addMenu(tr("&Tag"));
    tags->setEnabled(!selected.isEmpty());
    // Checked when every selected message has the tag: unchecking takes it off them all.
    const Store::Reader *reader = m_commands->reader();
    for (const QString &tag : reader ? reader->tags() : QStringList()) {
        bool all = !selected.isEmpty();
        for (const Records::MessageSummary *m : selected)
            all = all && m->tags.contains(tag, Qt::CaseInsensitive);
        QAction *a = named(tags->addAction(tag), QStringLiteral("tagAction:") + tag);
        a->setCheckable(true);
        a->setChecked(all);
        connect(a, &QAction::triggered, m_commands, [this, tag](bool on) { m_commands->tagSelected(tag, on); });
    }
    if (!tags->isEmpty())
        tags->addSeparator();
    named(tags->addAction(tr("&New tag…"), m_commands, &MessageCommands::newTagForSelected), QStringLiteral("newTagAction"));
    menu->addSeparator();
    menu->addAction(m_actions.remove);
    return menu;
}

void MessageRowMenu::popup(const QPoint &pos) const
{
    MessageListView *list = m_view->messageList();
    if (!list->indexAt(pos).isValid())
        return;
    QMenu *menu = create(list);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(list->viewport()->mapToGlobal(pos));
}

} // namespace Ui
