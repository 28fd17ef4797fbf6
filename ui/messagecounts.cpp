#include "messagecounts.h"

#include "counted.h"
#include "mainview.h"
#include "models/messagelistmodel.h"
#include "notifier.h"
#include "store/reader.h"
#include "widgets/searchfield.h"

#include <QLabel>
#include <QTabWidget>

namespace Ui {

MessageCounts::MessageCounts(QLabel *label, MainView *view, Notifier *notifier, QObject *parent)
    : QObject(parent), m_label(label), m_view(view), m_notifier(notifier)
{
    m_countDelay.setSingleShot(true);
    m_countDelay.setInterval(400);
    connect(&m_countDelay, &QTimer::timeout, this, &MessageCounts::recount);
}

MessageCounts::~MessageCounts() = default;

void MessageCounts::setReader(const Store::Reader *reader)
{
    m_reader = reader;
}

void MessageCounts::addMessages(qint64 count)
{
    m_counts.messages += count;
    m_counts.unread += count;
    showCounts();
}

void MessageCounts::addSessions(qint64 count)
{
    m_counts.sessions += count;
    showCounts();
}

void MessageCounts::markOneRead()
{
    m_counts.unread = std::max<qint64>(0, m_counts.unread - 1);
    showCounts();
}

void MessageCounts::recountSoon()
{
    m_countDelay.start();
}

void MessageCounts::recount()
{
    if (!m_reader || !m_reader->isOpen())
        return;
    m_counts = {m_reader->messageCount(), m_reader->unreadCount(), m_reader->sessionCount()};
    showCounts();
}

void MessageCounts::showCounts()
{
    const Counts &c = m_counts;
    const MessageListModel *messages = m_view->messageModel();
    QString text = counted(c.messages, "message", "messages") + tr(", %L1 unread, ").arg(c.unread)
        + counted(c.sessions, "session", "sessions");
    if (!m_view->searchField()->text().isEmpty())
        text += tr(" · %L1%2 shown for the search").arg(messages->rowCount()).arg(messages->isComplete() ? QString() : QStringLiteral("+"));
    m_label->setText(text);
    m_view->listTabs()->setTabText(0, c.unread > 0 ? tr("&Messages (%L1 unread)").arg(c.unread) : tr("&Messages"));
    m_notifier->setUnread(c.unread);
}

} // namespace Ui
