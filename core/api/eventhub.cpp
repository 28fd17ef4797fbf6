#include "eventhub.h"

#include "sessionjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QWebSocket>

namespace Api {

namespace {

constexpr int kCloseGraceMs = 5000; // a dropped client that does not finish closing is cut off

// Octets a server frame adds to its payload: unmasked, one frame per message.
qint64 frameOverhead(qint64 payload)
{
    return payload < 126 ? 2 : payload < 65536 ? 4 : 10;
}

} // namespace

QString eventFrame(QLatin1StringView type, const QJsonValue &data)
{
    const QJsonObject frame{{QStringLiteral("Type"), type}, {QStringLiteral("Data"), data}};
    return QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact));
}

EventHub::EventHub(Live *live, SummaryJson summaryJson, CountsSource counts, QObject *parent)
    : QObject(parent)
    , m_summaryJson(std::move(summaryJson))
    , m_counts(std::move(counts))
{
    connect(live, &Live::messagesStored, this, &EventHub::onMessagesStored);
    connect(live, &Live::storeChanged, this, &EventHub::onStoreChanged);
    connect(live, &Live::sessionsStarted, this,
            [this](const QList<Records::SessionRecord> &sessions) { onSessions("session.started", sessions); });
    connect(live, &Live::sessionsUpdated, this,
            [this](const QList<Records::SessionRecord> &sessions) { onSessions("session.updated", sessions); });
    connect(live, &Live::sessionsEnded, this,
            [this](const QList<Records::SessionRecord> &sessions) { onSessions("session.ended", sessions); });
    connect(live, &Live::transcriptAppended, this, &EventHub::onLines);

    m_pingTimer.setInterval(kPingIntervalMs);
    connect(&m_pingTimer, &QTimer::timeout, this, &EventHub::ping);
    m_statsTimer.setSingleShot(true);
    m_statsTimer.setInterval(kStatsDelayMs);
    connect(&m_statsTimer, &QTimer::timeout, this, &EventHub::sendStats);
}

EventHub::~EventHub()
{
    const QList<QWebSocket *> sockets = m_clients.keys();
    m_clients.clear();
    for (QWebSocket *socket : sockets) {
        socket->disconnect(this);
        socket->abort();
        delete socket;
    }
}

void EventHub::setPingInterval(int ms)
{
    m_pingTimer.setInterval(ms);
}

void EventHub::add(QWebSocket *socket)
{
    socket->setParent(this);
    m_clients.insert(socket, Client{});
    connect(socket, &QWebSocket::bytesWritten, this, [this, socket](qint64 written) {
        const auto it = m_clients.find(socket);
        if (it != m_clients.end())
            it->unsent = std::max<qint64>(0, it->unsent - written);
    });
    connect(socket, &QWebSocket::pong, this, [this, socket] {
        const auto it = m_clients.find(socket);
        if (it != m_clients.end())
            it->pongSeen = true;
    });
    connect(socket, &QWebSocket::disconnected, this, [this, socket] {
        m_clients.remove(socket);
        socket->deleteLater();
    });
    if (!m_pingTimer.isActive())
        m_pingTimer.start();
}

void EventHub::sendText(QWebSocket *socket, const QString &text)
{
    const auto it = m_clients.find(socket);
    if (it == m_clients.end())
        return;
    if (it->unsent > m_sendLimit) {
        drop(socket, QStringLiteral("Events not read fast enough"));
        return;
    }
    const qint64 payload = socket->sendTextMessage(text);
    it->unsent += payload + frameOverhead(payload);
}

void EventHub::drop(QWebSocket *socket, const QString &reason)
{
    m_clients.remove(socket);
    socket->disconnect(this);
    connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
    socket->close(QWebSocketProtocol::CloseCodePolicyViolated, reason);
    // The close frame waits behind what the client did not read: cut it off if it stays.
    QTimer::singleShot(kCloseGraceMs, socket, [socket] { socket->abort(); });
}

void EventHub::send(const char *type, const QJsonValue &data)
{
    const QString text = eventFrame(QLatin1StringView(type), data);
    const QList<QWebSocket *> sockets = m_clients.keys(); // drop() changes the hash
    for (QWebSocket *socket : sockets)
        sendText(socket, text);
}

