#include "api/router.h"

#include <QTest>

using Api::Request;
using Api::Router;

class tst_ApiRouter : public QObject
{
    Q_OBJECT

private:
    static Router routes(QString *hit)
    {
        Router router;
        const auto mark = [hit](const QString &name) {
            return [hit, name](const Request &, Api::Reply) { *hit = name; };
        };
        router.add("GET", QStringLiteral("/api/v1/message/{ID}"), mark(QStringLiteral("message")));
        router.add("GET", QStringLiteral("/api/v1/message/{ID}/part/{PartID}/thumb"), mark(QStringLiteral("thumb")));
        router.add("PUT", QStringLiteral("/api/v1/tags/{Tag}"), mark(QStringLiteral("rename")));
        router.add("DELETE", QStringLiteral("/api/v1/tags/{Tag}"), mark(QStringLiteral("untag")));
        router.add("GET", QStringLiteral("/view/{ID}.html"), mark(QStringLiteral("html")));
        router.add("GET", QStringLiteral("/view/{ID}.txt"), mark(QStringLiteral("txt")));
        return router;
    }

private Q_SLOTS:
    void match_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("match");
        QTest::addColumn<QString>("route");
        QTest::addColumn<QString>("params"); // name=value, sorted, joined by ';'

        QTest::newRow("message") << QByteArray("GET") << "/api/v1/message/42" << int(Router::Match::Found) << "message"
                                 << "ID=42";
        QTest::newRow("thumb") << QByteArray("GET") << "/api/v1/message/7/part/1.2/thumb" << int(Router::Match::Found)
                               << "thumb" << "ID=7;PartID=1.2";
        QTest::newRow("encoded tag decoded") << QByteArray("PUT") << "/api/v1/tags/a%2Fb%20c" << int(Router::Match::Found)
                                             << "rename" << "Tag=a/b c";
        QTest::newRow("method picks the route") << QByteArray("DELETE") << "/api/v1/tags/x" << int(Router::Match::Found)
                                                << "untag" << "Tag=x";
        QTest::newRow("suffix html") << QByteArray("GET") << "/view/9.html" << int(Router::Match::Found) << "html" << "ID=9";
        QTest::newRow("suffix txt") << QByteArray("GET") << "/view/9.txt" << int(Router::Match::Found) << "txt" << "ID=9";
        QTest::newRow("suffix alone is no id") << QByteArray("GET") << "/view/.html" << int(Router::Match::NotFound) << ""
                                               << "";
        QTest::newRow("wrong method") << QByteArray("POST") << "/api/v1/message/1" << int(Router::Match::WrongMethod)
                                      << "" << "";
        QTest::newRow("empty parameter") << QByteArray("GET") << "/api/v1/message/" << int(Router::Match::NotFound) << ""
                                         << "";
        QTest::newRow("extra segment") << QByteArray("GET") << "/api/v1/message/1/x" << int(Router::Match::NotFound) << ""
                                       << "";
        QTest::newRow("traversal stays one segment") << QByteArray("GET") << "/api/v1/message/..%2F..%2Fetc"
                                                     << int(Router::Match::Found) << "message" << "ID=../../etc";
    }

    void match()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(int, match);
        QFETCH(QString, route);
        QFETCH(QString, params);

        QString hit;
        const Router router = routes(&hit);
        Request request;
        request.method = method;
        request.path = path;
        Api::Handler handler;
        QByteArrayList allowed;
        QCOMPARE(int(router.match(&request, &handler, &allowed)), match);
        if (match == int(Router::Match::WrongMethod))
            QCOMPARE(allowed, QByteArrayList{"GET"});
        if (match != int(Router::Match::Found))
            return;
        handler(request, {});
        QCOMPARE(hit, route);
        QStringList pairs;
        for (auto it = request.params.cbegin(); it != request.params.cend(); ++it)
            pairs.append(it.key() + QLatin1Char('=') + it.value());
        pairs.sort();
        QCOMPARE(pairs.join(QLatin1Char(';')), params);
    }

    void queryValuesAreFormDecoded()
    {
        // What Go's r.URL.Query() gives Mailpit: '+' is a space, %2B a plus.
        Request request;
        request.query = QUrlQuery(QStringLiteral("query=from%3Aann+-zebra&sum=1%2B1&name=K%C3%B6ln"));
        QCOMPARE(request.queryValue(QStringLiteral("query")), QStringLiteral("from:ann -zebra"));
        QCOMPARE(request.queryValue(QStringLiteral("sum")), QStringLiteral("1+1"));
        QCOMPARE(request.queryValue(QStringLiteral("name")), QStringLiteral("K\u00f6ln"));
        QCOMPARE(request.queryValue(QStringLiteral("absent")), QString());
    }

    void responsesHaveMailpitShapes()
    {
        const Api::Response error = Api::Response::error(400, QStringLiteral("invalid ID"));
        QCOMPARE(error.status, 400);
        QCOMPARE(error.contentType, QByteArray("text/plain; charset=utf-8"));
        QCOMPARE(error.body, QByteArray("invalid ID"));
        const Api::Response json = Api::Response::jsonError(400, QStringLiteral("invalid From"));
        QCOMPARE(json.contentType, QByteArray("application/json"));
        QCOMPARE(json.body, QByteArray(R"({"Error":"invalid From"})"));
        QCOMPARE(Api::Response::ok().body, QByteArray("ok"));
    }
};

QTEST_APPLESS_MAIN(tst_ApiRouter)
#include "tst_apirouter.moc"
