#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>

namespace Faults {

// The state behind the stateful scenarios. Pure: the caller passes the time, in
// milliseconds on any clock that does not go backwards. Not thread-safe (the injector
// guards it). Keys are compared as given; callers lower-case addresses.

// Greylisting: the first attempt of a client/sender/recipient triple is refused; a retry at
// least retryAfterMs later is admitted, and so is every later attempt of that triple.
class Greylist
{
public:
    bool admit(const QByteArray &triple, qint64 nowMs, qint64 retryAfterMs);
    qsizetype waiting() const { return m_firstSeen.size(); }

private:
    QHash<QByteArray, qint64> m_firstSeen;
    QSet<QByteArray> m_passed;
};

// A sliding window: at most `limit` admissions per key in any windowMs; refusals do not count.
class RateWindow
{
public:
    bool admit(const QByteArray &key, qint64 nowMs, int limit, qint64 windowMs);

private:
    QHash<QByteArray, QList<qint64>> m_times;
};

// Messages and octets stored per recipient.
class QuotaLedger
{
public:
    struct Usage
    {
        qint64 messages = 0;
        qint64 bytes = 0;
    };

    // Full once either limit (0: none) is reached.
    bool isFull(const QByteArray &recipient, qint64 maxMessages, qint64 maxBytes) const;
    void record(const QByteArray &recipient, qint64 bytes);
    Usage usage(const QByteArray &recipient) const { return m_usage.value(recipient); }

private:
    QHash<QByteArray, Usage> m_usage;
};

} // namespace Faults
