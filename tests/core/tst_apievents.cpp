#include "records/authsecret.h"
#include "api/apiservice.h"
#include "api/eventhub.h"
#include "api/sessionjson.h"
#include "recordfixtures.h"
#include "storefixture.h"
#include "store/maintenance.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <memory>

namespace {

// user "tester", password "secret" (SHA-crypt)
const QByteArray kHtpasswd = "tester:$6$mailscope$LjRwUEeHHxr3suAUECxBkv1huAg07wYeluZH7A9XoQbGKNB4/D4xTOwftY7zpJGvfmrn8TjmCAVV6G9BOStB11\n";

// The stand-in for Mailpit's MessageSummary: enough to tell messages apart, and a large pad
// for the subject "big", to fill a slow client's buffer.
QJsonObject standInSummary(const Records::MessageSummary &m)
{
    QJsonObject o{{QStringLiteral("ID"), QString::number(m.id)}, {QStringLiteral("Subject"), m.subject}};
    if (m.subject == QLatin1String("big"))
        o.insert(QStringLiteral("Pad"), QString(64 * 1024, QLatin1Char('x')));
    return o;
}

QJsonObject parsed(const QString &frame)
{
    return QJsonDocument::fromJson(frame.toUtf8()).object();
}

QJsonObject frame(const char *type, const QJsonValue &data)
{
    return {{QStringLiteral("Type"), QLatin1String(type)}, {QStringLiteral("Data"), data}};
}

// A WebSocket client that keeps every text frame it receives, parsed.
struct EventClient
{
    QWebSocket socket;
    QList<QJsonObject> frames;

    EventClient() { QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket, [this](const QString &text) { frames.append(parsed(text)); }); }

    QList<QJsonObject> ofType(const char *type) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &f : frames) {
            if (f.value(QStringLiteral("Type")).toString() == QLatin1String(type))
                out.append(f);
        }
        return out;
    }
};

Records::SessionRecord storedSession(qint64 id)
{
    Records::SessionRecord s = Test::sessionRecord();
    s.id = id;
    s.startedUs = QDateTime(QDate(2026, 12, 7), QTime(10, 11, 12, 345), Qt::UTC).toMSecsSinceEpoch() * 1000;
    s.helo = "client.example";
    return s;
}

} // namespace

class TestApiEvents : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void newMessagesAreSummariesThenStats();
    void deletionsAreOneFrameEachUpToTwoHundred();
    void deleteAllIsTruncateAndRetentionIsPrune();
    void updatesSayWhatChanged();
    void storeChangesOfReadStateAndTagsAreUpdates();
    void sessionsAndTheirLines();
    void passwordsAreMaskedInLines();
    void otherPathsAreRefused();
    void authenticationGuardsTheUpgrade();
    void aSlowClientIsDroppedAndOthersGetEverything();
    void pingsAreAnswered();

private:
    std::unique_ptr<Api::ApiService> start(const QString &authFile = {});
    QUrl eventsUrl(const QString &path = QStringLiteral("/api/events")) const;
    void open(EventClient *client, const QByteArray &authorization = {});
    void openRaw(QTcpSocket *socket);

    std::unique_ptr<StoreFixture> m_store;
    std::unique_ptr<Api::ApiService> m_api;
    QTemporaryDir m_dir;
};

std::unique_ptr<Api::ApiService> TestApiEvents::start(const QString &authFile)
{
    Api::Backend backend;
    backend.databasePath = m_store->path();
    Api::ApiConfig config;
    config.addresses = {{QHostAddress::LocalHost, 0, false}};
    config.authFile = authFile;
    auto api = std::make_unique<Api::ApiService>(backend, config);
    api->setSummaryJson(standInSummary);
    QString error;
    if (!api->start(&error))
        qWarning() << error;
    return api;
}

void TestApiEvents::init()
{
    m_store = std::make_unique<StoreFixture>();
    m_api = start();
    QVERIFY(m_api->events());
}

void TestApiEvents::cleanup()
{
    m_api.reset();
    m_store.reset();
}

QUrl TestApiEvents::eventsUrl(const QString &path) const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(m_api->addresses().constFirst().port).arg(path));
}

void TestApiEvents::open(EventClient *client, const QByteArray &authorization)
{
    QNetworkRequest request(eventsUrl());
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    const int before = m_api->events()->clientCount();
    client->socket.open(request);
    QTRY_COMPARE(m_api->events()->clientCount(), before + 1);
    QTRY_COMPARE(client->socket.state(), QAbstractSocket::ConnectedState);
}

