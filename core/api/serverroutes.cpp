#include "routes.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

namespace Api {

namespace {

// Resident memory of this process in octets, from /proc (0 where there is none).
qint64 residentMemory()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return 0;
}

qint64 databaseSize(const QString &path)
{
    return QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size();
}

// What the process did since it started, counted from the live events.
struct RuntimeStats
{
    qint64 startedMs = QDateTime::currentMSecsSinceEpoch();
    qint64 accepted = 0;
    qint64 acceptedSize = 0;
    qint64 rejected = 0;
    qint64 deleted = 0;
};

// Mailpit's Tags of the info: each tag in use and how many messages carry it.
QJsonObject tagCounts(const Store::Reader &reader)
{
    QJsonObject out;
    for (const auto &[name, count] : reader.tagCounts())
        out.insert(name, count);
    return out;
}

} // namespace

void addServerRoutes(Router &router, Context &context)
{
    auto stats = std::make_shared<RuntimeStats>();
    QObject::connect(context.live, &Live::messagesStored, context.live, [stats](const QList<Records::MessageSummary> &messages) {
        for (const auto &m : messages) {
            ++stats->accepted;
            stats->acceptedSize += m.size;
        }
    });
    QObject::connect(context.live, &Live::sessionsEnded, context.live, [stats](const QList<Records::SessionRecord> &sessions) {
        for (const auto &s : sessions) {
            if (s.outcome == Records::Outcome::Rejected)
                ++stats->rejected;
        }
    });
    QObject::connect(context.live, &Live::storeChanged, context.live, [stats](const Records::CommitBatch &changes) {
        stats->deleted += changes.removed.size();
    });

    router.add("GET", QStringLiteral("/api/v1/info"), [&context, stats](const Request &, Reply reply) {
        const Store::Reader &reader = *context.reader;
        const QJsonObject runtime{
            {QStringLiteral("Uptime"), (QDateTime::currentMSecsSinceEpoch() - stats->startedMs) / 1000},
            {QStringLiteral("Memory"), residentMemory()},
            {QStringLiteral("MessagesDeleted"), stats->deleted},
            {QStringLiteral("SMTPAccepted"), stats->accepted},
            {QStringLiteral("SMTPAcceptedSize"), stats->acceptedSize},
            {QStringLiteral("SMTPRejected"), stats->rejected},
            {QStringLiteral("SMTPIgnored"), 0},
        };
        reply(Response::json(QJsonObject{
            {QStringLiteral("Version"), QStringLiteral(MAILSCOPE_VERSION)},
            {QStringLiteral("LatestVersion"), QStringLiteral(MAILSCOPE_VERSION)},
            {QStringLiteral("Database"), context.backend.databasePath},
            {QStringLiteral("DatabaseSize"), databaseSize(context.backend.databasePath)},
            {QStringLiteral("Messages"), reader.messageCount()},
            {QStringLiteral("Unread"), reader.unreadCount()},
            {QStringLiteral("Tags"), tagCounts(reader)},
            {QStringLiteral("RuntimeStats"), runtime},
        }));
    });

    router.add("GET", QStringLiteral("/api/v1/webui"), [&context](const Request &, Reply reply) {
        // Releasing sends the stored bytes unchanged: Message-IDs are kept, nothing is blocked
        // or overridden. As Mailpit, every field but Enabled stays empty when relaying is off.
        const Smtp::RelayConfig config = context.backend.relay ? context.backend.relay() : Smtp::RelayConfig{};
        const bool on = config.enabled();
        const QJsonObject relay{
            {QStringLiteral("Enabled"), on},
            {QStringLiteral("SMTPServer"), on ? config.server.toString() : QString()},
            {QStringLiteral("ReturnPath"), on ? QString::fromUtf8(config.returnPath) : QString()},
            {QStringLiteral("AllowedRecipients"), on ? config.allowedRecipients : QString()},
            {QStringLiteral("BlockedRecipients"), QString()},
            {QStringLiteral("OverrideFrom"), QString()},
            {QStringLiteral("PreserveMessageIDs"), on},
        };
        reply(Response::json(QJsonObject{
            {QStringLiteral("Label"), QString()},
            {QStringLiteral("MessageRelay"), relay},
            {QStringLiteral("SpamAssassin"), !context.config.spamAssassin.isEmpty()},
            {QStringLiteral("ChaosEnabled"), context.backend.injector != nullptr},
            {QStringLiteral("DuplicatesIgnored"), false},
            {QStringLiteral("HideDeleteAllButton"), false},
        }));
    });

    router.add("GET", QStringLiteral("/api/v1/openapi.json"), [](const Request &, Reply reply) {
        QFile document(QStringLiteral(":/api/openapi.json"));
        if (!document.open(QIODevice::ReadOnly))
            return reply(Response::error(500, QStringLiteral("The OpenAPI document is missing from this build.")));
        Response response = Response::text(document.readAll());
        response.contentType = "application/json";
        reply(response);
    });

    router.add("GET", QStringLiteral("/livez"), [](const Request &, Reply reply) { reply(Response::ok()); });
    router.add("GET", QStringLiteral("/readyz"), [&context](const Request &, Reply reply) {
        if (!context.reader->isOpen())
            return reply(Response::error(503, QStringLiteral("The database is not open: %1").arg(context.reader->error())));
        reply(Response::ok());
    });
}

} // namespace Api
