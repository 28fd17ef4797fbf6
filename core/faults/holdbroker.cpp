#include "holdbroker.h"

#include "validation.h"

namespace Faults {

HoldBroker::HoldBroker(QObject *parent)
    : QObject(parent)
{
}

HoldBroker::~HoldBroker() = default;

quint64 HoldBroker::request(HoldRequest request)
{
    {
        QMutexLocker lock(&m_mutex);
        request.id = m_nextId++;
        m_pending.insert(request.id, request);
    }
    Q_EMIT holdRequested(request);
    return request.id;
}

bool HoldBroker::answer(quint64 id, const Records::Reply &reply, QString *error)
{
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_pending.constFind(id);
        QString why;
        if (it == m_pending.cend())
            why = QStringLiteral("hold %1 is no longer waiting: it was answered, timed out or its session ended").arg(id);
        else
            why = checkReply(it->stage, reply);
        if (!why.isEmpty()) {
            if (error)
                *error = why;
            return false;
        }
        m_pending.erase(it);
    }
    Q_EMIT holdResolved(id, reply, false);
    return true;
}

bool HoldBroker::expire(quint64 id)
{
    Records::Reply reply;
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_pending.constFind(id);
        if (it == m_pending.cend())
            return false;
        reply = it->defaultReply;
        m_pending.erase(it);
    }
    Q_EMIT holdResolved(id, reply, true);
    return true;
}

void HoldBroker::cancel(quint64 id)
{
    QMutexLocker lock(&m_mutex);
    m_pending.remove(id);
}

QList<HoldRequest> HoldBroker::pending() const
{
    QMutexLocker lock(&m_mutex);
    QList<HoldRequest> out = m_pending.values();
    std::sort(out.begin(), out.end(), [](const HoldRequest &a, const HoldRequest &b) { return a.id < b.id; });
    return out;
}

} // namespace Faults
