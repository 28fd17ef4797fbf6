#include "latestwaits.h"

#include "backend.h"

#include <QTimer>

namespace Api {

LatestWaits::LatestWaits(const Store::Reader &reader, Live *live, QObject *parent)
    : QObject(parent)
    , m_reader(reader)
{
    connect(live, &Live::messagesStored, this, &LatestWaits::check);
    connect(live, &Live::storeChanged, this, &LatestWaits::check);
}

LatestWaits::~LatestWaits() = default;

void LatestWaits::wait(const Store::SearchQuery &query, int timeoutMs, Found found)
{
    const quint64 key = m_nextKey++;
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    timer->setTimerType(Qt::PreciseTimer); // a coarse timer may end a wait early
    connect(timer, &QTimer::timeout, this, [this, key] { finish(key, 0); });
    timer->start(timeoutMs);
    m_pending.emplace(key, Pending{query, timer, std::move(found)});
}

void LatestWaits::check()
{
    QList<std::pair<quint64, qint64>> matched;
    for (const auto &[key, pending] : m_pending) {
        const QList<Records::MessageSummary> newest = m_reader.messages(pending.query, 0, 1);
        if (!newest.isEmpty())
            matched.append({key, newest.constFirst().id});
    }
    for (const auto &[key, id] : matched)
        finish(key, id);
}

void LatestWaits::finish(quint64 key, qint64 messageId)
{
    const auto it = m_pending.find(key);
    if (it == m_pending.end())
        return;
    Pending pending = std::move(it->second);
    m_pending.erase(it);
    pending.timer->stop();
    pending.timer->deleteLater(); // finish may run in its timeout
    pending.found(messageId);
}

} // namespace Api
