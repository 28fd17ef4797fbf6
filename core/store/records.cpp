#include "records.h"

#include <algorithm>
#include <chrono>

namespace Store {

qint64 nowUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {
const char *const kOutcomeNames[] = {"in_progress", "delivered", "quit", "rejected", "timed_out", "aborted", "shutdown"};
}

QString outcomeName(Outcome outcome)
{
    return QString::fromLatin1(kOutcomeNames[static_cast<int>(outcome)]);
}

Outcome outcomeFromName(const QString &name)
{
    for (int i = 0; i < int(std::size(kOutcomeNames)); ++i) {
        if (name == QLatin1String(kOutcomeNames[i]))
            return static_cast<Outcome>(i);
    }
    return Outcome::InProgress;
}

void CommitBatch::append(const CommitBatch &other)
{
    started += other.started;
    lines += other.lines;
    messages += other.messages;
    acks += other.acks;
    ended += other.ended;
    removed += other.removed;
    analysed += other.analysed;
    messagesRemovedUpTo = std::max(messagesRemovedUpTo, other.messagesRemovedUpTo);
    sessionsRemovedUpTo = std::max(sessionsRemovedUpTo, other.sessionsRemovedUpTo);
}

} // namespace Store

#include "mime/listsummary.h"

#include <QAtomicInteger>

namespace Store {
quint64 newToken()
{
    static QAtomicInteger<quint64> counter(0);
    return counter.fetchAndAddRelaxed(1) + 1;
}

MessageSummary summarize(const QByteArray &raw)
{
    const Mime::ListSummary list = Mime::summarize(raw);
    MessageSummary s;
    s.receivedUs = nowUs();
    s.size = raw.size();
    s.headerFrom = list.from;
    s.headerTo = list.to;
    s.subject = list.subject;
    s.date = list.date;
    s.attachments = list.attachments;
    s.hasHtml = list.hasHtml;
    return s;
}

MessageRecord importedMessage(const QByteArray &raw)
{
    MessageRecord m;
    m.token = newToken();
    m.raw = raw;
    m.source = QStringLiteral("import");
    m.summary = summarize(raw);
    return m;
}
} // namespace Store
