#include "cli.h"
#include "capture/signalwatcher.h"

#include "capture/captureservice.h"
#include "faults/injector.h"
#include "faults/planwatcher.h"
#include "smtp/sasl.h"
#include "smtp/transcripttext.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>

namespace Cli {

namespace {

QString sessionLine(const Records::SessionRecord &s)
{
    const double seconds = (s.endedUs - s.startedUs) / 1e6;
    return QStringLiteral("session %1 %2:%3 helo=%4 outcome=%5 messages=%6 %7s%8")
        .arg(s.id)
        .arg(s.clientAddress)
        .arg(s.clientPort)
        .arg(s.helo.isEmpty() ? QStringLiteral("-") : QString::fromUtf8(s.helo))
        .arg(Records::outcomeName(s.outcome))
        .arg(s.messageCount)
        .arg(seconds, 0, 'f', 3)
        .arg(s.defects.isEmpty() ? QString() : QStringLiteral(" defects=%1").arg(s.defects.size()));
}

// A session still open whose facts changed (--verbose).
QString updateLine(const Records::SessionRecord &s)
{
    const QString tls = s.tls.value(QStringLiteral("version")).toString();
    return QStringLiteral("  [%1] session helo=%2 tls=%3 auth=%4 messages=%5")
        .arg(s.id)
        .arg(s.helo.isEmpty() ? QStringLiteral("-") : QString::fromUtf8(s.helo), tls.isEmpty() ? QStringLiteral("-") : tls,
             s.authUser.isEmpty() ? QStringLiteral("-") : QString::fromUtf8(s.authUser))
        .arg(s.messageCount);
}

QString messageLine(const Records::MessageSummary &m)
{
    QStringList to;
    for (const QByteArray &r : m.recipients)
        to.append(QString::fromUtf8(r));
    return QStringLiteral("message %1 session %2 from <%3> to <%4> %5 octets subject \"%6\"")
        .arg(m.id)
        .arg(m.sessionId)
        .arg(QString::fromUtf8(m.mailFrom), to.join(QStringLiteral(">,<")))
        .arg(m.size)
        .arg(m.subject);
}

void addSecurityOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("smtps"),
                      QStringLiteral("Also listen for implicit TLS (SMTPS, RFC 8314) on ADDR:PORT, e.g. 127.0.0.1:1465. "
                                     "Repeat for several."),
                      QStringLiteral("ADDR:PORT")});
    parser.addOption({QStringLiteral("tls-cert"), QStringLiteral("PEM certificate (chain) to present; with --tls-key."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("tls-key"), QStringLiteral("PEM private key of --tls-cert."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("no-tls"), QStringLiteral("Offer neither STARTTLS nor SMTPS.")});
    parser.addOption({QStringLiteral("require-tls"), QStringLiteral("Refuse MAIL before STARTTLS (530 5.7.0).")});
    parser.addOption({QStringLiteral("auth-users"),
                      QStringLiteral("Check AUTH against this file, one user:password a line (default: any "
                                     "credentials are accepted)."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("require-auth"), QStringLiteral("Refuse MAIL before AUTH (530 5.7.0).")});
    parser.addOption({QStringLiteral("auth-tls-only"),
                      QStringLiteral("Offer AUTH only after STARTTLS, as production servers do.")});
}

// Returns 0, or the exit code after printing what was wrong.
int applySecurityOptions(const QCommandLineParser &parser, const QString &databasePath, Smtp::ServerConfig *server)
{
    Smtp::ProtocolConfig &protocol = server->protocol;
    for (const QString &value : parser.values(QStringLiteral("smtps"))) {
        auto address = Smtp::ListenAddress::parse(value);
        if (!address)
            return fail(QStringLiteral("--smtps %1 is not ADDR:PORT (example: 127.0.0.1:1465)").arg(value), Usage);
        address->implicitTls = true;
        server->implicitTls.append(*address);
    }
    const QString cert = parser.value(QStringLiteral("tls-cert"));
    const QString key = parser.value(QStringLiteral("tls-key"));
    if (cert.isEmpty() != key.isEmpty())
        return fail(QStringLiteral("--tls-cert and --tls-key go together"), Usage);
    const bool noTls = parser.isSet(QStringLiteral("no-tls"));
    if (noTls && (!server->implicitTls.isEmpty() || parser.isSet(QStringLiteral("require-tls"))))
        return fail(QStringLiteral("--no-tls cannot be combined with --smtps or --require-tls"), Usage);
    if (!noTls) {
        QString error;
        server->tls = cert.isEmpty()
            ? Smtp::TlsIdentity::loadOrCreate(QFileInfo(databasePath).absolutePath(), QString::fromUtf8(protocol.hostname), &error)
            : Smtp::TlsIdentity::load(cert, key, &error);
        if (!server->tls)
            return fail(error);
    }
    protocol.requireTls = parser.isSet(QStringLiteral("require-tls"));
    protocol.requireAuth = parser.isSet(QStringLiteral("require-auth"));
    protocol.authRequiresTls = parser.isSet(QStringLiteral("auth-tls-only"));
    const QString usersPath = parser.value(QStringLiteral("auth-users"));
    if (!usersPath.isEmpty()) {
        QFile file(usersPath);
        if (!file.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read %1: %2").arg(usersPath, file.errorString()));
        QString error;
        const auto users = Smtp::Sasl::UserList::parse(file.readAll(), &error);
        if (!users)
            return fail(QStringLiteral("%1: %2").arg(usersPath, error));
        protocol.users = *users;
    }
    return 0;
}

} // namespace

int serve(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run the SMTP server without a window. Every message and session is stored; one line is printed per "
        "session and per message once it is stored."));
    addDatabaseOption(parser);
    const Smtp::Limits defaults;
    parser.addOption({QStringLiteral("smtp"),
                      QStringLiteral("Address and port to listen on, e.g. 127.0.0.1:1025, [::1]:1025, :1025 "
                                     "(all addresses). Repeat for several. Default 127.0.0.1:1025."),
                      QStringLiteral("ADDR:PORT")});
    parser.addOption({QStringLiteral("hostname"), QStringLiteral("Name in the greeting and EHLO reply."),
                      QStringLiteral("NAME"), QStringLiteral("mailscope.localhost")});
    parser.addOption({QStringLiteral("max-message-size"),
                      QStringLiteral("Largest message in octets (default %1).").arg(defaults.maxMessageSize),
                      QStringLiteral("OCTETS")});
    parser.addOption({QStringLiteral("max-recipients"),
                      QStringLiteral("Recipients per message (default %1).").arg(defaults.maxRecipients),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("max-line-length"),
                      QStringLiteral("Longest command line in octets, CRLF included (default %1).")
                          .arg(defaults.maxLineLength),
                      QStringLiteral("OCTETS")});
    parser.addOption({QStringLiteral("idle-timeout"),
                      QStringLiteral("Seconds a client may stay silent (default %1).").arg(defaults.idleTimeoutMs / 1000),
                      QStringLiteral("SECONDS")});
    parser.addOption({QStringLiteral("max-connections"),
                      QStringLiteral("Concurrent connections (default %1).").arg(defaults.maxConnections),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("durability"),
                      QStringLiteral("full (default): every acknowledged message survives a power loss; normal: "
                                     "survives a crash of Mailscope, faster on slow disks."),
                      QStringLiteral("full|normal"), QStringLiteral("full")});
    parser.addOption({QStringLiteral("verbose"),
                      QStringLiteral("Print every transcript line, and the HELO, TLS and user of sessions as they change.")});
    addSecurityOptions(parser);
    addFaultOptions(parser);
    int code = Ok;
    if (!parse(parser, args, &code))
        return code;

    Capture::Config config;
    config.databasePath = databasePath(parser);
    config.server.protocol.hostname = parser.value(QStringLiteral("hostname")).toUtf8();
    if (parser.isSet(QStringLiteral("smtp"))) {
        config.server.listen.clear();
        for (const QString &value : parser.values(QStringLiteral("smtp"))) {
            const auto address = Smtp::ListenAddress::parse(value);
            if (!address)
                return fail(QStringLiteral("--smtp %1 is not ADDR:PORT (examples: 127.0.0.1:1025, [::1]:1025, :1025)")
                                .arg(value),
                            Usage);
            config.server.listen.append(*address);
        }
    }
    Smtp::Limits &limits = config.server.protocol.limits;
    const auto number = [&](const char *name, qint64 min, qint64 max, qint64 *target) {
        const QString key = QString::fromLatin1(name);
        if (!parser.isSet(key))
            return true;
        bool ok = false;
        const qint64 value = parser.value(key).toLongLong(&ok);
        if (!ok || value < min || value > max) {
            fail(QStringLiteral("--%1 needs a whole number from %2 to %3").arg(key).arg(min).arg(max), Usage);
            return false;
        }
        *target = value;
        return true;
    };
    qint64 recipients = limits.maxRecipients, line = limits.maxLineLength, idle = limits.idleTimeoutMs / 1000,
           connections = limits.maxConnections;
    if (!number("max-message-size", 1, qint64(1) << 40, &limits.maxMessageSize)
        || !number("max-recipients", 1, 1000000, &recipients) || !number("max-line-length", 64, 1 << 20, &line)
        || !number("idle-timeout", 1, 86400, &idle) || !number("max-connections", 1, 100000, &connections))
        return Usage;
    limits.maxRecipients = int(recipients);
    limits.maxLineLength = int(line);
    limits.idleTimeoutMs = int(idle * 1000);
    limits.maxConnections = int(connections);
    if (const int failed = applySecurityOptions(parser, config.databasePath, &config.server))
        return failed;
    QString faultFile;
    if (const int failed = applyFaultOptions(parser, &config.server.faults, &faultFile))
        return failed;
    const QString durability = parser.value(QStringLiteral("durability"));
    if (durability != QLatin1String("full") && durability != QLatin1String("normal"))
        return fail(QStringLiteral("--durability must be full or normal"), Usage);
    config.durability = durability == QLatin1String("full") ? Store::Writer::Durability::Full
                                                              : Store::Writer::Durability::Normal;

    Capture::CaptureService service(config);
    const bool verbose = parser.isSet(QStringLiteral("verbose"));
    QObject::connect(&service, &Capture::CaptureService::messagesStored, &service,
                     [](const QList<Records::MessageSummary> &messages) {
                         QStringList lines; // one write per batch
                         for (const auto &m : messages)
                             lines.append(messageLine(m));
                         out(lines.join(QLatin1Char('\n')));
                     });
    QObject::connect(&service, &Capture::CaptureService::sessionsEnded, &service,
                     [](const QList<Records::SessionRecord> &sessions) {
                         QStringList lines;
                         for (const auto &s : sessions)
                             lines.append(sessionLine(s));
                         out(lines.join(QLatin1Char('\n')));
                     });
    if (verbose) {
        QObject::connect(&service, &Capture::CaptureService::transcriptAppended, &service,
                         [](const QList<Records::TranscriptLine> &lines) {
                             for (const auto &l : lines)
                                 out(QStringLiteral("  [%1] ").arg(l.sessionId) + Smtp::TranscriptText::markedText(l));
                         });
        QObject::connect(&service, &Capture::CaptureService::sessionsUpdated, &service,
                         [](const QList<Records::SessionRecord> &sessions) {
                             for (const auto &s : sessions)
                                 out(updateLine(s));
                         });
    }
    QObject::connect(&service, &Capture::CaptureService::storeFailed, &service,
                     [](const QString &error) { fail(QStringLiteral("could not write the database: %1").arg(error)); });

    // Before the server listens (and says so): a client or script may stop it at once, and the
    // signal then waits in the watcher until the event loop runs.
    SignalWatcher watcher;
    const std::shared_ptr<Faults::Injector> injector = config.server.faults.injector;
    QObject::connect(&watcher, &SignalWatcher::stopRequested, &service, [&service, injector](int) {
        service.stop();
        if (injector) {
            QStringList hits;
            for (const Faults::RuleStats &rule : injector->stats())
                hits.append(QStringLiteral("%1 %2").arg(rule.name).arg(rule.hits));
            out(QStringLiteral("Fault rule hits: %1").arg(hits.join(QStringLiteral(", "))));
        }
        out(QStringLiteral("Mailscope stopped; everything received is stored."));
        QCoreApplication::quit();
    });

    QString error;
    if (!service.start(&error))
        return fail(error);
    QStringList addresses;
    for (const auto &a : service.addresses())
        addresses.append(a.toString());
    out(QStringLiteral("Mailscope %1 listening on %2, database %3")
            .arg(QStringLiteral(MAILSCOPE_VERSION), addresses.join(QStringLiteral(", ")), config.databasePath));
    if (config.server.tls) {
        out(QStringLiteral("TLS certificate %1%2")
                .arg(config.server.tls->certificatePath,
                     config.server.tls->generated ? QStringLiteral(" (self-signed; trust this file in your client)")
                                                  : QString()));
    }
    std::unique_ptr<Faults::PlanWatcher> planWatcher;
    if (const auto &injector = config.server.faults.injector) {
        out(QStringLiteral("Fault plan %1, seed %2 (repeat the same faults with --fault-seed %2):")
                .arg(faultFile.isEmpty() ? QStringLiteral("preset ") + parser.value(QStringLiteral("fault-preset"))
                                         : faultFile)
                .arg(injector->seed()));
        printFaultPlan(injector->plan());
        if (!faultFile.isEmpty()) {
            planWatcher = std::make_unique<Faults::PlanWatcher>(faultFile, injector);
            QObject::connect(planWatcher.get(), &Faults::PlanWatcher::reloaded, &service, [faultFile](const Faults::Plan &plan) {
                out(QStringLiteral("Fault plan reloaded from %1; it applies from the next command:").arg(faultFile));
                printFaultPlan(plan);
            });
            QObject::connect(planWatcher.get(), &Faults::PlanWatcher::reloadFailed, &service, [](const QString &error) {
                fail(QStringLiteral("fault plan not reloaded, the previous plan stays in force: %1").arg(error));
            });
        }
    }

    return QCoreApplication::exec();
}

} // namespace Cli
