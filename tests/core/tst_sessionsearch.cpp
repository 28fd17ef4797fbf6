// The session list's search: each key finds the sessions it names and not the others, with the
// message search's negation and dates.
#include "recordfixtures.h"
#include "storefixture.h"
#include "store/reader.h"
#include "store/sessionsearch.h"

#include <QJsonObject>
#include <QTest>

#include <optional>

using namespace Records;
using namespace Store;

namespace {

constexpr qint64 kJan31NoonUs = qint64(1706702400) * 1000000; // 2024-01-31T12:00:00Z
constexpr qint64 kDayUs = qint64(86400) * 1000000;

} // namespace

class SessionSearchTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void keys_data();
    void keys();
    void pagesAndMatchesByIds();

private:
    std::optional<StoreFixture> m_store;
    QList<qint64> m_ids; // a, b, c, d as stored
};

// a: delivered over TLS as alice; b: rejected, with a defect and a fault; c: quit after a
// failed TLS handshake, from ::1 (a day later); d: still open, no HELO.
void SessionSearchTest::initTestCase()
{
    m_store.emplace();
    const auto session = [](const char *client, const QByteArray &helo, Outcome outcome, qint64 startedUs) {
        SessionRecord s = Test::sessionRecord();
        s.clientAddress = QString::fromLatin1(client);
        s.helo = helo;
        s.outcome = outcome;
        s.startedUs = startedUs;
        s.endedUs = outcome == Outcome::InProgress ? 0 : startedUs + 1000;
        return s;
    };
    SessionRecord a = session("192.0.2.10", "mail.example.com", Outcome::Delivered, kJan31NoonUs - kDayUs);
    a.tls = QJsonObject{{QStringLiteral("version"), QStringLiteral("TLSv1.3")}, {QStringLiteral("cipher"), QStringLiteral("TLS_AES_128_GCM_SHA256")}};
    a.authUser = "Alice";
    a.messageCount = 1;
    SessionRecord b = session("198.51.100.7", "spammer.test", Outcome::Rejected, kJan31NoonUs - kDayUs);
    b.defects = {{"data-bare-lf", QStringLiteral("bare LF"), 1, -1}};
    b.faultRules = {{QStringLiteral("Slow greeting"), 2}};
    SessionRecord c = session("::1", "localhost", Outcome::Quit, kJan31NoonUs);
    c.tls = QJsonObject{{QStringLiteral("error"), QStringLiteral("handshake failed")}};
    SessionRecord d = session("203.0.113.5", {}, Outcome::InProgress, kJan31NoonUs);
    for (const SessionRecord &s : {a, b, c, d}) {
        SessionRecord started = s;
        started.outcome = Outcome::InProgress;
        m_store->writer().startSession(started);
        if (s.messageCount > 0) // the store counts the mail it stored
            m_store->writer().storeMessage(Test::messageRecord("Subject: x\r\n\r\nx\r\n", s.token));
        m_store->writer().updateSession(s);
    }
    m_store->writer().flush();
    for (const SessionRecord &s : Reader(m_store->path()).sessions(0, 10))
        m_ids.prepend(s.id);
    QCOMPARE(m_ids.size(), 4);
}

void SessionSearchTest::keys_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expected"); // letters of the sessions found, newest first

    QTest::newRow("empty") << QString() << QStringLiteral("dcba");
    QTest::newRow("word in client address") << QStringLiteral("198.51") << QStringLiteral("b");
    QTest::newRow("word in helo, any case") << QStringLiteral("EXAMPLE") << QStringLiteral("a");
    QTest::newRow("word in user") << QStringLiteral("alice") << QStringLiteral("a");
    QTest::newRow("ipv6 client") << QStringLiteral("::1") << QStringLiteral("c");
    QTest::newRow("client key") << QStringLiteral("client:203.0.113") << QStringLiteral("d");
    QTest::newRow("client key misses helo") << QStringLiteral("client:localhost") << QString();
    QTest::newRow("helo key") << QStringLiteral("helo:spammer") << QStringLiteral("b");
    QTest::newRow("user key") << QStringLiteral("user:ali") << QStringLiteral("a");
    QTest::newRow("phrase") << QStringLiteral("\"mail.example\"") << QStringLiteral("a");
    QTest::newRow("delivered") << QStringLiteral("is:delivered") << QStringLiteral("a");
    QTest::newRow("rejected") << QStringLiteral("is:rejected") << QStringLiteral("b");
    QTest::newRow("open") << QStringLiteral("is:open") << QStringLiteral("d");
    QTest::newRow("outcome key") << QStringLiteral("outcome:quit") << QStringLiteral("c");
    QTest::newRow("not rejected") << QStringLiteral("-is:rejected") << QStringLiteral("dca");
    QTest::newRow("tls in use") << QStringLiteral("has:tls") << QStringLiteral("a");
    QTest::newRow("without tls") << QStringLiteral("-has:tls") << QStringLiteral("dcb");
    QTest::newRow("auth") << QStringLiteral("has:auth") << QStringLiteral("a");
    QTest::newRow("defect") << QStringLiteral("has:defect") << QStringLiteral("b");
    QTest::newRow("defect code") << QStringLiteral("defect:data-bare") << QStringLiteral("b");
    QTest::newRow("other defect code") << QStringLiteral("defect:pre-greet") << QString();
    QTest::newRow("fault") << QStringLiteral("has:fault") << QStringLiteral("b");
    QTest::newRow("fault rule") << QStringLiteral("fault:\"slow greeting\"") << QStringLiteral("b");
    QTest::newRow("mail") << QStringLiteral("has:mail") << QStringLiteral("a");
    QTest::newRow("before") << QStringLiteral("before:2024-01-31") << QStringLiteral("ba");
    QTest::newRow("after") << QStringLiteral("after:2024-01-31") << QStringLiteral("dc");
    QTest::newRow("combined") << QStringLiteral("after:2024-01-31 !is:open") << QStringLiteral("c");
    QTest::newRow("excluded word") << QStringLiteral("-example") << QStringLiteral("dcb");
}

void SessionSearchTest::keys()
{
    QFETCH(QString, query);
    QFETCH(QString, expected);
    QString found;
    for (const SessionRecord &s : Reader(m_store->path()).sessions(SessionQuery::parse(query, QTimeZone::utc()), 0, 10))
        found += QLatin1Char(char('a' + m_ids.indexOf(s.id)));
    QCOMPARE(found, expected);
}

// Keyset paging goes on below an id, and live rows are checked by their ids.
void SessionSearchTest::pagesAndMatchesByIds()
{
    const Reader reader(m_store->path());
    const SessionQuery notOpen = SessionQuery::parse(QStringLiteral("-is:open"));
    const auto first = reader.sessions(notOpen, 0, 2);
    QCOMPARE(first.size(), 2);
    QCOMPARE(first.at(0).id, m_ids.at(2));
    QCOMPARE(first.at(1).id, m_ids.at(1));
    const auto rest = reader.sessions(notOpen, first.last().id, 2);
    QCOMPARE(rest.size(), 1);
    QCOMPARE(rest.first().id, m_ids.at(0));
    QCOMPARE(reader.matchingSessions(notOpen, m_ids), (QList<qint64>{m_ids.at(0), m_ids.at(1), m_ids.at(2)}));
    QCOMPARE(reader.matchingSessions(SessionQuery::parse(QStringLiteral("has:tls")), {m_ids.at(1), m_ids.at(3)}),
             QList<qint64>{});
}

QTEST_GUILESS_MAIN(SessionSearchTest)
#include "tst_sessionsearch.moc"
