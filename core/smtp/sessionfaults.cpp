// Session: the timers and socket side of fault injection. The protocol decides (through the
// injector) and pauses its input; this file waits, paces, hangs, holds and closes.
#include "session.h"

#include "faults/explain.h"
#include "records/clock.h"

#include <QSslSocket>

#include <chrono>

namespace Smtp {

namespace {

constexpr int kPaceIntervalMs = 100; // a throttled reply is written in slices this far apart

qint64 steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

} // namespace

void Session::setFaults(const Faults::Hooks &hooks)
{
    m_faults = hooks;
    if (!m_faults.injector)
        return;
    m_faults.injector->beginSession(m_record.token);
    m_protocol.setFaultCheck([this](Faults::Context &context) {
        context.session = m_record.token;
        context.client = m_peer;
        context.nowMs = steadyMs(); // one clock for all sessions: greylisting compares across them
        return m_faults.injector->decide(context);
    });
    // Precise timers: a coarse one may fire up to 5% early, and a delay rule is a promise of
    // "no earlier than".
    m_delay.setTimerType(Qt::PreciseTimer);
    m_pacer.setTimerType(Qt::PreciseTimer);
    m_holdTimer.setTimerType(Qt::PreciseTimer);
    m_delay.setSingleShot(true);
    connect(&m_delay, &QTimer::timeout, this, &Session::releasePaced);
    connect(&m_pacer, &QTimer::timeout, this, &Session::onPaceTick);
    m_holdTimer.setSingleShot(true);
    connect(&m_holdTimer, &QTimer::timeout, this, &Session::onHoldTimeout);
    if (m_faults.holds)
        connect(m_faults.holds.get(), &Faults::HoldBroker::holdResolved, this, &Session::onHoldResolved);
}

void Session::onFault(const Faults::Decision &d, QList<Records::TranscriptLine> &lines)
{
    bool counted = false;
    for (Records::FaultHit &hit : m_record.faultRules) {
        if (hit.rule == d.rule) {
            ++hit.count;
            counted = true;
        }
    }
    if (!counted)
        m_record.faultRules.append({d.rule, 1});
    using Kind = Faults::Decision::Kind;
    switch (d.kind) {
    case Kind::Throttle:
        if (d.stage == Faults::Stage::Connect)
            m_sessionRate = d.bytesPerSecond; // a slow link for the whole session
        break;
    case Kind::Close:
    case Kind::Disconnect:
        m_closedByRule = true;
        break;
    case Kind::Drop:
        ++m_record.droppedMessages;
        break;
    case Kind::Hang:
        m_hung = true;
        // Commands pipelined behind the one that hangs are read, never answered.
        if (const QByteArray unread = m_protocol.takeUnreadInput(); !unread.isEmpty())
            lines.append({m_record.token, 0, 0, Records::nowUs(), Records::LineKind::Command, unread, 0});
        break;
    case Kind::Hold: {
        m_hold = d;
        const QByteArray what = d.stage == Faults::Stage::EndOfData ? QByteArrayLiteral("end of data")
                              : d.stage == Faults::Stage::Connect || d.stage == Faults::Stage::Greeting
                                  ? QByteArrayLiteral("greeting")
                                  : m_lastCommand;
        if (m_faults.holds)
            m_holdId = m_faults.holds->request(
                {0, m_record.token, d.rule, d.stage, what, *d.reply, d.holdTimeoutMs});
        m_holdTimer.start(d.holdTimeoutMs);
        break;
    }
    default:
        break;
    }
    Q_EMIT updated(m_record);
}

void Session::startPace(const Faults::Decision &pace, const ProtocolEvents &deferred)
{
    m_pace = pace;
    m_deferred = deferred;
    if (pace.delayMs > 0)
        m_delay.start(int(qMin<qint64>(pace.delayMs, std::numeric_limits<int>::max())));
    else
        QMetaObject::invokeMethod(this, &Session::releasePaced, Qt::QueuedConnection); // after this drain
}

// The delay is over: the deferred reply goes out (throttled if the rule says so), and once
// it is written the protocol reads on.
void Session::releasePaced()
{
    if (m_finished)
        return;
    m_replyRate = m_pace.bytesPerSecond;
    m_resumeAfterSent = true;
    handleEvents(std::exchange(m_deferred, {}));
    if (m_paced.isEmpty())
        afterSent();
}

void Session::send(const QByteArray &bytes)
{
    const qint64 rate = m_replyRate > 0 ? m_replyRate : m_sessionRate;
    if (rate <= 0 && m_paced.isEmpty()) {
        m_socket->write(bytes);
        m_socket->flush(); // now, not on the next turn of the event loop
        return;
    }
    m_paced += bytes;
    if (rate > 0)
        m_pacedRate = rate;
    if (!m_pacer.isActive())
        m_pacer.start(kPaceIntervalMs);
}

void Session::onPaceTick()
{
    const qint64 slice = qMax<qint64>(1, m_pacedRate * kPaceIntervalMs / 1000);
    m_socket->write(m_paced.left(slice));
    m_paced.remove(0, qMin<qint64>(slice, m_paced.size()));
    if (!m_paced.isEmpty())
        return;
    m_pacer.stop();
    afterSent();
}

void Session::afterSent()
{
    m_replyRate = 0;
    if (std::exchange(m_closeAfterSent, false)) {
        m_socket->disconnectFromHost();
        return;
    }
    if (std::exchange(m_resumeAfterSent, false)) {
        m_protocol.resume();
        drainEvents();
        if (m_socket->bytesAvailable() > 0) // what the client sent meanwhile waited in the socket
            onReadyRead();
    }
}

void Session::closeWhenSent()
{
    if (m_paced.isEmpty())
        m_socket->disconnectFromHost();
    else
        m_closeAfterSent = true;
}

void Session::recordHung(const QByteArray &data)
{
    if (!data.isEmpty())
        Q_EMIT transcriptAppended({{m_record.token, 0, 0, Records::nowUs(), Records::LineKind::Command, data, 0}});
}

void Session::onHoldTimeout()
{
    // Through the broker, so a front end's answer racing the timeout cannot win twice.
    if (m_holdId && m_faults.holds) {
        m_faults.holds->expire(m_holdId);
        return;
    }
    onHoldResolved(0, *m_hold.reply, true);
}

void Session::onHoldResolved(quint64 id, const Records::Reply &reply, bool timedOut)
{
    if (id != m_holdId || m_finished || !m_protocol.isPausedByFault())
        return;
    m_holdId = 0;
    m_holdTimer.stop();
    note(Records::LineKind::FaultAction,
         timedOut ? QStringLiteral("Fault rule \"%1\": nobody answered the hold in %2 ms, sending %3")
                        .arg(m_hold.rule)
                        .arg(m_hold.holdTimeoutMs)
                        .arg(Faults::replyText(reply))
                  : QStringLiteral("Fault rule \"%1\": the hold was answered with %2")
                        .arg(m_hold.rule, Faults::replyText(reply)));
    m_protocol.answerHold(reply);
    drainEvents();
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
}

bool Session::isWaitingOnRule() const
{
    return (m_protocol.isPausedByFault() && !m_hung) || !m_paced.isEmpty();
}

void Session::endFaults()
{
    m_delay.stop();
    m_pacer.stop();
    m_holdTimer.stop();
    m_deferred.clear();
    m_paced.clear();
    m_replyRate = m_sessionRate = 0;
    if (m_holdId && m_faults.holds)
        m_faults.holds->cancel(std::exchange(m_holdId, 0));
    if (m_finished && m_faults.injector)
        m_faults.injector->endSession(m_record.token);
}

} // namespace Smtp
