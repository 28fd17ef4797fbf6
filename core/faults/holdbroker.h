#pragma once

#include "stage.h"

#include "records/reply.h"

#include <QHash>
#include <QList>
#include <QMetaType>
#include <QMutex>
#include <QObject>

namespace Faults {

// A session paused by a hold rule, waiting for someone to choose its reply.
struct HoldRequest
{
    quint64 id = 0;             // given by the broker
    quint64 session = 0;        // session token
    QString rule;
    Stage stage = Stage::Any;
    QByteArray command;         // what is being answered, e.g. "RCPT TO:<a@example.com>"
    Records::Reply defaultReply;   // sent when nobody answers in time
    int timeoutMs = 0;
};

// Where held sessions ask a front end for a reply. Sessions call request() and, when their
// own timer runs out, expire(); a front end watches holdRequested and calls answer(). The
// first of answer() and expire() resolves the hold; holdResolved tells the session. No
// timers here: the session owns the clock. Thread-safe; signals are emitted on the calling
// thread, so connect across threads with a context object (queued).
class HoldBroker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HoldBroker)

public:
    explicit HoldBroker(QObject *parent = nullptr);
    ~HoldBroker() override;

    quint64 request(HoldRequest request);           // returns the hold's id
    // False, with the reason, when the hold is no longer pending or the reply cannot be
    // sent at its stage.
    bool answer(quint64 id, const Records::Reply &reply, QString *error = nullptr);
    bool expire(quint64 id);                        // resolves with the default reply
    void cancel(quint64 id);                        // the session ended first
    QList<HoldRequest> pending() const;

Q_SIGNALS:
    void holdRequested(const Faults::HoldRequest &request);
    void holdResolved(quint64 id, const Records::Reply &reply, bool timedOut);

private:
    mutable QMutex m_mutex;
    QHash<quint64, HoldRequest> m_pending;
    quint64 m_nextId = 1;
};

} // namespace Faults

Q_DECLARE_METATYPE(Faults::HoldRequest)
