// SessionFaults: the timers and socket side of fault injection. The protocol decides (through
// the injector) and pauses its input; this class waits, paces, hangs, holds and closes.
#include "sessionfaults.h"

#include "protocol.h"

#include "faults/explain.h"

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

SessionFaults::SessionFaults(Protocol &protocol, Host &host)
    : m_protocol(protocol), m_host(host)
{
}

SessionFaults::~SessionFaults() = default;

void SessionFaults::begin(const Faults::Hooks &hooks, quint64 session, const QHostAddress &client)
{
    m_faults = hooks;
    m_session = session;
    m_client = client;
    if (!m_faults.injector)
        return;
    m_faults.injector->beginSession(m_session);
    m_protocol.setFaultCheck([this](Faults::Context &context) {
        context.session = m_session;
        context.client = m_client;
        context.nowMs = steadyMs(); // one clock for all sessions: greylisting compares across them
        return m_faults.injector->decide(context);
    });
    // Precise timers: a coarse one may fire up to 5% early, and a delay rule is a promise of
    // "no earlier than".
    m_delay.setTimerType(Qt::PreciseTimer);
    m_pacer.setTimerType(Qt::PreciseTimer);
    m_holdTimer.setTimerType(Qt::PreciseTimer);
    m_delay.setSingleShot(true);
    connect(&m_delay, &QTimer::timeout, this, &SessionFaults::releasePaced);
    connect(&m_pacer, &QTimer::timeout, this, &SessionFaults::onPaceTick);
    m_holdTimer.setSingleShot(true);
    connect(&m_holdTimer, &QTimer::timeout, this, &SessionFaults::onHoldTimeout);
    if (m_faults.holds)
        connect(m_faults.holds.get(), &Faults::HoldBroker::holdResolved, this, &SessionFaults::onHoldResolved);
}

void SessionFaults::decided(const Faults::Decision &d)
{
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
    case Kind::Hang:
        m_hung = true;
        break;
    case Kind::Hold: {
        m_hold = d;
        const QByteArray what = d.stage == Faults::Stage::EndOfData ? QByteArrayLiteral("end of data")
                              : d.stage == Faults::Stage::Connect || d.stage == Faults::Stage::Greeting
                                  ? QByteArrayLiteral("greeting")
                                  : m_lastCommand.trimmed();
        if (m_faults.holds)
            m_holdId = m_faults.holds->request(
                {0, m_session, d.rule, d.stage, what, *d.reply, d.holdTimeoutMs});
        m_holdTimer.start(d.holdTimeoutMs);
        break;
    }
    default:
        break;
    }
}

void SessionFaults::pace(const Faults::Decision &pace, const ProtocolEvents &deferred)
{
    m_pace = pace;
    m_deferred = deferred;
    if (pace.delayMs > 0)
        m_delay.start(int(qMin<qint64>(pace.delayMs, std::numeric_limits<int>::max())));
    else
        QMetaObject::invokeMethod(this, &SessionFaults::releasePaced, Qt::QueuedConnection); // after this drain
}

// The delay is over: the deferred reply goes out (throttled if the rule says so), and once
// it is written the protocol reads on.
void SessionFaults::releasePaced()
{
    if (m_ended)
        return;
    m_replyRate = m_pace.bytesPerSecond;
    m_resumeAfterSent = true;
    m_host.handleEvents(std::exchange(m_deferred, {}));
    if (m_paced.isEmpty())
        afterSent();
}

void SessionFaults::send(const QByteArray &bytes)
{
    const qint64 rate = m_replyRate > 0 ? m_replyRate : m_sessionRate;
    if (rate <= 0 && m_paced.isEmpty()) {
        m_host.write(bytes);
        return;
    }
    m_paced += bytes;
    if (rate > 0)
        m_pacedRate = rate;
    if (!m_pacer.isActive())
        m_pacer.start(kPaceIntervalMs);
}

qint64 SessionFaults::sliceOctets(qint64 bytesPerSecond)
{
    return qMax<qint64>(1, bytesPerSecond * kPaceIntervalMs / 1000);
}

void SessionFaults::onPaceTick()
{
    const qint64 slice = sliceOctets(m_pacedRate);
    m_host.write(m_paced.left(slice));
    m_paced.remove(0, qMin<qint64>(slice, m_paced.size()));
    if (!m_paced.isEmpty())
        return;
    m_pacer.stop();
    afterSent();
}

void SessionFaults::afterSent()
{
    m_replyRate = 0;
    if (std::exchange(m_closeAfterSent, false)) {
        m_host.disconnectClient();
        return;
    }
    if (std::exchange(m_resumeAfterSent, false)) {
        m_protocol.resume();
        m_host.readOn();
    }
}

void SessionFaults::closeWhenSent()
{
    if (m_paced.isEmpty())
        m_host.disconnectClient();
    else
        m_closeAfterSent = true;
}

void SessionFaults::onHoldTimeout()
{
    // Through the broker, so a front end's answer racing the timeout cannot win twice.
    if (m_holdId && m_faults.holds) {
        m_faults.holds->expire(m_holdId);
        return;
    }
    onHoldResolved(0, *m_hold.reply, true);
}

void SessionFaults::onHoldResolved(quint64 id, const Records::Reply &reply, bool timedOut)
{
    if (id != m_holdId || m_ended || !m_protocol.isPausedByFault())
        return;
    m_holdId = 0;
    m_holdTimer.stop();
    m_host.note(Records::LineKind::FaultAction,
                timedOut ? QStringLiteral("Fault rule \"%1\": nobody answered the hold in %2 ms, sending %3")
                               .arg(m_hold.rule)
                               .arg(m_hold.holdTimeoutMs)
                               .arg(Faults::replyText(reply))
                         : QStringLiteral("Fault rule \"%1\": the hold was answered with %2")
                               .arg(m_hold.rule, Faults::replyText(reply)));
    m_protocol.answerHold(reply);
    m_host.readOn();
}

bool SessionFaults::isWaitingOnRule() const
{
    return (m_protocol.isPausedByFault() && !m_hung) || !m_paced.isEmpty();
}

void SessionFaults::stop()
{
    m_delay.stop();
    m_pacer.stop();
    m_holdTimer.stop();
    m_deferred.clear();
    m_paced.clear();
    m_replyRate = m_sessionRate = 0;
    if (m_holdId && m_faults.holds)
        m_faults.holds->cancel(std::exchange(m_holdId, 0));
}

void SessionFaults::end()
{
    m_ended = true;
    stop();
    if (m_faults.injector)
        m_faults.injector->endSession(m_session);
}

void SessionFaults::messageReady(const ProtocolEvent &e)
{
    m_stored.recipients.clear();
    for (const Records::Recipient &r : e.envelope.recipients)
        m_stored.recipients.append(r.address);
    m_stored.size = e.contentSize();
}

void SessionFaults::messageAcknowledged(bool stored)
{
    if (stored && m_faults.injector)
        m_faults.injector->messageStored(m_stored);
    m_stored = {};
}

} // namespace Smtp
