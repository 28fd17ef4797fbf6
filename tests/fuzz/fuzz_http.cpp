// The HTTP API's request handling without a socket: the input is one HTTP/1.1 request (request
// line, header fields, blank line, body), answered by the dispatcher over every route, on a
// store holding the messages of tests/data/mime (none has a link, so no route reaches the
// network; nothing relays, /api/v1/send finds no store to send to; the fault plan is real).
// Each request is answered twice: by an open listener allowing any origin, and by one with
// HTTP Basic users and one allowed origin. Checked: every status is valid, a route answers at
// most once, and JSON answers parse.
#include "api/context.h"
#include "api/dispatcher.h"
#include "api/routes.h"
#include "recordfixtures.h"
#include "storefixture.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QUrl>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <utility>

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

// As Qt HTTP Server hands a request on: a known method (others are refused before a route
// runs), the target as a URL, the fields as sent.
std::optional<Api::Request> parseRequest(const QByteArray &input)
{
    qsizetype headEnd = input.indexOf("\r\n\r\n");
    qsizetype skip = 4;
    if (headEnd < 0) {
        headEnd = input.size();
        skip = 0;
    }
    const QList<QByteArray> lines = input.left(headEnd).split('\n');
    const QList<QByteArray> requestLine = lines.constFirst().trimmed().split(' ');
    if (requestLine.size() < 2)
        return std::nullopt;
    static const QByteArrayList methods{"GET", "PUT", "DELETE", "POST", "HEAD", "OPTIONS", "PATCH"};
    if (!methods.contains(requestLine.at(0)))
        return std::nullopt;
    const QUrl url = QUrl::fromEncoded(requestLine.at(1));
    if (!url.isValid())
        return std::nullopt;
    Api::Request request;
    request.method = requestLine.at(0);
    request.path = url.path(QUrl::FullyEncoded);
    request.query = QUrlQuery(url);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            request.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    request.body = input.mid(headEnd + skip);
    request.peerAddress = request.localAddress = QHostAddress::LocalHost;
    request.peerPort = 40000;
    request.localPort = 8025;
    return request;
}

QList<QByteArray> storedMessages()
{
    QList<QByteArray> raws;
    const QDir folder(QStringLiteral(MAILSCOPE_TEST_DATA "/mime"));
    for (const QString &name : folder.entryList({QStringLiteral("*.eml")}, QDir::Files, QDir::Name)) {
        QFile file(folder.filePath(name));
        if (file.open(QIODevice::ReadOnly))
            raws.append(file.readAll());
    }
    return raws;
}

Api::HttpPolicy guardedPolicy()
{
    Api::HttpPolicy policy;
    QString error;
    // The user "fuzz" with the password "fuzz" (SHA-256 crypt, cheap to check).
    policy.credentials = Api::Credentials::parse("fuzz:$5$mailscopefuzz$xRdLWYFX.Y96dpjPEXtet3n9UXD3dy3LE9o1Rlmy9M4\n",
                                                 QStringLiteral("fuzz"), &error);
    check(policy.credentials.has_value());
    policy.corsOrigins = {"https://app.example"};
    return policy;
}

void answer(const Api::Dispatcher &dispatcher, const Api::Request &request)
{
    auto answers = std::make_shared<int>(0); // a route may answer after this returns
    dispatcher.dispatch(request, [answers](const Api::Response &response) {
        ++*answers;
        check(response.status >= 100 && response.status <= 599);
        if (response.contentType == "application/json") {
            QJsonParseError error;
            QJsonDocument::fromJson(response.body, &error);
            check(error.error == QJsonParseError::NoError);
        }
    });
    check(*answers <= 1);
}

// What the routes lend from the store. What a route writes is undone: its task runs in full and
// then fails, which rolls back its savepoint alone, so every input finds the same store.
Api::Backend backendOf(StoreFixture &store)
{
    Store::Writer *writer = &store.writer();
    Api::Backend backend;
    backend.databasePath = store.path();
    backend.perform = [writer](Store::Writer::Task task) {
        writer->perform([task = std::move(task)](QSqlDatabase &db, Records::CommitBatch &out, QString *error) {
            task(db, out, error);
            *error = QStringLiteral("undone by the fuzz target");
            return false;
        });
    };
    backend.flush = [writer] { writer->flush(); };
    backend.flushIndexed = [writer] { writer->flushIndexed(); };
    backend.injector = std::make_shared<Faults::Injector>();
    backend.holds = std::make_shared<Faults::HoldBroker>();
    const std::shared_ptr<Faults::Injector> injector = backend.injector;
    backend.setFaultPlan = [injector](const Faults::Plan &plan) { injector->setPlan(plan); };
    backend.maxMessageSize = 1024 * 1024;
    backend.hostname = QStringLiteral("fuzz.example");
    return backend;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int argc = 1;
    static char name[] = "fuzz_http";
    static char *argv[] = {name, nullptr};
    static QCoreApplication *app = QCoreApplication::instance() ? nullptr : new QCoreApplication(argc, argv);
    Q_UNUSED(app);
    static StoreFixture *store = nullptr;

    const std::optional<Api::Request> request =
        parseRequest(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!request)
        return 0;
    if (!store) {
        store = new StoreFixture;
        const QList<QByteArray> messages = storedMessages();
        check(store->store(messages).size() == messages.size());
        // Stopped at exit before Qt SQL's connection list, made with the store, is destroyed.
        std::atexit([] { delete std::exchange(store, nullptr); });
    }

    Api::Live live;
    Api::Context context;
    context.backend = backendOf(*store);
    context.live = &live;
    context.reader = std::make_unique<Store::Reader>(context.backend.databasePath);
    check(context.reader->isOpen());
    {
        const auto routes = [&context] {
            Api::Router router;
            Api::addServerRoutes(router, context);
            Api::addListRoutes(router, context);
            Api::addMessageRoutes(router, context);
            Api::addPartRoutes(router, context);
            Api::addSessionRoutes(router, context);
            Api::addInspectionRoutes(router, context);
            Api::addFaultRoutes(router, context);
            Api::addTagRoutes(router, context);
            Api::addChaosRoutes(router, context);
            Api::addSendRoute(router, context);
            Api::addReleaseRoute(router, context);
            return router;
        };
        Api::HttpPolicy open;
        open.corsOrigins = {"*"};
        answer(Api::Dispatcher(routes(), open), *request);
        answer(Api::Dispatcher(routes(), guardedPolicy()), *request);
        store->writer().flush();
        // What routes left queued (a link check with nothing to fetch) runs before they go.
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
    return 0;
}
