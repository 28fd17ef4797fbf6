#include "credentials.h"
#include "messagebuilder.h"
#include "routes.h"
#include "sendrequest.h"

#include "mime/listsummary.h"
#include "records/clock.h"
#include "smtp/listenaddress.h"

#include <QHash>
#include <QJsonObject>
#include <QTimer>

#include <memory>

// POST /api/v1/send: Mailpit's send request, built into a message and stored as if it had been
// received, in a session of its own that says it came from the HTTP API. The answer, Mailpit's
// {"ID": ...}, waits for the commit: the live batch that brings the session and its message.
namespace Api {

namespace {

constexpr int kStoreTimeoutMs = 60 * 1000; // the store does not answer: say so rather than hang

// Sends waiting for their message's id, by their session's token.
struct PendingSends
{
    struct Send
    {
        Reply reply;
        qint64 sessionId = 0;
    };
    QHash<quint64, Send> byToken;

    void finish(quint64 token, const Response &response)
    {
        const auto it = byToken.find(token);
        if (it == byToken.end())
            return;
        const Reply reply = it->reply;
        byToken.erase(it);
        reply(response);
    }
};

using Smtp::addressText;

Records::MessageRecord messageOf(const SendRequest &send, const QByteArray &raw, const Request &request)
{
    Records::MessageRecord m;
    m.token = Records::newToken();
    m.sessionToken = Records::newToken();
    m.ownSession = true;
    m.raw = raw;
    m.source = QStringLiteral("api");
    m.summary = Mime::summarize(raw);
    // The HTTP Basic user, which Mailpit keeps as the message's user.
    if (const auto basic = Credentials::basic(request.header("Authorization")))
        m.summary.authUser = basic->first;
    m.envelope = sendEnvelope(send);
    m.clientAddress = addressText(request.peerAddress);
    m.clientPort = request.peerPort;
    m.serverAddress = addressText(request.localAddress);
    m.serverPort = request.localPort;
    m.sessionNotes = {QStringLiteral("Received through the HTTP API (POST /api/v1/send) from %1 port %2")
                          .arg(m.clientAddress)
                          .arg(m.clientPort)
                          .toUtf8()};
    m.dataNote = QStringLiteral("Message of %1 octets from the HTTP API").arg(raw.size());
    return m;
}

} // namespace

void addSendRoute(Router &router, Context &context)
{
    auto pending = std::make_shared<PendingSends>();
    QObject::connect(context.live, &Live::sessionsStarted, context.live, [pending](const QList<Records::SessionRecord> &sessions) {
        for (const Records::SessionRecord &s : sessions) {
            const auto it = pending->byToken.find(s.token);
            if (it != pending->byToken.end())
                it->sessionId = s.id;
        }
    });
    QObject::connect(context.live, &Live::messagesStored, context.live, [pending](const QList<Records::MessageSummary> &messages) {
        for (const Records::MessageSummary &m : messages) {
            for (auto it = pending->byToken.cbegin(); it != pending->byToken.cend(); ++it) {
                if (it->sessionId && it->sessionId == m.sessionId) {
                    pending->finish(it.key(), Response::json(QJsonObject{{QStringLiteral("ID"), QString::number(m.id)}}));
                    break;
                }
            }
        }
    });
    // A session that ends without its message: the store refused it.
    QObject::connect(context.live, &Live::sessionsEnded, context.live, [pending](const QList<Records::SessionRecord> &sessions) {
        for (const Records::SessionRecord &s : sessions)
            pending->finish(s.token, Response::jsonError(500, QStringLiteral("the message could not be stored")));
    });

    router.add("POST", QStringLiteral("/api/v1/send"), [&context, pending](const Request &request, Reply reply) {
        const std::variant<SendRequest, QString> parsed = parseSendRequest(request.body);
        if (const QString *error = std::get_if<QString>(&parsed))
            return reply(Response::jsonError(400, *error));
        const SendRequest &send = std::get<SendRequest>(parsed);
        const QByteArray raw = buildMessage(send);
        const qint64 limit = context.backend.maxMessageSize;
        if (limit > 0 && raw.size() > limit) {
            return reply(Response::jsonError(413, QStringLiteral("the message would be %1 octets, over the limit of %2 (--max-message-size)")
                                                      .arg(raw.size())
                                                      .arg(limit)));
        }
        if (!context.backend.store)
            return reply(Response::jsonError(503, QStringLiteral("This server cannot store messages.")));
        const Records::MessageRecord message = messageOf(send, raw, request);
        pending->byToken.insert(message.sessionToken, {reply, 0});
        QTimer::singleShot(kStoreTimeoutMs, context.live, [pending, token = message.sessionToken] {
            pending->finish(token, Response::jsonError(500, QStringLiteral("the store did not answer in time")));
        });
        context.backend.store(message);
    });
}

} // namespace Api
