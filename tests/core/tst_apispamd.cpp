#include "api/spamdclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <optional>

using namespace Api;

namespace {

// What spamd 4.0 answers to REPORT for a message that scores 6.3, with a description that
// continues on a second line.
const QByteArray kSpamReply = QByteArrayLiteral(
    "SPAMD/1.1 0 EX_OK\r\n"
    "Content-length: 900\r\n"
    "Spam: True ; 6.3 / 5.0\r\n"
    "\r\n"
    "Spam detection software, running on the system \"box\",\n"
    "has identified this incoming email as possible spam.\n"
    "\n"
    "Content preview:  Win a prize now\n"
    "\n"
    "Content analysis details:   (6.3 points, 5.0 required)\n"
    "\n"
    " pts rule name              description\n"
    "---- ---------------------- --------------------------------------------------\n"
    " 1.2 MISSING_DATE           Missing Date: header\n"
    " 2.5 FREE_PRIZE             BODY: Mentions a prize that is\n"
    "                            free of charge\n"
    "-1.0 ALL_TRUSTED            Passed through trusted hosts only via SMTP\n"
    " 3.6 URIBL_BLACK            Contains an URL listed in the URIBL blacklist\n"
    "                            [URIs: example.test]\n"
    "\n");

// A spamd on a local port that records one request and answers it with a script (or never).
class FakeSpamd
{
public:
    explicit FakeSpamd(std::optional<QByteArray> answer)
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost));
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this, answer] {
            QTcpSocket *socket = m_server.nextPendingConnection();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, answer] {
                request += socket->readAll();
                const qsizetype end = request.indexOf("\r\n\r\n");
                const qsizetype length = request.mid(request.indexOf("Content-length: ") + 16).split('\r').value(0).toLongLong();
                if (end < 0 || request.size() < end + 4 + length || !answer)
                    return;
                socket->write(*answer);
                socket->disconnectFromHost();
            });
        });
    }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(m_server.serverPort()); }

    QByteArray request;

private:
    QTcpServer m_server;
};

std::optional<SpamCheck> check(const QString &address, const QByteArray &message, int timeoutMs = 5000)
{
    QObject context;
    std::optional<SpamCheck> out;
    checkWithSpamd(address, message, &context, [&out](const SpamCheck &c) { out = c; }, timeoutMs);
    if (!QTest::qWaitFor([&] { return out.has_value(); }, 10000))
        return std::nullopt;
    return out;
}

} // namespace

class tst_ApiSpamd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void report()
    {
        const SpamCheck c = parseSpamdReply(kSpamReply);
        QVERIFY(c.error.isEmpty());
        QCOMPARE(c.score, 6.3);
        QVERIFY(c.isSpam);
        QVERIFY(c.rules);
        QCOMPARE(c.rules->size(), 4);
        QCOMPARE(c.rules->at(0).name, QStringLiteral("MISSING_DATE"));
        QCOMPARE(c.rules->at(0).score, 1.2);
        QCOMPARE(c.rules->at(0).description, QStringLiteral("Missing Date: header"));
        QCOMPARE(c.rules->at(1).description, QStringLiteral("BODY: Mentions a prize that is free of charge"));
        QCOMPARE(c.rules->at(2).name, QStringLiteral("ALL_TRUSTED"));
        QCOMPARE(c.rules->at(2).score, -1.0);
        QCOMPARE(c.rules->at(3).description,
                 QStringLiteral("Contains an URL listed in the URIBL blacklist [URIs: example.test]"));
    }

    void hamBelowMailpitsThreshold()
    {
        // Mailpit calls 5 or more spam whatever spamd's own threshold says.
        const SpamCheck c = parseSpamdReply("SPAMD/1.1 0 EX_OK\r\nSpam: False ; 4.9 / 3.0\r\n\r\n");
        QCOMPARE(c.score, 4.9);
        QVERIFY(!c.isSpam);
        QVERIFY(c.rules && c.rules->isEmpty());
        const QJsonObject json = toJson(c);
        QCOMPARE(json.value(QStringLiteral("Rules")).toArray().size(), 0);
        QVERIFY(json.value(QStringLiteral("Rules")).isArray());
        QCOMPARE(json.value(QStringLiteral("Error")).toString(), QString());
    }

    void refusedByStatus()
    {
        const SpamCheck c = parseSpamdReply("SPAMD/1.0 76 Bad header line: FOO\r\n\r\n");
        QVERIFY(!c.rules);
        QVERIFY(c.error.contains(QLatin1String("76 Bad header line")));
        QVERIFY(toJson(c).value(QStringLiteral("Rules")).isNull());
    }

    void exchangeWithFakeSpamd()
    {
        FakeSpamd spamd(kSpamReply);
        const QByteArray message = "Subject: prize\r\n\r\nWin a prize now\r\n";
        const std::optional<SpamCheck> c = check(spamd.address(), message);
        QVERIFY(c);
        QCOMPARE(spamd.request, "REPORT SPAMC/1.5\r\nContent-length: 35\r\n\r\n" + message);
        QVERIFY(c->error.isEmpty());
        QCOMPARE(c->score, 6.3);
        QCOMPARE(c->rules->size(), 4);
        const QJsonObject json = toJson(*c);
        QCOMPARE(QJsonDocument(json.value(QStringLiteral("Rules")).toArray().at(0).toObject()).toJson(QJsonDocument::Compact),
                 QByteArray(R"({"Description":"Missing Date: header","Name":"MISSING_DATE","Score":1.2})"));
        QCOMPARE(json.value(QStringLiteral("IsSpam")).toBool(), true);
    }

    void unreachable()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            port = probe.serverPort();
        }
        const std::optional<SpamCheck> c = check(QStringLiteral("127.0.0.1:%1").arg(port), "Subject: x\r\n\r\n");
        QVERIFY(c);
        QVERIFY(!c->rules);
        QVERIFY2(c->error.startsWith(QLatin1String("cannot ask spamd")), qPrintable(c->error));
        QCOMPARE(c->score, 0.0);
    }

    void silentSpamdTimesOut()
    {
        FakeSpamd spamd(std::nullopt);
        const std::optional<SpamCheck> c = check(spamd.address(), "Subject: x\r\n\r\n", 300);
        QVERIFY(c);
        QVERIFY(!c->rules);
        QVERIFY2(c->error.contains(QLatin1String("did not answer")), qPrintable(c->error));
    }

    void badAddress()
    {
        const std::optional<SpamCheck> c = check(QStringLiteral("localhost"), "x");
        QVERIFY(c);
        QVERIFY(c->error.contains(QLatin1String("HOST:PORT")));
    }
};

QTEST_GUILESS_MAIN(tst_ApiSpamd)
#include "tst_apispamd.moc"
