#include "api/context.h"
#include "api/routes.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

// The OpenAPI document of Mailscope's own routes says what the router serves: every route of
// those groups is documented with its method, and every documented operation is routed.
class TestApiOpenApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyOwnRouteIsDocumented();
    void theDocumentIsServedAsWritten();

private:
    static QJsonObject document();
};

QJsonObject TestApiOpenApi::document()
{
    QFile file(QStringLiteral(":/api/openapi.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

void TestApiOpenApi::everyOwnRouteIsDocumented()
{
    const QJsonObject doc = document();
    QVERIFY(doc.value(QStringLiteral("openapi")).toString().startsWith(QLatin1String("3.")));
    const QJsonObject paths = doc.value(QStringLiteral("paths")).toObject();

    Api::Context context;
    Api::Live live;
    context.live = &live;
    Api::Router router;
    Api::addSessionRoutes(router, context);
    Api::addInspectionRoutes(router, context);
    Api::addFaultRoutes(router, context);
    QStringList own = router.patterns();
    QVERIFY(own.size() >= 9);
    own.append(QStringLiteral("/api/v1/openapi.json"));

    // Every route, with each method it answers, is in the document.
    for (const QString &pattern : own) {
        QVERIFY2(paths.contains(pattern), qPrintable(pattern + QStringLiteral(" is not documented")));
        for (const char *method : {"GET", "PUT", "POST", "DELETE"}) {
            Api::Request request;
            request.method = method;
            request.path = pattern;
            Api::Handler handler;
            const bool routed = pattern == QLatin1String("/api/v1/openapi.json")
                                    ? QByteArrayView(method) == "GET"
                                    : router.match(&request, &handler) == Api::Router::Match::Found;
            const bool documented = paths.value(pattern).toObject().contains(QString::fromLatin1(method).toLower());
            QVERIFY2(routed == documented, qPrintable(QStringLiteral("%1 %2: routed %3, documented %4")
                                                         .arg(QLatin1String(method), pattern)
                                                         .arg(routed)
                                                         .arg(documented)));
        }
    }
    // And nothing is documented that is not routed.
    for (auto it = paths.begin(); it != paths.end(); ++it)
        QVERIFY2(own.contains(it.key()), qPrintable(it.key() + QStringLiteral(" is documented but not routed")));
}

void TestApiOpenApi::theDocumentIsServedAsWritten()
{
    Api::Context context;
    Api::Live live;
    context.live = &live;
    Api::Router router;
    Api::addServerRoutes(router, context);
    Api::Request request;
    request.method = "GET";
    request.path = QStringLiteral("/api/v1/openapi.json");
    Api::Handler handler;
    QCOMPARE(router.match(&request, &handler), Api::Router::Match::Found);
    Api::Response response;
    handler(request, [&response](Api::Response r) { response = std::move(r); });
    QCOMPARE(response.status, 200);
    QCOMPARE(response.contentType, QByteArray("application/json"));
    QFile source(QStringLiteral(MAILSCOPE_OPENAPI_FILE));
    QVERIFY(source.open(QIODevice::ReadOnly));
    QCOMPARE(response.body, source.readAll());
}

QTEST_APPLESS_MAIN(TestApiOpenApi)
#include "tst_apiopenapi.moc"
