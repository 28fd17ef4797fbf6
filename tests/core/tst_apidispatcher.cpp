#include "api/dispatcher.h"

#include <QTest>

using Api::Request;
using Api::Response;

// The HTTP front end's answers before and around a route, without a socket: preflight,
// authentication, 404 and 405, and the CORS headers added to whatever answers, also later.
class tst_ApiDispatcher : public QObject
{
    Q_OBJECT

private:
    static Api::Dispatcher dispatcher(bool withUsers, Api::Reply *later = nullptr)
    {
        Api::Router router;
        router.add("GET", QStringLiteral("/api/v1/info"), [](const Request &, Api::Reply reply) {
            reply(Response::text("info").withHeader("X-Route", "yes"));
        });
        router.add("GET", QStringLiteral("/api/v1/wait"), [later](const Request &, Api::Reply reply) { *later = reply; });
        Api::HttpPolicy policy;
        policy.corsOrigins = {"https://app.example"};
        if (withUsers) {
            QString error;
            // "alice" with the password "secret", SHA-256 crypt.
            policy.credentials = Api::Credentials::parse(
                "alice:$5$salt$kpa26zwgX83BPSR8d7w93OIXbFt/d3UOTZaAu5vsTM6\n", QStringLiteral("users"), &error);
            if (!policy.credentials)
                qFatal("%s", qPrintable(error));
        }
        return Api::Dispatcher(std::move(router), std::move(policy));
    }

    static Request request(const QByteArray &method, const QString &path, Api::HeaderList headers = {})
    {
        Request r;
        r.method = method;
        r.path = path;
        r.headers = std::move(headers);
        return r;
    }

    static QList<Response> answers(const Api::Dispatcher &d, const Request &r)
    {
        QList<Response> out;
        d.dispatch(r, [&out](const Response &response) { out.append(response); });
        return out;
    }

    static QByteArray header(const Response &response, const QByteArray &name)
    {
        for (const auto &[key, value] : response.headers) {
            if (key == name)
                return value;
        }
        return "(absent)";
    }

private Q_SLOTS:
    void routeAnswerGetsCorsHeadersAfterItsOwn()
    {
        const QList<Response> got = answers(dispatcher(false), request("GET", QStringLiteral("/api/v1/info"), {{"Origin", "https://app.example"}}));
        QCOMPARE(got.size(), 1);
        QCOMPARE(got.at(0).status, 200);
        QCOMPARE(got.at(0).body, QByteArray("info"));
        const Api::HeaderList expected{{"X-Route", "yes"}, {"Access-Control-Allow-Origin", "https://app.example"}, {"Vary", "Origin"}};
        QCOMPARE(got.at(0).headers, expected);
    }

    void otherOriginsGetNoCorsHeaders()
    {
        const QList<Response> got = answers(dispatcher(false), request("GET", QStringLiteral("/api/v1/info"), {{"Origin", "https://evil.example"}}));
        QCOMPARE(got.size(), 1);
        QCOMPARE(got.at(0).headers, (Api::HeaderList{{"X-Route", "yes"}}));
    }

    void preflightNeedsNoCredentials()
    {
        const QList<Response> got = answers(dispatcher(true), request("OPTIONS", QStringLiteral("/api/v1/info"), {{"Origin", "https://app.example"}}));
        QCOMPARE(got.size(), 1);
        QCOMPARE(got.at(0).status, 204);
        QCOMPARE(header(got.at(0), "Access-Control-Allow-Methods"), QByteArray("GET, PUT, POST, DELETE, OPTIONS"));
        QCOMPARE(header(got.at(0), "Access-Control-Allow-Headers"), QByteArray("Authorization, Content-Type"));
    }

    void credentials_data()
    {
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<int>("status");
        QTest::newRow("none") << QByteArray() << 401;
        QTest::newRow("wrong password") << ("Basic " + QByteArray("alice:wrong").toBase64()) << 401;
        QTest::newRow("unknown user") << ("Basic " + QByteArray("bob:secret").toBase64()) << 401;
        QTest::newRow("not basic") << QByteArray("Bearer alice:secret") << 401;
        QTest::newRow("right") << ("Basic " + QByteArray("alice:secret").toBase64()) << 200;
    }

    void credentials()
    {
        QFETCH(QByteArray, authorization);
        QFETCH(int, status);
        Api::HeaderList headers;
        if (!authorization.isEmpty())
            headers.append({"Authorization", authorization});
        const QList<Response> got = answers(dispatcher(true), request("GET", QStringLiteral("/api/v1/info"), headers));
        QCOMPARE(got.size(), 1);
        QCOMPARE(got.at(0).status, status);
        if (status == 401) {
            QCOMPARE(got.at(0).body, QByteArray("Unauthorised."));
            QCOMPARE(header(got.at(0), "WWW-Authenticate"), QByteArray("Basic realm=\"Mailscope\", charset=\"UTF-8\""));
        }
    }

    void unknownPathAndWrongMethod()
    {
        const Api::Dispatcher d = dispatcher(false);
        QList<Response> got = answers(d, request("GET", QStringLiteral("/api/v1/nothing")));
        QCOMPARE(got.size(), 1);
        QCOMPARE(got.at(0).status, 404);
        QCOMPARE(got.at(0).body, QByteArray("Not found"));
        got = answers(d, request("DELETE", QStringLiteral("/api/v1/info")));
        QCOMPARE(got.size(), 1);
        QCOMPARE(got.at(0).status, 405);
        QCOMPARE(header(got.at(0), "Allow"), QByteArray("GET"));
    }

    void laterAnswerGetsCorsHeadersToo()
    {
        Api::Reply later;
        const Api::Dispatcher d = dispatcher(false, &later);
        QList<Response> got;
        d.dispatch(request("GET", QStringLiteral("/api/v1/wait"), {{"Origin", "https://app.example"}}),
                   [&got](const Response &response) { got.append(response); });
        QVERIFY(got.isEmpty());
        QVERIFY(later);
        later(Response::text("done"));
        QCOMPARE(got.size(), 1);
        QCOMPARE(got.at(0).body, QByteArray("done"));
        QCOMPARE(header(got.at(0), "Access-Control-Allow-Origin"), QByteArray("https://app.example"));
    }
};

QTEST_APPLESS_MAIN(tst_ApiDispatcher)
#include "tst_apidispatcher.moc"