void EventHub::ping()
{
    if (m_clients.isEmpty()) {
        m_pingTimer.stop();
        return;
    }
    const QList<QWebSocket *> sockets = m_clients.keys();
    for (QWebSocket *socket : sockets) {
        Client &client = m_clients[socket];
        if (!client.pongSeen) { // no answer for a whole interval: the peer is gone
            drop(socket, QStringLiteral("No pong"));
            continue;
        }
        client.pongSeen = false;
        socket->ping();
        client.unsent += frameOverhead(0);
    }
}

void EventHub::onMessagesStored(const QList<Records::MessageSummary> &messages)
{
    if (m_clients.isEmpty())
        return;
    for (const Records::MessageSummary &m : messages)
        send("new", m_summaryJson(m));
    statsChanged();
}

void EventHub::onStoreChanged(const Records::CommitBatch &changes)
{
    if (m_clients.isEmpty())
        return;
    const bool removed = !changes.removed.isEmpty() || changes.messagesRemovedUpTo > 0;
    if (changes.messagesRemovedUpTo > 0) {
        // A prefix of the messages went: all of them ("Delete all") or the oldest (retention).
        send(m_counts().total == 0 ? "truncate" : "prune", QJsonValue());
    } else if (changes.removed.size() > kDeletesBeforePrune) {
        send("prune", QJsonValue());
    } else {
        for (const qint64 id : changes.removed)
            send("delete", QJsonObject{{QStringLiteral("ID"), QString::number(id)}});
    }
    if (removed)
        statsChanged();

    // Read state and tags, as Mailpit's "update" frames {ID, Read} and {ID, Tags}.
    QList<MessageUpdate> updates;
    QHash<qint64, qsizetype> index;
    auto updateOf = [&](qint64 id) -> MessageUpdate & {
        const auto it = index.constFind(id);
        if (it != index.constEnd())
            return updates[*it];
        index.insert(id, updates.size());
        updates.append(MessageUpdate{id, std::nullopt, std::nullopt});
        return updates.last();
    };
    for (const auto &[id, read] : changes.seen)
        updateOf(id).read = read;
    if (m_tags) {
        for (const qint64 id : changes.tagsChanged)
            updateOf(id).tags = m_tags(id);
    }
    messagesUpdated(updates);
}

void EventHub::messagesUpdated(const QList<MessageUpdate> &updates)
{
    if (m_clients.isEmpty())
        return;
    bool readChanged = false;
    for (const MessageUpdate &u : updates) {
        QJsonObject data{{QStringLiteral("ID"), QString::number(u.id)}};
        if (u.read) {
            data.insert(QStringLiteral("Read"), *u.read);
            readChanged = true;
        }
        if (u.tags)
            data.insert(QStringLiteral("Tags"), QJsonArray::fromStringList(*u.tags));
        send("update", data);
    }
    if (readChanged)
        statsChanged();
}

void EventHub::onSessions(const char *type, const QList<Records::SessionRecord> &sessions)
{
    if (m_clients.isEmpty())
        return;
    for (const Records::SessionRecord &s : sessions)
        send(type, sessionJson(s));
}

void EventHub::onLines(const QList<Records::TranscriptLine> &lines)
{
    if (m_clients.isEmpty())
        return;
    for (const Records::TranscriptLine &line : lines) {
        QJsonObject data = transcriptLineJson(line);
        data.insert(QStringLiteral("Session"), QString::number(line.sessionId));
        send("session.line", data);
    }
}

void EventHub::statsChanged()
{
    if (!m_statsTimer.isActive())
        m_statsTimer.start();
}

void EventHub::sendStats()
{
    if (m_clients.isEmpty())
        return;
    const Counts counts = m_counts();
    send("stats", QJsonObject{{QStringLiteral("Total"), counts.total},
                              {QStringLiteral("Unread"), counts.unread},
                              {QStringLiteral("Version"), QStringLiteral(MAILSCOPE_VERSION)}});
}

} // namespace Api