void TestApiEvents::newMessagesAreSummariesThenStats()
{
    EventClient client;
    open(&client);
    const QList<Records::MessageSummary> stored = m_store->storeNumbered(2, "Hello");
    Q_EMIT m_api->live()->messagesStored(stored);

    QTRY_COMPARE(client.frames.size(), 3);
    QCOMPARE(client.frames.at(0), frame("new", standInSummary(stored.at(0))));
    QCOMPARE(client.frames.at(1), frame("new", standInSummary(stored.at(1))));
    QCOMPARE(client.frames.at(0).value(QStringLiteral("Data")).toObject().value(QStringLiteral("ID")).toString(),
             QString::number(stored.at(0).id));
    // Counts come once for the batch, from the store, with the version (Mailpit's page reloads on another).
    QCOMPARE(client.frames.at(2), frame("stats", QJsonObject{{QStringLiteral("Total"), 2},
                                                             {QStringLiteral("Unread"), 2},
                                                             {QStringLiteral("Version"), QStringLiteral(MAILSCOPE_VERSION)}}));
}

void TestApiEvents::deletionsAreOneFrameEachUpToTwoHundred()
{
    EventClient client;
    open(&client);
    Records::CommitBatch two;
    two.removed = {41, 42};
    Q_EMIT m_api->live()->storeChanged(two);
    QTRY_COMPARE(client.ofType("delete").size(), 2);
    QCOMPARE(client.frames.at(0), frame("delete", QJsonObject{{QStringLiteral("ID"), QStringLiteral("41")}}));
    QCOMPARE(client.frames.at(1), frame("delete", QJsonObject{{QStringLiteral("ID"), QStringLiteral("42")}}));

    Records::CommitBatch many;
    for (qint64 id = 1; id <= 201; ++id)
        many.removed.append(id);
    Q_EMIT m_api->live()->storeChanged(many);
    QTRY_COMPARE(client.ofType("prune").size(), 1);
    QCOMPARE(client.ofType("prune").constFirst(), frame("prune", QJsonValue()));
    QCOMPARE(client.ofType("delete").size(), 2);

    // A batch of new lint counts says nothing to Mailpit's clients.
    Records::CommitBatch analysed;
    analysed.analysed = {{7, 2}};
    Q_EMIT m_api->live()->storeChanged(analysed);
    Q_EMIT m_api->live()->storeChanged(two);
    QTRY_COMPARE(client.ofType("delete").size(), 4);
    QTRY_VERIFY(!client.ofType("stats").isEmpty());
    for (const QJsonObject &f : client.frames) {
        const QString type = f.value(QStringLiteral("Type")).toString();
        QVERIFY2(type == QLatin1String("delete") || type == QLatin1String("prune") || type == QLatin1String("stats"), qPrintable(type));
    }
}

void TestApiEvents::deleteAllIsTruncateAndRetentionIsPrune()
{
    EventClient client;
    open(&client);
    const QList<Records::MessageSummary> stored = m_store->storeNumbered(3);

    // Retention: the oldest went, some remain.
    const Records::CommitBatch pruned = m_store->perform([first = stored.first().id](QSqlDatabase &db, Records::CommitBatch &out, QString *) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("DELETE FROM messages WHERE id <= ?"));
        q.addBindValue(first);
        out.messagesRemovedUpTo = first;
        return q.exec();
    });
    Q_EMIT m_api->live()->storeChanged(pruned);
    QTRY_COMPARE(client.frames.size(), 1);
    QCOMPARE(client.frames.at(0), frame("prune", QJsonValue()));

    const Records::CommitBatch all = m_store->perform(Store::Maintenance::removeAll());
    QVERIFY(all.messagesRemovedUpTo >= stored.last().id);
    Q_EMIT m_api->live()->storeChanged(all);
    QTRY_COMPARE(client.ofType("truncate").size(), 1);
    QCOMPARE(client.ofType("truncate").constFirst(), frame("truncate", QJsonValue()));
    // The last stats say the store is empty.
    QTRY_VERIFY(!client.ofType("stats").isEmpty()
                && client.ofType("stats").constLast().value(QStringLiteral("Data")).toObject().value(QStringLiteral("Total")).toInt() == 0);
}

