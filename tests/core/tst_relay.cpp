#include "capture/captureservice.h"
#include "smtp/relay.h"
#include "smtp/submitter.h"
#include "store/reader.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

// Releasing a stored message: one capture service stores it, a second one stands for the real
// server the relay points at, and what arrives there must be the stored bytes, unchanged.
class RelayTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void releasedBytesArriveUnchanged();
    void returnPathOverridesTheSender();
    void refusedBeforeConnecting_data();
    void refusedBeforeConnecting();
    void relayDownIsReported();

private:
    struct Stored
    {
        QByteArray raw;
        Records::MessageSummary summary;
    };
    std::unique_ptr<Capture::CaptureService> startService(const QString &name);
    // The newest message in a service's database once it holds count.
    Stored newest(const QString &name, int count);
    Smtp::SubmitOutcome releaseAndWait(const Smtp::RelayConfig &relay, const QByteArray &sender,
                                       const QList<QByteArray> &recipients, const QByteArray &raw);
    Smtp::RelayConfig relayToTarget() const;

    QTemporaryDir m_dir;
    std::unique_ptr<Capture::CaptureService> m_catcher;
    std::unique_ptr<Capture::CaptureService> m_target;
};

std::unique_ptr<Capture::CaptureService> RelayTest::startService(const QString &name)
{
    Capture::Config config;
    config.databasePath = m_dir.filePath(name + QStringLiteral(".sqlite"));
    config.server.listen = {{QHostAddress::LocalHost, 0}};
    auto service = std::make_unique<Capture::CaptureService>(config);
    QString error;
    if (!service->start(&error))
        qFatal("%s", qPrintable(error));
    return service;
}

void RelayTest::initTestCase()
{
    m_catcher = startService(QStringLiteral("catcher"));
    m_target = startService(QStringLiteral("target"));
}

RelayTest::Stored RelayTest::newest(const QString &name, int count)
{
    Store::Reader reader(m_dir.filePath(name + QStringLiteral(".sqlite")));
    if (!QTest::qWaitFor([&] { return reader.messageCount() >= count; }, 10000))
        return {};
    const Records::MessageSummary summary = reader.messages(0, 1).first();
    return {reader.raw(summary.id).value_or(QByteArray()), summary};
}

Smtp::RelayConfig RelayTest::relayToTarget() const
{
    Smtp::RelayConfig relay;
    relay.server = {QStringLiteral("127.0.0.1"), m_target->addresses().first().port};
    return relay;
}

Smtp::SubmitOutcome RelayTest::releaseAndWait(const Smtp::RelayConfig &relay, const QByteArray &sender,
                                              const QList<QByteArray> &recipients, const QByteArray &raw)
{
    std::optional<Smtp::SubmitOutcome> outcome;
    Smtp::release(relay, sender, recipients, raw, this, [&](const Smtp::SubmitOutcome &o) { outcome = o; });
    if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 20000))
        return {Smtp::SubmitFailure::TimedOut, Smtp::SubmitStage::Connect, 0, "the test waited in vain", {}};
    return *outcome;
}

void RelayTest::releasedBytesArriveUnchanged()
{
    // Bytes a careless client sent: a bare LF, a line that starts with a dot, no final CRLF.
    const QByteArray sent = "From: app@example.com\r\nTo: user@example.com\r\nSubject: release me\r\n\r\n"
                            ".dot first\r\nbare\nLF\r\n..two";
    Smtp::Submitter client;
    QSignalSpy done(&client, &Smtp::Submitter::finished);
    Smtp::SubmitTarget catcher;
    catcher.server = {QStringLiteral("127.0.0.1"), m_catcher->addresses().first().port};
    client.submit(catcher, {"app@example.com", {"user@example.com"}, sent});
    QVERIFY(done.wait(20000));
    const Stored stored = newest(QStringLiteral("catcher"), 1);
    QCOMPARE(stored.raw, sent + "\r\n"); // the one CRLF the terminator needed

    const Smtp::SubmitOutcome outcome
        = releaseAndWait(relayToTarget(), stored.summary.mailFrom, {"real@example.org"}, stored.raw);
    QVERIFY2(outcome.delivered(), qPrintable(outcome.description()));
    const Stored arrived = newest(QStringLiteral("target"), 1);
    QCOMPARE(arrived.raw, stored.raw);
    QCOMPARE(arrived.summary.mailFrom, QByteArray("app@example.com"));
    QCOMPARE(arrived.summary.recipients, QList<QByteArray>{"real@example.org"});
}

