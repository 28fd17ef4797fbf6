#include "cli.h"
#include "capture/signalwatcher.h"

#include "capture/captureservice.h"
#include "api/apiservice.h"
#include "capture/serversettings.h"
#include "faults/holdbroker.h"
#include "faults/injector.h"
#include "faults/planwatcher.h"
#include "smtp/sasl.h"
#include "smtp/transcripttext.h"

#include <QCoreApplication>
#include <QDateTime>

namespace Cli {

namespace {

QString sessionLine(const Records::SessionRecord &s)
{
    const double seconds = (s.endedUs - s.startedUs) / 1e6;
    return QStringLiteral("session %1 %2:%3 helo=%4 outcome=%5 messages=%6 %7s%8")
        .arg(s.id)
        .arg(s.clientAddress)
        .arg(s.clientPort)
        .arg(s.helo.isEmpty() ? QStringLiteral("-") : terminalSafe(QString::fromUtf8(s.helo), Layout::Escape))
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
        .arg(s.helo.isEmpty() ? QStringLiteral("-") : terminalSafe(QString::fromUtf8(s.helo), Layout::Escape),
             tls.isEmpty() ? QStringLiteral("-") : tls,
             s.authUser.isEmpty() ? QStringLiteral("-") : terminalSafe(QString::fromUtf8(s.authUser), Layout::Escape))
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
        .arg(terminalSafe(QString::fromUtf8(m.mailFrom), Layout::Escape), terminalSafe(to.join(QStringLiteral(">,<")), Layout::Escape))
        .arg(m.size)
        .arg(terminalSafe(m.subject, Layout::Escape));
}

// Listening beyond loopback: what anyone who can reach the port gets, in one sentence.
QString exposureWarning(const QList<Smtp::ListenAddress> &addresses, const Capture::Config &config)
{
    QStringList exposed;
    for (const Smtp::ListenAddress &a : addresses) {
        if (!a.address.isLoopback())
            exposed.append(a.toString());
    }
    if (exposed.isEmpty())
        return {};
    const Capture::Retention &r = config.retention;
    const bool bounded = r.maxMessages > 0 || r.maxAgeDays > 0 || r.maxTotalSize > 0;
    return QStringLiteral("warning: SMTP on %1 is reachable from other machines: anyone who can connect may send "
                          "mail, %2, and every message is stored in %3%4")
        .arg(exposed.join(QStringLiteral(", ")),
             config.server.protocol.users.isEmpty() ? QStringLiteral("any AUTH credentials are accepted")
                                                    : QStringLiteral("AUTH is checked against the users file"),
             config.databasePath,
             bounded ? QStringLiteral(" (within the retention limits)")
                     : QStringLiteral(" with no limit (set --max-messages, --max-total-size or --max-age)"));
}

} // namespace

int serve(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run the SMTP server without a window. Every message and session is stored; one line is printed per "
        "session and per message once it is stored."));
    Capture::ServerSettings::addOptions(parser);
    parser.addOption({QStringLiteral("verbose"), QStringLiteral("Print every transcript line, and the HELO, TLS and user of sessions as they change.")});
    addFaultOptions(parser);
    int code = Ok;
    if (!parse(parser, args, &code))
        return code;

    QString error;
    const auto settings = Capture::ServerSettings::fromArguments(parser, &error);
    if (!settings)
        return fail(error, Usage);
    auto built = settings->captureConfig(&error);
    if (!built)
        return fail(error);
    Capture::Config config = *built;
    QString faultFile;
    if (const int failed = applyFaultOptions(parser, &config.server.faults, &faultFile))
        return failed;
    const bool faultPlanGiven = config.server.faults.injector != nullptr;
    const auto apiConfig = Api::ApiConfig::from(*settings, &error);
    if (!apiConfig)
        return fail(error, Usage);
    if (!apiConfig->addresses.isEmpty()) {
        // The API's chaos and fault plan routes set rules and answer held sessions at run time.
        if (!config.server.faults.injector)
            config.server.faults.injector = std::make_shared<Faults::Injector>(Faults::Plan{});
        config.server.faults.holds = std::make_shared<Faults::HoldBroker>();
    }

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
        if (injector && !injector->stats().isEmpty()) {
            QStringList hits;
            for (const Faults::RuleStats &rule : injector->stats())
                hits.append(QStringLiteral("%1 %2").arg(rule.name).arg(rule.hits));
            out(QStringLiteral("Fault rule hits: %1").arg(hits.join(QStringLiteral(", "))));
        }
        out(QStringLiteral("Mailscope stopped; everything received is stored."));
        QCoreApplication::quit();
    });

    if (!service.start(&error))
        return fail(error);
    Api::ApiService api(Api::Backend::of(service, config), *apiConfig);
    api.live()->follow(&service);
    if (!api.start(&error)) {
        service.stop();
        return fail(error);
    }
    QStringList addresses;
    for (const auto &a : service.addresses())
        addresses.append(a.toString());
    out(QStringLiteral("Mailscope %1 listening on %2, database %3")
            .arg(QStringLiteral(MAILSCOPE_VERSION), addresses.join(QStringLiteral(", ")), config.databasePath));
    if (const QString warning = exposureWarning(service.addresses(), config); !warning.isEmpty())
        fail(warning);
    if (!api.addresses().isEmpty()) {
        QStringList urls;
        for (const auto &a : api.addresses())
            urls.append(QStringLiteral("http://") + a.toString());
        out(QStringLiteral("HTTP API on %1%2")
                .arg(urls.join(QStringLiteral(", ")),
                     apiConfig->authFile.isEmpty() ? QString() : QStringLiteral(" (HTTP Basic, users from %1)").arg(apiConfig->authFile)));
    }
    if (config.server.tls) {
        out(QStringLiteral("TLS certificate %1%2")
                .arg(config.server.tls->certificatePath,
                     config.server.tls->generated ? QStringLiteral(" (self-signed; trust this file in your client)")
                                                  : QString()));
    }
    std::unique_ptr<Faults::PlanWatcher> planWatcher;
    if (const auto &injector = config.server.faults.injector; injector && faultPlanGiven) {
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