void TestApiEvents::updatesSayWhatChanged()
{
    EventClient client;
    open(&client);
    m_api->events()->messagesUpdated({{5, true, std::nullopt}, {6, std::nullopt, QStringList{QStringLiteral("Alpha"), QStringLiteral("b")}}});
    QTRY_COMPARE(client.ofType("update").size(), 2);
    QCOMPARE(client.frames.at(0), frame("update", QJsonObject{{QStringLiteral("ID"), QStringLiteral("5")}, {QStringLiteral("Read"), true}}));
    QCOMPARE(client.frames.at(1), frame("update", QJsonObject{{QStringLiteral("ID"), QStringLiteral("6")},
                                                              {QStringLiteral("Tags"), QJsonArray{QStringLiteral("Alpha"), QStringLiteral("b")}}}));
}

// The window's and the API's changes alike reach the clients through the capture's batches.
void TestApiEvents::storeChangesOfReadStateAndTagsAreUpdates()
{
    EventClient client;
    open(&client);
    const QList<Records::MessageSummary> stored = m_store->storeNumbered(2);
    const qint64 a = stored.at(0).id, b = stored.at(1).id;
    const Records::CommitBatch tagged = m_store->perform(Store::Maintenance::setTags({a}, {QStringLiteral("x"), QStringLiteral("Alpha")}));
    Q_EMIT m_api->live()->storeChanged(tagged);
    QTRY_COMPARE(client.ofType("update").size(), 1);
    QCOMPARE(client.ofType("update").at(0), frame("update", QJsonObject{{QStringLiteral("ID"), QString::number(a)},
                                                                       {QStringLiteral("Tags"), QJsonArray{QStringLiteral("Alpha"), QStringLiteral("x")}}}));
    Q_EMIT m_api->live()->storeChanged(m_store->perform(Store::Maintenance::setSeen({b}, true)));
    QTRY_COMPARE(client.ofType("update").size(), 2);
    QCOMPARE(client.ofType("update").at(1), frame("update", QJsonObject{{QStringLiteral("ID"), QString::number(b)},
                                                                       {QStringLiteral("Read"), true}}));
    Q_EMIT m_api->live()->storeChanged(m_store->perform(Store::Maintenance::deleteTag(QStringLiteral("alpha"))));
    QTRY_COMPARE(client.ofType("update").size(), 3);
    QCOMPARE(client.ofType("update").at(2), frame("update", QJsonObject{{QStringLiteral("ID"), QString::number(a)},
                                                                       {QStringLiteral("Tags"), QJsonArray{QStringLiteral("x")}}}));
}