void RelayTest::returnPathOverridesTheSender()
{
    Smtp::RelayConfig relay = relayToTarget();
    relay.returnPath = "bounces@example.net";
    const QByteArray raw = "Subject: with return path\r\n\r\nx\r\n";
    const Smtp::SubmitOutcome outcome = releaseAndWait(relay, "app@example.com", {"real@example.org"}, raw);
    QVERIFY2(outcome.delivered(), qPrintable(outcome.description()));
    const Stored arrived = newest(QStringLiteral("target"), 2);
    QCOMPARE(arrived.raw, raw);
    QCOMPARE(arrived.summary.mailFrom, QByteArray("bounces@example.net"));
}

void RelayTest::refusedBeforeConnecting_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("allowed");
    QTest::addColumn<QByteArrayList>("recipients");
    QTest::addColumn<int>("refusal");
    QTest::addColumn<QByteArray>("named");
    const auto none = int(Smtp::ReleaseRefusal::None);
    QTest::newRow("off") << QString() << QString() << QByteArrayList{"a@example.com"}
                         << int(Smtp::ReleaseRefusal::RelayOff) << QByteArray();
    QTest::newRow("no recipients") << QStringLiteral("relay.example") << QString() << QByteArrayList{}
                                   << int(Smtp::ReleaseRefusal::NoRecipients) << QByteArray();
    QTest::newRow("any recipient") << QStringLiteral("relay.example") << QString()
                                   << QByteArrayList{"a@example.com", "b@else.where"} << none << QByteArray();
    QTest::newRow("allowed, any case") << QStringLiteral("relay.example") << QStringLiteral("@example\\.com$")
                                       << QByteArrayList{"a@example.com", "B@EXAMPLE.COM"} << none << QByteArray();
    QTest::newRow("one not allowed") << QStringLiteral("relay.example") << QStringLiteral("@example\\.com$")
                                     << QByteArrayList{"a@example.com", "b@example.com.evil"}
                                     << int(Smtp::ReleaseRefusal::RecipientNotAllowed) << QByteArray("b@example.com.evil");
}

void RelayTest::refusedBeforeConnecting()
{
    QFETCH(QString, server);
    QFETCH(QString, allowed);
    QFETCH(QByteArrayList, recipients);
    QFETCH(int, refusal);
    QFETCH(QByteArray, named);
    Smtp::RelayConfig relay;
    relay.server = {server, 25};
    relay.allowedRecipients = allowed;
    QByteArray recipient;
    QCOMPARE(int(Smtp::checkRelease(relay, recipients, &recipient)), refusal);
    QCOMPARE(recipient, named);
}

void RelayTest::relayDownIsReported()
{
    Smtp::RelayConfig relay;
    {
        QTcpServer probe; // a port nothing listens on once it is closed
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        relay.server = {QStringLiteral("127.0.0.1"), probe.serverPort()};
    }
    const Smtp::SubmitOutcome outcome = releaseAndWait(relay, "a@example.com", {"b@example.com"}, "x\r\n");
    QCOMPARE(outcome.failure, Smtp::SubmitFailure::ConnectFailed);
    QVERIFY(outcome.temporary());
}

QTEST_GUILESS_MAIN(RelayTest)
#include "tst_relay.moc"
