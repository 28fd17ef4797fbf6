#pragma once

#include "store/reader.h"
#include "store/search.h"

#include <QObject>

#include <functional>
#include <map>

class QTimer;

namespace Api {

class Live;

// Requests for the newest message matching a search that wait until one is stored (Mailscope's
// ?wait= on /api/v1/message/latest). Nothing polls: each live batch (new messages, and
// analysis, tags and read state, which decide text, tag and is: searches) asks the store once
// per waiting request. On the API's thread; destroying it drops what still waits.
class LatestWaits final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LatestWaits)

public:
    using Found = std::function<void(qint64 messageId)>; // 0: the time ran out

    LatestWaits(const Store::Reader &reader, Live *live, QObject *parent = nullptr);
    ~LatestWaits() override;

    // Calls found once: with the newest message matching query as soon as there is one, or
    // with 0 after timeoutMs.
    void wait(const Store::SearchQuery &query, int timeoutMs, Found found);
    qsizetype pending() const { return qsizetype(m_pending.size()); }

private:
    struct Pending
    {
        Store::SearchQuery query;
        QTimer *timer = nullptr;
        Found found;
    };
    void check();
    void finish(quint64 key, qint64 messageId);

    const Store::Reader &m_reader;
    std::map<quint64, Pending> m_pending;
    quint64 m_nextKey = 1;
};

} // namespace Api