void TestApiEvents::sessionsAndTheirLines()
{
    EventClient client;
    open(&client);
    Records::SessionRecord session = storedSession(12);
    Q_EMIT m_api->live()->sessionsStarted({session});

    Records::TranscriptLine ehlo;
    ehlo.sessionId = 12;
    ehlo.timeUs = session.startedUs + 1000;
    ehlo.kind = Records::LineKind::Command;
    ehlo.data = "EHLO client.example\r\n";
    Records::TranscriptLine data = ehlo;
    data.kind = Records::LineKind::DataSummary;
    data.data = "message of 120 octets, 4 lines";
    data.messageId = 77;
    Records::TranscriptLine reply = ehlo;
    reply.kind = Records::LineKind::AuthChallenge;
    reply.data = "334 VXNlcm5hbWU6\r\n";
    Q_EMIT m_api->live()->transcriptAppended({ehlo, data, reply});

    Records::SessionRecord updated = session;
    updated.authUser = "ann";
    updated.tls = QJsonObject{{QStringLiteral("version"), QStringLiteral("TLSv1.3")}, {QStringLiteral("sni"), QStringLiteral("mx.test")}};
    Q_EMIT m_api->live()->sessionsUpdated({updated});

    session.outcome = Records::Outcome::Quit;
    session.endedUs = session.startedUs + 2'000'000;
    session.messageCount = 1;
    session.faultRules = {{QStringLiteral("slow"), 2}};
    Q_EMIT m_api->live()->sessionsEnded({session});

    QTRY_COMPARE(client.frames.size(), 6);
    const QJsonObject started = client.frames.at(0).value(QStringLiteral("Data")).toObject();
    QCOMPARE(client.frames.at(0).value(QStringLiteral("Type")).toString(), QStringLiteral("session.started"));
    QCOMPARE(started.value(QStringLiteral("ID")).toString(), QStringLiteral("12"));
    QCOMPARE(started.value(QStringLiteral("Started")).toString(), QStringLiteral("2026-12-07T10:11:12.345Z"));
    QVERIFY(started.value(QStringLiteral("Ended")).isNull());
    QCOMPARE(started.value(QStringLiteral("Outcome")).toString(), QStringLiteral("in_progress"));
    QCOMPARE(started.value(QStringLiteral("Helo")).toString(), QStringLiteral("client.example"));
    QCOMPARE(started.value(QStringLiteral("ClientAddress")).toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(started.value(QStringLiteral("ClientPort")).toInt(), 40000);
    QVERIFY(started.value(QStringLiteral("TLS")).isNull());
    QVERIFY(started.value(QStringLiteral("User")).isNull());

    QCOMPARE(client.frames.at(1), frame("session.line", QJsonObject{{QStringLiteral("Session"), QStringLiteral("12")},
                                                                    {QStringLiteral("Time"), QStringLiteral("2026-12-07T10:11:12.346Z")},
                                                                    {QStringLiteral("Kind"), QStringLiteral("command")},
                                                                    {QStringLiteral("Direction"), QStringLiteral("client")},
                                                                    {QStringLiteral("Marker"), QStringLiteral("C:")},
                                                                    {QStringLiteral("Text"), QStringLiteral("EHLO client.example")}}));
    const QJsonObject dataLine = client.frames.at(2).value(QStringLiteral("Data")).toObject();
    QCOMPARE(dataLine.value(QStringLiteral("Kind")).toString(), QStringLiteral("data"));
    QCOMPARE(dataLine.value(QStringLiteral("Direction")).toString(), QStringLiteral("note"));
    QCOMPARE(dataLine.value(QStringLiteral("Marker")).toString(), QStringLiteral("-D"));
    QCOMPARE(dataLine.value(QStringLiteral("MessageID")).toString(), QStringLiteral("77"));
    const QJsonObject challenge = client.frames.at(3).value(QStringLiteral("Data")).toObject();
    QCOMPARE(challenge.value(QStringLiteral("Kind")).toString(), QStringLiteral("auth-challenge"));
    QCOMPARE(challenge.value(QStringLiteral("Direction")).toString(), QStringLiteral("server"));
    QVERIFY(!challenge.contains(QStringLiteral("MessageID")));

    QCOMPARE(client.frames.at(4).value(QStringLiteral("Type")).toString(), QStringLiteral("session.updated"));
    const QJsonObject running = client.frames.at(4).value(QStringLiteral("Data")).toObject();
    QCOMPARE(running.value(QStringLiteral("User")).toString(), QStringLiteral("ann"));
    QCOMPARE(running.value(QStringLiteral("TLS")).toObject(), (QJsonObject{{QStringLiteral("Version"), QStringLiteral("TLSv1.3")},
                                                                           {QStringLiteral("Cipher"), QJsonValue()},
                                                                           {QStringLiteral("ServerName"), QStringLiteral("mx.test")},
                                                                           {QStringLiteral("Implicit"), false},
                                                                           {QStringLiteral("Established"), QJsonValue()},
                                                                           {QStringLiteral("Error"), QJsonValue()}}));

    QCOMPARE(client.frames.at(5), frame("session.ended", Api::sessionJson(session)));
    const QJsonObject ended = client.frames.at(5).value(QStringLiteral("Data")).toObject();
    QCOMPARE(ended.value(QStringLiteral("Ended")).toString(), QStringLiteral("2026-12-07T10:11:14.345Z"));
    QCOMPARE(ended.value(QStringLiteral("Outcome")).toString(), QStringLiteral("quit"));
    QCOMPARE(ended.value(QStringLiteral("FaultRules")).toArray(),
             (QJsonArray{QJsonObject{{QStringLiteral("Rule"), QStringLiteral("slow")}, {QStringLiteral("Count"), 2}}}));
}

void TestApiEvents::passwordsAreMaskedInLines()
{
    EventClient client;
    open(&client);
    // Even a line recorded with its password (--record-passwords) goes out as its mask.
    Records::TranscriptLine line;
    line.sessionId = 3;
    line.kind = Records::LineKind::AuthSecret;
    const QByteArray wire = "AUTH PLAIN " + QByteArray("\0ann\0hunter2", 12).toBase64() + "\r\n";
    line.data = Records::AuthSecret{"AUTH PLAIN", "PLAIN", Records::AuthSecret::Holds::Password, "ann", 7, wire, "hunter2"}.encode();
    Q_EMIT m_api->live()->transcriptAppended({line});
    QTRY_COMPARE(client.frames.size(), 1);
    const QJsonObject data = client.frames.at(0).value(QStringLiteral("Data")).toObject();
    QCOMPARE(data.value(QStringLiteral("Text")).toString(),
             QStringLiteral("AUTH PLAIN [PLAIN: user \"ann\", password of 7 octets, masked]"));
    QCOMPARE(data.value(QStringLiteral("Kind")).toString(), QStringLiteral("auth-secret"));
    QCOMPARE(data.value(QStringLiteral("Direction")).toString(), QStringLiteral("client"));
}

void TestApiEvents::otherPathsAreRefused()
{
    QWebSocket socket;
    QSignalSpy closed(&socket, &QWebSocket::disconnected);
    socket.open(eventsUrl(QStringLiteral("/api/other")));
    QVERIFY(closed.wait());
    QCOMPARE(m_api->events()->clientCount(), 0);
}

void TestApiEvents::authenticationGuardsTheUpgrade()
{
    m_api.reset();
    QFile file(m_dir.filePath(QStringLiteral("htpasswd")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(kHtpasswd);
    file.close();
    m_api = start(file.fileName());

    for (const QByteArray &wrong : QByteArrayList{QByteArray(), "Basic " + QByteArray("tester:wrong").toBase64()}) {
        QWebSocket socket;
        QSignalSpy closed(&socket, &QWebSocket::disconnected);
        QNetworkRequest request(eventsUrl());
        if (!wrong.isEmpty())
            request.setRawHeader("Authorization", wrong);
        socket.open(request);
        QVERIFY(closed.wait());
        QCOMPARE(m_api->events()->clientCount(), 0);
    }

    EventClient client;
    open(&client, QByteArray("Basic ") + QByteArray("tester:secret").toBase64());
    Q_EMIT m_api->live()->sessionsStarted({storedSession(4)});
    QTRY_COMPARE(client.ofType("session.started").size(), 1);
}

void TestApiEvents::aSlowClientIsDroppedAndOthersGetEverything()
{
    constexpr qint64 kLimit = 1024 * 1024;
    constexpr int kMessages = 400; // 64 KiB each: 25 MiB, more than the kernel buffers hold
    m_api->events()->setSendLimit(kLimit);
    EventClient reader;
    open(&reader);

    QTcpSocket slow; // upgrades, then reads nothing
    openRaw(&slow);
    QCOMPARE(m_api->events()->clientCount(), 2);

    Records::MessageSummary big;
    big.subject = QStringLiteral("big");
    for (int i = 1; i <= kMessages; ++i) {
        big.id = i;
        Q_EMIT m_api->live()->messagesStored({big});
        // The reader keeps up; the slow client's backlog grows until it is dropped.
        QVERIFY(QTest::qWaitFor([&] { return reader.ofType("new").size() == i; }, 10000));
    }
    QCOMPARE(m_api->events()->clientCount(), 1);
    QCOMPARE(reader.ofType("new").constLast().value(QStringLiteral("Data")).toObject().value(QStringLiteral("ID")).toString(),
             QString::number(kMessages));
    QCOMPARE(reader.socket.state(), QAbstractSocket::ConnectedState);
}

void TestApiEvents::pingsAreAnswered()
{
    m_api->events()->setPingInterval(50);
    EventClient client; // QWebSocket answers a ping by itself
    open(&client);
    QTcpSocket silent;  // upgrades, then never answers
    openRaw(&silent);
    QCOMPARE(m_api->events()->clientCount(), 2);
    // The silent one goes after an interval without a pong; the other answered every ping.
    QTRY_COMPARE(m_api->events()->clientCount(), 1);
    QCOMPARE(client.socket.state(), QAbstractSocket::ConnectedState);
    Q_EMIT m_api->live()->sessionsStarted({storedSession(5)});
    QTRY_COMPARE(client.ofType("session.started").size(), 1);
}

void TestApiEvents::openRaw(QTcpSocket *socket)
{
    const int before = m_api->events()->clientCount();
    socket->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    socket->connectToHost(QHostAddress::LocalHost, m_api->addresses().constFirst().port);
    QTRY_COMPARE(socket->state(), QAbstractSocket::ConnectedState);
    socket->write("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QTRY_COMPARE(m_api->events()->clientCount(), before + 1);
    QTRY_VERIFY(socket->bytesAvailable() > 0);
    QVERIFY(socket->readAll().startsWith("HTTP/1.1 101"));
    // From here on it reads nothing.
    socket->setReadBufferSize(1);
}

QTEST_GUILESS_MAIN(TestApiEvents)
#include "tst_apievents.moc"
