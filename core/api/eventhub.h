#pragma once

#include "backend.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <functional>
#include <optional>

class QWebSocket;

namespace Api {

// A message whose read state or tags changed; what did not change stays unset.
struct MessageUpdate
{
    qint64 id = 0;
    std::optional<bool> read;
    std::optional<QStringList> tags;
};

// The WebSocket clients of /api/events and what they are sent: Mailpit's frames
// {"Type": ..., "Data": ...} ("new", "update", "delete", "prune", "truncate", "stats") and
// Mailscope's own, which Mailpit's clients ignore ("session.started", "session.line",
// "session.updated" when a running session's HELO, TLS, user or counts change, "session.ended"). Owns the sockets; lives on the API's thread. Frames are written without
// waiting for the client; one that leaves more than sendLimit octets unread is closed with
// 1008 and forgotten, so a slow client costs a bounded amount of memory.
class EventHub final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventHub)

public:
    using SummaryJson = std::function<QJsonObject(const Records::MessageSummary &summary)>;
    struct Counts
    {
        qint64 total = 0;
        qint64 unread = 0;
    };
    using CountsSource = std::function<Counts()>;
    using TagsSource = std::function<QStringList(qint64 messageId)>;

    static constexpr qint64 kDefaultSendLimit = 8 * 1024 * 1024;
    static constexpr int kPingIntervalMs = 54 * 1000;   // as Mailpit: 9/10 of a 60 s pong wait
    static constexpr int kStatsDelayMs = 250;           // stats at most four times a second
    static constexpr int kDeletesBeforePrune = 200;     // more deletions at once: one "prune"

    // summaryJson makes the Data of "new" (Mailpit's MessageSummary); counts gives "stats".
    EventHub(Live *live, SummaryJson summaryJson, CountsSource counts, QObject *parent = nullptr);
    ~EventHub() override;

    void add(QWebSocket *socket); // takes ownership
    int clientCount() const { return int(m_clients.size()); }
    void setSendLimit(qint64 octets) { m_sendLimit = octets; }
    void setPingInterval(int ms);
    // The tags a message has now, for the "update" frames of tag changes; unset: none are sent.
    void setTagsSource(TagsSource tags) { m_tags = std::move(tags); }

    // Read state or tags changed: one "update" per message (the store's changes come here too).
    void messagesUpdated(const QList<MessageUpdate> &updates);

private:
    struct Client
    {
        qint64 unsent = 0;      // octets handed to the socket and not yet written
        bool pongSeen = true;   // since the last ping
    };

    void onMessagesStored(const QList<Records::MessageSummary> &messages);
    void onStoreChanged(const Records::CommitBatch &changes);
    void onSessions(const char *type, const QList<Records::SessionRecord> &sessions);
    void onLines(const QList<Records::TranscriptLine> &lines);
    void send(const char *type, const QJsonValue &data);
    void sendText(QWebSocket *socket, const QString &text);
    void drop(QWebSocket *socket, const QString &reason);
    void ping();
    void statsChanged();
    void sendStats();

    SummaryJson m_summaryJson;
    CountsSource m_counts;
    TagsSource m_tags;
    QHash<QWebSocket *, Client> m_clients;
    qint64 m_sendLimit = kDefaultSendLimit;
    QTimer m_pingTimer;
    QTimer m_statsTimer;
};

// The frame itself: {"Type": type, "Data": data}, compact.
QString eventFrame(QLatin1StringView type, const QJsonValue &data);

} // namespace Api
