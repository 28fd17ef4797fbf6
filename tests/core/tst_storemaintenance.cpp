#include "recordfixtures.h"
#include "schemafixtures.h"
#include "storefixture.h"
#include "records/clock.h"
#include "store/database.h"
#include "store/maintenance.h"
#include "store/reader.h"
#include "store/schema.h"
#include "store/search.h"
#include "store/searchindex.h"
#include "store/writer.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace Records;
using namespace Store;

// Search, read flags, deletion and retention as the writer and reader do them on a real file.
class StoreMaintenanceTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void search_data();
    void search();
    void searchPagesByKeyset();
    void searchFindsDecodedBodies();
    void seenFlag();
    void keptCountsFollowEveryChange();
    void removeDeletesRowBodyAndIndex();
    void removeAllKeepsSessionsInProgress();
    void retentionKeepsNewest();
    void retentionKeepsSessionsWithMailLeft();
    void retentionByAge();
    void retentionByTotalSize();
    void retentionIsCountedBeforeItDeletes_data();
    void retentionIsCountedBeforeItDeletes();
    void failedTaskKeepsClientMail();
    void writerRestarts();
    void indexingResumesAfterRestart();
    void logIsCheckpointedWhileOpen();
    void steadyTrafficStillIndexes();
    void twoWritersShareTheIndex();
    void largeMessagesAreIndexedByTheirHeaders();
    void mailFromAnotherProcessIsIndexed();
    void migrationIndexesExistingMessages();
    void migrationReindexesHtmlParts();

private:
    qint64 store(const QByteArray &raw, const QByteArray &mailFrom, const QList<QByteArray> &to,
                 int attachments = 0, quint64 sessionToken = 0);
    qint64 storeReceived(const QByteArray &raw, qint64 receivedUs);
    qint64 storeRecord(const MessageRecord &m);
    QList<qint64> ids(const QString &query, qint64 beforeId = 0, int limit = 100);
    CommitBatch perform(Writer::Task task);

    std::optional<StoreFixture> m_store;
    QString m_path;
    Writer *m_writer = nullptr;
    CommitBatch m_committed; // everything committed while store() waited
};

void StoreMaintenanceTest::init()
{
    m_store.emplace();
    m_path = m_store->path();
    m_writer = &m_store->writer();
    m_committed = {};
}

void StoreMaintenanceTest::cleanup()
{
    m_writer = nullptr;
    m_store.reset();
}

qint64 StoreMaintenanceTest::store(const QByteArray &raw, const QByteArray &mailFrom, const QList<QByteArray> &to,
                                   int attachments, quint64 sessionToken)
{
    MessageRecord m = Test::messageRecord(raw, sessionToken, mailFrom, to);
    m.summary.attachments = attachments;
    return storeRecord(m);
}

// Stores the message, waits for its commit and returns its id (0 when it was not stored).
qint64 StoreMaintenanceTest::storeRecord(const MessageRecord &m)
{
    m_writer->storeMessage(m);
    const CommitBatch batch = m_store->flushBatches();
    m_committed.append(batch);
    for (const StoredAck &ack : batch.acks) {
        if (ack.messageToken == m.token)
            return ack.messageId;
    }
    return 0;
}

qint64 StoreMaintenanceTest::storeReceived(const QByteArray &raw, qint64 receivedUs)
{
    MessageRecord m = Test::messageRecord(raw, 0, "x@example.com", {"y@example.com"});
    m.summary.receivedUs = receivedUs;
    return storeRecord(m);
}

QList<qint64> StoreMaintenanceTest::ids(const QString &query, qint64 beforeId, int limit)
{
    Reader reader(m_path);
    QList<qint64> out;
    for (const MessageSummary &m : reader.messages(SearchQuery::parse(query), beforeId, 0, limit))
        out.append(m.id);
    return out;
}

CommitBatch StoreMaintenanceTest::perform(Writer::Task task)
{
    return m_store->perform(std::move(task));
}

void StoreMaintenanceTest::search_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QList<int>>("expected"); // indexes of the stored messages, newest first

    QTest::newRow("everything") << QString() << QList<int>{2, 1, 0};
    QTest::newRow("body word") << QStringLiteral("shipped") << QList<int>{0};
    QTest::newRow("body prefix") << QStringLiteral("ship") << QList<int>{0};
    QTest::newRow("subject word anywhere") << QStringLiteral("invoice") << QList<int>{1};
    QTest::newRow("from envelope") << QStringLiteral("from:bounce@shop.example") << QList<int>{0};
    QTest::newRow("from header name") << QStringLiteral("from:alice") << QList<int>{2, 0};
    QTest::newRow("to envelope bcc") << QStringLiteral("to:hidden@example.org") << QList<int>{1};
    QTest::newRow("subject column") << QStringLiteral("subject:welcome") << QList<int>{2};
    QTest::newRow("subject column misses body") << QStringLiteral("subject:shipped") << QList<int>{};
    QTest::newRow("phrase in order") << QStringLiteral("\"order has shipped\"") << QList<int>{0};
    QTest::newRow("phrase out of order") << QStringLiteral("\"shipped order\"") << QList<int>{};
    QTest::newRow("accents folded") << QStringLiteral("cafe") << QList<int>{2};
    QTest::newRow("attachment") << QStringLiteral("has:attachment") << QList<int>{1};
    QTest::newRow("text and attachment") << QStringLiteral("alice has:attachment") << QList<int>{};
    QTest::newRow("excluded") << QStringLiteral("-invoice") << QList<int>{2, 0};
    QTest::newRow("term minus term") << QStringLiteral("from:alice -welcome") << QList<int>{0};
    QTest::newRow("unread") << QStringLiteral("is:unread") << QList<int>{2, 1, 0};
    QTest::newRow("read") << QStringLiteral("is:read") << QList<int>{};
}

void StoreMaintenanceTest::search()
{
    QFETCH(QString, query);
    QFETCH(QList<int>, expected);
    const qint64 a = store("From: Alice <alice@shop.example>\r\nSubject: Your order\r\n\r\nYour order has shipped.\r\n",
                           "bounce@shop.example", {"carol@example.org"});
    const qint64 b = store("From: Billing <billing@example.com>\r\nTo: carol@example.org\r\nSubject: Invoice 42\r\n"
                           "Content-Type: multipart/mixed; boundary=x\r\n\r\n--x--\r\n",
                           "billing@example.com", {"carol@example.org", "hidden@example.org"}, 1);
    const qint64 c = store("From: alice@shop.example\r\nSubject: Welcome to the caf\xc3\xa9\r\n\r\nHello\r\n",
                           "alice@shop.example", {"dave@example.org"});
    QVERIFY(a > 0 && b > a && c > b);
    const qint64 all[] = {a, b, c};
    QList<qint64> want;
    for (const int i : expected)
        want.append(all[i]);
    QCOMPARE(ids(query), want);
}

void StoreMaintenanceTest::searchPagesByKeyset()
{
    QList<qint64> stored;
    for (int i = 0; i < 7; ++i)
        stored.prepend(store("Subject: report " + QByteArray::number(i) + "\r\n\r\nbody\r\n", "x@example.com", {"y@example.com"}));
    store("Subject: other\r\n\r\nbody\r\n", "x@example.com", {"y@example.com"});
    const QList<qint64> first = ids(QStringLiteral("report"), 0, 3);
    QCOMPARE(first, stored.mid(0, 3));
    QCOMPARE(ids(QStringLiteral("report"), first.last(), 3), stored.mid(3, 3));
    QCOMPARE(ids(QStringLiteral("report"), stored.at(5), 3), stored.mid(6, 1));

    Reader reader(m_path);
    const auto range = reader.messages(SearchQuery::parse(QStringLiteral("report")), stored.at(1) + 1, stored.at(3), 100);
    QCOMPARE(range.size(), 3);
    QCOMPARE(range.first().id, stored.at(1));
    QCOMPARE(range.last().id, stored.at(3));
}

void StoreMaintenanceTest::searchFindsDecodedBodies()
{
    const qint64 id = store("From: shop@example.com\r\nSubject: Status\r\nMIME-Version: 1.0\r\n"
                            "Content-Type: multipart/alternative; boundary=b\r\n\r\n"
                            "--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                            + QByteArray("The parcel is on its way").toBase64() + "\r\n"
                            "--b\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                            "<p>Tracking=20<b>number</b></p>\r\n--b--\r\n",
                            "shop@example.com", {"carol@example.org"});
    QCOMPARE(ids(QStringLiteral("parcel")), QList<qint64>{id});
    QCOMPARE(ids(QStringLiteral("\"on its way\"")), QList<qint64>{id});
    QVERIFY(ids(QStringLiteral("VGhl")).isEmpty()); // the base64 itself is not text
    // As in Mailpit, words of the HTML part are found too, without its markup.
    QCOMPARE(ids(QStringLiteral("\"tracking number\"")), QList<qint64>{id});
    QVERIFY(ids(QStringLiteral("\"p\"")).isEmpty()); // the markup is not
}

void StoreMaintenanceTest::seenFlag()
{
    const qint64 a = store("Subject: a\r\n\r\n", "x@example.com", {"y@example.com"});
    const qint64 b = store("Subject: b\r\n\r\n", "x@example.com", {"y@example.com"});
    QCOMPARE(Reader(m_path).unreadCount(), 2);
    // The commit names the messages whose state changed, and only those.
    using Seen = QList<QPair<qint64, bool>>;
    QCOMPARE(perform(Maintenance::setSeen({a}, true)).seen, (Seen{{a, true}}));
    QCOMPARE(perform(Maintenance::setSeen({a, 999999}, true)).seen, Seen{});
    QCOMPARE(ids(QStringLiteral("is:unread")), QList<qint64>{b});
    QCOMPARE(ids(QStringLiteral("is:read")), QList<qint64>{a});
    Reader reader(m_path);
    QCOMPARE(reader.unreadCount(), 1);
    QCOMPARE(reader.message(a)->flags, kFlagSeen);
    QCOMPARE(perform(Maintenance::setSeen({a, b}, false)).seen, (Seen{{a, false}}));
    QCOMPARE(reader.unreadCount(), 2);
    QCOMPARE(perform(Maintenance::setSeen({a}, true)).seen, (Seen{{a, true}}));
    QCOMPARE(perform(Maintenance::setAllSeen()).seen, (Seen{{b, true}}));
    QCOMPARE(reader.unreadCount(), 0);
}

void StoreMaintenanceTest::keptCountsFollowEveryChange()
{
    Reader reader(m_path);
    // The kept counts against counting the rows, and what searches by read state answer from them.
    const auto check = [&](qint64 total, qint64 unread) {
        QSqlQuery q(reader.connection());
        if (!q.exec(QStringLiteral("SELECT COUNT(*), COALESCE(SUM((flags & 2) = 0), 0) FROM messages")) || !q.next())
            return false;
        return reader.messageCount() == total && reader.unreadCount() == unread && q.value(0).toLongLong() == total
            && q.value(1).toLongLong() == unread && reader.count(SearchQuery::parse(QStringLiteral("is:unread"))) == unread
            && reader.count(SearchQuery::parse(QStringLiteral("is:read"))) == total - unread
            && reader.unreadCount(SearchQuery::parse(QStringLiteral("is:read"))) == 0
            && reader.count(SearchQuery()) == total;
    };
    QVERIFY(check(0, 0));
    const qint64 a = store("Subject: a\r\n\r\n", "x@example.com", {"y@example.com"});
    const qint64 b = store("Subject: b\r\n\r\n", "x@example.com", {"y@example.com"});
    store("Subject: c\r\n\r\n", "x@example.com", {"y@example.com"});
    QVERIFY(check(3, 3));
    perform(Maintenance::setSeen({a}, true));
    QVERIFY(check(3, 2));
    perform(Maintenance::setSeen({a}, true)); // no change, no count change
    QVERIFY(check(3, 2));
    perform(Maintenance::remove({a}));
    QVERIFY(check(2, 2));
    perform(Maintenance::setAllSeen());
    QVERIFY(check(2, 0));
    perform(Maintenance::setSeen({b}, false));
    QVERIFY(check(2, 1));
    perform(Maintenance::removeAll());
    QVERIFY(check(0, 0));
}

void StoreMaintenanceTest::removeDeletesRowBodyAndIndex()
{
    const qint64 a = store("Subject: keep\r\n\r\n", "x@example.com", {"y@example.com"});
    const qint64 b = store("Subject: drop\r\n\r\n", "x@example.com", {"y@example.com"});
    const CommitBatch batch = perform(Maintenance::remove({b, 999999}));
    QCOMPARE(batch.removed, QList<qint64>{b});
    Reader reader(m_path);
    QVERIFY(!reader.message(b));
    QVERIFY(!reader.raw(b));
    QVERIFY(reader.raw(a));
    QVERIFY(ids(QStringLiteral("drop")).isEmpty());
    QSqlQuery q(reader.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM message_fts")) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    // Ids are never reused: views and transcript links rely on it.
    QVERIFY(store("Subject: next\r\n\r\n", "x@example.com", {"y@example.com"}) > b);
}

void StoreMaintenanceTest::removeAllKeepsSessionsInProgress()
{
    SessionRecord ended = Test::sessionRecord();
    SessionRecord open = ended;
    open.token = newToken();
    m_writer->startSession(ended);
    m_writer->startSession(open);
    store("Subject: a\r\n\r\n", "x@example.com", {"y@example.com"}, 0, ended.token);
    const qint64 last = store("Subject: b\r\n\r\n", "x@example.com", {"y@example.com"}, 0, open.token);
    ended.outcome = Outcome::Delivered;
    m_writer->updateSession(ended);
    m_writer->appendTranscript({{ended.token, 0, 0, nowUs(), LineKind::Command, "QUIT\r\n", 0}});

    const CommitBatch batch = perform(Maintenance::removeAll());
    QCOMPARE(batch.messagesRemovedUpTo, last);
    Reader reader(m_path);
    QCOMPARE(reader.messageCount(), 0);
    const auto sessions = reader.sessions();
    QCOMPARE(sessions.size(), 1);
    QCOMPARE(sessions.first().outcome, Outcome::InProgress);
    QVERIFY(batch.sessionsRemovedUpTo >= sessions.first().id);
    // The open session still takes lines and mail.
    m_writer->appendTranscript({{open.token, 0, 0, nowUs(), LineKind::Command, "NOOP\r\n", 0}});
    QVERIFY(store("Subject: c\r\n\r\n", "x@example.com", {"y@example.com"}, 0, open.token) > last);
    QCOMPARE(reader.transcript(sessions.first().id).size(), 1);
}

void StoreMaintenanceTest::retentionKeepsNewest()
{
    QList<qint64> stored;
    for (int i = 0; i < 3; ++i) {
        SessionRecord s = Test::sessionRecord();
        m_writer->startSession(s);
        stored.append(store("Subject: m\r\n\r\n", "x@example.com", {"y@example.com"}, 0, s.token));
        s.outcome = Outcome::Delivered;
        m_writer->updateSession(s);
    }
    m_writer->setRetention({.maxMessages = 2});
    m_committed = {};
    stored.append(store("Subject: m\r\n\r\n", "x@example.com", {"y@example.com"}));
    stored.append(store("Subject: m\r\n\r\n", "x@example.com", {"y@example.com"}));
    QCOMPARE(m_committed.messagesRemovedUpTo, stored.at(2));
    Reader reader(m_path);
    QCOMPARE(ids(QString()), (QList<qint64>{stored.at(4), stored.at(3)}));
    QCOMPARE(reader.sessionCount(), 0); // the remaining messages were imported, without a session
    QVERIFY(!reader.raw(stored.at(0)));

    m_writer->setRetention({.maxMessages = 0});
    store("Subject: m\r\n\r\n", "x@example.com", {"y@example.com"});
    QCOMPARE(reader.messageCount(), 3);
}

// A session older than the oldest remaining message's session stays while any of its mail is
// left, with its transcript; it goes with its last message.
void StoreMaintenanceTest::retentionKeepsSessionsWithMailLeft()
{
    SessionRecord longer = Test::sessionRecord();
    SessionRecord shorter = Test::sessionRecord();
    m_writer->startSession(longer);
    m_writer->startSession(shorter);
    m_writer->appendTranscript({{longer.token, 0, 0, nowUs(), LineKind::Command, "EHLO long\r\n", 0}});
    const QList<quint64> from = {longer.token, shorter.token, shorter.token, longer.token};
    QList<qint64> stored;
    for (const quint64 token : from)
        stored.append(store("Subject: m\r\n\r\n", "x@example.com", {"y@example.com"}, 0, token));
    longer.outcome = shorter.outcome = Outcome::Delivered;
    m_writer->updateSession(longer);
    m_writer->updateSession(shorter);

    m_writer->setRetention({.maxMessages = 3});
    store("Subject: imported\r\n\r\n", "x@example.com", {"y@example.com"});
    m_writer->flush();
    Reader reader(m_path);
    QCOMPARE(ids(QString()).size(), 3);
    QVERIFY(!reader.message(stored[1]));
    // The oldest remaining message is the shorter session's; the longer one, older, still has
    // its last message.
    QCOMPARE(reader.sessionCount(), 2);
    const qint64 longerId = reader.message(stored[3])->sessionId;
    QVERIFY(longerId < reader.message(stored[2])->sessionId);
    QCOMPARE(reader.transcript(longerId).first().data, QByteArray("EHLO long\r\n"));
    for (const SessionRecord &s : reader.sessions())
        QCOMPARE(s.messageCount, 2);

    m_writer->setRetention({.maxMessages = 1});
    store("Subject: imported\r\n\r\n", "x@example.com", {"y@example.com"});
    m_writer->flush();
    QCOMPARE(reader.messageCount(), 1);
    QCOMPARE(reader.sessionCount(), 0);
    QSqlQuery q(reader.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM transcript_chunks")) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
}

// Messages received longer ago than the limit go, oldest first; the rest stay.
void StoreMaintenanceTest::retentionByAge()
{
    constexpr qint64 kDayUs = 86400 * qint64(1000000);
    const qint64 now = nowUs();
    const qint64 tenDays = storeReceived("Subject: old\r\n\r\n", now - 10 * kDayUs);
    const qint64 fiveDays = storeReceived("Subject: older than three\r\n\r\n", now - 5 * kDayUs);
    const qint64 today = storeReceived("Subject: new\r\n\r\n", now - kDayUs / 2);

    m_writer->setRetention({.maxAgeDays = 7});
    m_committed = {};
    const qint64 latest = store("Subject: m\r\n\r\n", "x@example.com", {"y@example.com"});
    QCOMPARE(m_committed.messagesRemovedUpTo, tenDays);
    QCOMPARE(ids(QString()), (QList<qint64>{latest, today, fiveDays}));

    m_writer->setRetention({.maxAgeDays = 3});
    m_committed = {};
    store("Subject: m\r\n\r\n", "x@example.com", {"y@example.com"});
    QCOMPARE(m_committed.messagesRemovedUpTo, fiveDays);
    QCOMPARE(ids(QString()).size(), 3);
    Reader reader(m_path);
    QVERIFY(!reader.message(fiveDays));
    QVERIFY(reader.message(today));
}

// Beyond the limit on stored octets the oldest messages go until the rest fit.
void StoreMaintenanceTest::retentionByTotalSize()
{
    const QByteArray hundred = "Subject: m\r\n\r\n" + QByteArray(100 - 14, 'x'); // 100 octets
    QCOMPARE(hundred.size(), 100);
    QList<qint64> stored;
    for (int i = 0; i < 4; ++i)
        stored.append(store(hundred, "x@example.com", {"y@example.com"}));

    m_writer->setRetention({.maxTotalSize = 250});
    m_committed = {};
    stored.append(store(hundred, "x@example.com", {"y@example.com"}));
    QCOMPARE(m_committed.messagesRemovedUpTo, stored.at(2));
    QCOMPARE(ids(QString()), (QList<qint64>{stored.at(4), stored.at(3)}));

    // Followed from the inserts: one more message makes 300 octets, and the oldest goes.
    m_committed = {};
    stored.append(store(hundred, "x@example.com", {"y@example.com"}));
    QCOMPARE(m_committed.messagesRemovedUpTo, stored.at(3));
    QCOMPARE(ids(QString()), (QList<qint64>{stored.at(5), stored.at(4)}));

    // Limits combine: whichever wants more gone wins.
    m_writer->setRetention({.maxMessages = 1, .maxTotalSize = 250});
    stored.append(store(hundred, "x@example.com", {"y@example.com"}));
    QCOMPARE(ids(QString()), (QList<qint64>{stored.at(6)}));
}

void StoreMaintenanceTest::retentionIsCountedBeforeItDeletes_data()
{
    QTest::addColumn<Retention>("limits");
    QTest::addColumn<qint64>("doomed");
    QTest::newRow("none") << Retention{} << qint64(0);
    QTest::newRow("count within") << Retention{.maxMessages = 4} << qint64(0);
    QTest::newRow("count") << Retention{.maxMessages = 1} << qint64(3);
    QTest::newRow("age") << Retention{.maxAgeDays = 7} << qint64(1);
    QTest::newRow("size") << Retention{.maxTotalSize = 250} << qint64(2);
    QTest::newRow("the strictest wins") << Retention{.maxMessages = 3, .maxAgeDays = 7, .maxTotalSize = 150} << qint64(3);
}

// What the window tells a user before new limits apply: as many as apply() would delete (the
// same prefix of the oldest), with nothing deleted by asking.
void StoreMaintenanceTest::retentionIsCountedBeforeItDeletes()
{
    QFETCH(Retention, limits);
    QFETCH(qint64, doomed);
    const QByteArray hundred = "Subject: m\r\n\r\n" + QByteArray(100 - 14, 'x');
    storeReceived(hundred, nowUs() - 10 * 86400 * qint64(1000000));
    for (int i = 0; i < 3; ++i)
        store(hundred, "x@example.com", {"y@example.com"});
    m_writer->flush();
    Reader reader(m_path);
    QSqlDatabase db = reader.connection();
    QString error;
    QCOMPARE(Maintenance::Pruner::countBeyond(db, limits, &error), std::optional<qint64>(doomed));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(reader.messageCount(), 4);
}

void StoreMaintenanceTest::failedTaskKeepsClientMail()
{
    QSignalSpy failed(m_writer, &Writer::writeFailed);
    m_writer->perform([](QSqlDatabase &db, CommitBatch &out, QString *error) {
        QSqlQuery(db).exec(QStringLiteral("DELETE FROM messages"));
        out.removed.append(1);
        *error = QStringLiteral("on purpose");
        return false;
    });
    const qint64 id = store("Subject: kept\r\n\r\n", "x@example.com", {"y@example.com"});
    QVERIFY(id > 0);
    QCOMPARE(Reader(m_path).messageCount(), 1);
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(failed.first().first().toString(), QStringLiteral("on purpose"));
}

void StoreMaintenanceTest::writerRestarts()
{
    QVERIFY(store("Subject: one\r\n\r\n", "x@example.com", {"y@example.com"}) > 0);
    m_writer->stop();
    QString error;
    QVERIFY2(m_writer->start(&error), qPrintable(error));
    QVERIFY(store("Subject: two\r\n\r\n", "x@example.com", {"y@example.com"}) > 0);
    QCOMPARE(Reader(m_path).messageCount(), 2);
}

// A message committed but not yet indexed when the process ended is indexed on the next start.
void StoreMaintenanceTest::indexingResumesAfterRestart()
{
    const qint64 first = store("Subject: first\r\n\r\nwalrus\r\n", "x@example.com", {"y@example.com"});
    const qint64 second = store("Subject: second\r\n\r\nnarwhal\r\n", "x@example.com", {"y@example.com"});
    QCOMPARE(ids(QStringLiteral("narwhal")), QList<qint64>{second});
    m_writer->stop();
    {
        const QString name = uniqueConnectionName(QStringLiteral("crash"));
        QString error;
        QSqlDatabase db = openConnection(m_path, name, Access::Write, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        QSqlQuery q(db);
        QVERIFY2(unindex(db, QStringLiteral("m.id = ?"), {second}, &error), qPrintable(error));
        QVERIFY(q.exec(QStringLiteral("UPDATE messages SET lint = -1 WHERE id = %1").arg(second)));
        QVERIFY(q.exec(QStringLiteral("UPDATE analysis_progress SET last_id = %1").arg(first)));
        q = QSqlQuery();
        db = QSqlDatabase();
        closeConnection(name);
    }
    QVERIFY(ids(QStringLiteral("narwhal")).isEmpty());
    QString error;
    QVERIFY2(m_writer->start(&error), qPrintable(error));
    m_writer->flushIndexed();
    QCOMPARE(ids(QStringLiteral("narwhal")), QList<qint64>{second});
    QCOMPARE(ids(QStringLiteral("walrus")), QList<qint64>{first}); // indexed once, not twice
    Reader reader(m_path);
    QVERIFY(reader.message(second)->lint > 0); // no From, Date or Message-ID
    QCOMPARE(reader.message(second)->lint, reader.message(first)->lint);
    QSqlQuery progress(reader.connection());
    QVERIFY(progress.exec(QStringLiteral("SELECT last_id FROM analysis_progress")) && progress.next());
    QCOMPARE(progress.value(0).toLongLong(), second);
}

// The write-ahead log is copied into the database in the background while the writer keeps
// its connection open (SQLite's own checkpoint is replaced; without one the file would not grow).
void StoreMaintenanceTest::logIsCheckpointedWhileOpen()
{
    const QByteArray body = "Subject: bulk\r\n\r\n" + QByteArray(64 * 1024 - 2, 'x') + "\r\n";
    for (int i = 0; i < 480; ++i) // 30 MiB, about twice the log size that triggers a checkpoint
        m_writer->storeMessage(Test::messageRecord(body));
    m_writer->flush();
    QCOMPARE(Reader(m_path).messageCount(), 480);
    // A deadline, not a speed: the sanitizer build on a busy machine needs more than 10 s.
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(m_path).size() > 16 * 1024 * 1024, 60000);
}

// Mail arriving every few milliseconds never leaves the writer idle, yet new messages still
// become searchable (a batch of the indexer's waits at most a second).
void StoreMaintenanceTest::steadyTrafficStillIndexes()
{
    const auto send = [this](const QByteArray &raw) { m_writer->storeMessage(Test::messageRecord(raw)); };
    send("Subject: first\r\n\r\nwalrus\r\n");
    bool found = false;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 600 && !found && clock.elapsed() < 4000; ++i) {
        send("Subject: filler\r\n\r\nplankton\r\n");
        QTest::qWait(5);
        if (i % 20 == 19)
            found = !ids(QStringLiteral("walrus")).isEmpty();
    }
    QVERIFY2(found, "the first message was not indexed while mail kept arriving");
}

// The window and `mailscope serve` may write the same database at once: both indexers see
// every message, and each message is indexed once without errors.
void StoreMaintenanceTest::twoWritersShareTheIndex()
{
    Writer other(m_path);
    QStringList errors;
    for (Writer *w : {m_writer, &other})
        connect(w, &Writer::writeFailed, this, [&errors](const QString &e) { errors.append(e); }, Qt::DirectConnection);
    QString error;
    QVERIFY2(other.start(&error), qPrintable(error));
    for (int i = 0; i < 40; ++i) {
        const QByteArray n = QByteArray::number(i);
        (i % 2 ? m_writer : &other)->storeMessage(Test::messageRecord("Subject: shared " + n + "\r\n\r\nkrill" + n + "\r\n"));
    }
    m_writer->flushIndexed();
    other.flushIndexed();
    m_writer->flushIndexed();
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(ids(QStringLiteral("subject:shared")).size(), 40);
    QCOMPARE(ids(QStringLiteral("krill7")).size(), 1);
    Reader reader(m_path);
    QSqlQuery q(reader.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM message_fts")) && q.next());
    QCOMPARE(q.value(0).toInt(), 40);
}

// Over the analysis limit, a message is found by its envelope and list columns but not its
// body, and its lint count stays "not analysed"; the ones after it are analysed as usual.
void StoreMaintenanceTest::largeMessagesAreIndexedByTheirHeaders()
{
    const QByteArray line = QByteArray(76, 'z') + "\r\n";
    QByteArray big = "Subject: enormous\r\n\r\nplatypus\r\n";
    while (big.size() <= kMaxAnalysedSize)
        big += line;
    const qint64 large = store(big, "big@example.com", {"y@example.com"});
    const qint64 small = store("Subject: tiny\r\n\r\nplatypus\r\n", "x@example.com", {"y@example.com"});
    QCOMPARE(ids(QStringLiteral("enormous")), QList<qint64>{large});
    QCOMPARE(ids(QStringLiteral("from:big@example.com")), QList<qint64>{large});
    QCOMPARE(ids(QStringLiteral("platypus")), QList<qint64>{small});
    Reader reader(m_path);
    QCOMPARE(reader.message(large)->lint, -1);
    QVERIFY(reader.message(small)->lint > 0);
}

// A message another process wrote (here: plain SQL on another connection) is indexed by this
// writer's indexer, which looks for such mail every few seconds.
void StoreMaintenanceTest::mailFromAnotherProcessIsIndexed()
{
    QVERIFY(store("Subject: first\r\n\r\nx\r\n", "x@example.com", {"y@example.com"}) > 0);
    const QString name = uniqueConnectionName(QStringLiteral("elsewhere"));
    {
        QString error;
        QSqlDatabase db = openConnection(m_path, name, Access::Write, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO messages (id, received_us, mail_from, recipients, envelope, size, subject)"
                                      " VALUES (1000, 1, 'o@example.com', 'p@example.com', '{}', 22, 'from elsewhere')")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO message_raw VALUES (1000, CAST('Subject: s\r\n\r\nwombat\r\n' AS BLOB))")));
    }
    closeConnection(name);
    QTRY_COMPARE_WITH_TIMEOUT(ids(QStringLiteral("wombat")), QList<qint64>{1000}, 15000);
}

void StoreMaintenanceTest::migrationIndexesExistingMessages()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("v3.sqlite"));
    const QString name = uniqueConnectionName(QStringLiteral("v3"));
    {
        QString error;
        QSqlDatabase db = Test::openAtVersion(path, name, 4, &error); // before full-text search
        QVERIFY2(db.isOpen(), qPrintable(error));
        QVERIFY(QSqlQuery(db).exec(QStringLiteral(
            "INSERT INTO messages (received_us, mail_from, recipients, envelope, size, header_from, subject)"
            " VALUES (1, 'old@example.com', X'612e6578616d706c650a622e6578616d706c65', '{}', 10, 'Old <old@example.com>',"
            " 'Legacy report')")));
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    {
        const Reader before(path); // readers never migrate
        QVERIFY(!before.isOpen());
        QVERIFY(before.needsUpgrade());
    }
    QString error;
    QVERIFY2(Writer::upgrade(path, &error), qPrintable(error));
    Reader reader(path);
    QVERIFY2(reader.isOpen(), qPrintable(reader.error()));
    for (const QString &query : {QStringLiteral("from:old@example.com"), QStringLiteral("legacy"),
                                 QStringLiteral("to:b.example")}) {
        const auto found = reader.messages(SearchQuery::parse(query), 0, 0, 10);
        QVERIFY2(found.size() == 1, qPrintable(query));
        QCOMPARE(found.first().lint, -1);
    }
}

// A database of version 11 indexed a message with a text part by that part alone: after the
// upgrade the indexer analyses it again and the words of its HTML part are found, once.
void StoreMaintenanceTest::migrationReindexesHtmlParts()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("v11.sqlite"));
    const QString name = uniqueConnectionName(QStringLiteral("v11"));
    {
        QString error;
        QSqlDatabase db = Test::openAtVersion(path, name, 11, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO messages (id, received_us, mail_from, recipients, envelope, size, subject,"
                                      " lint) VALUES (7, 1, 'a@example.com', 'b@example.com', '{}', 200, 'Offer', 0)")));
        QVERIFY(q.prepare(QStringLiteral("INSERT INTO message_raw VALUES (7, ?)")));
        q.addBindValue(QByteArray("Subject: Offer\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n"
                                  "--b\r\nContent-Type: text/plain\r\n\r\nWalrus\r\n"
                                  "--b\r\nContent-Type: text/html\r\n\r\n<p>Walrus and <i>zep</i>pelin</p>\r\n--b--\r\n"));
        QVERIFY(q.exec());
        QVERIFY(q.exec(QStringLiteral("INSERT INTO message_fts (rowid, sender, recipients, subject, body)"
                                      " VALUES (7, 'a@example.com', 'b@example.com', 'Offer', 'Walrus')")));
        QVERIFY(q.exec(QStringLiteral("UPDATE analysis_progress SET last_id = 7")));
        q = QSqlQuery();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    QString error;
    QVERIFY2(Writer::upgrade(path, &error), qPrintable(error));
    Writer writer(path);
    QVERIFY2(writer.start(&error), qPrintable(error));
    writer.flushIndexed();
    Reader reader(path);
    QVERIFY2(reader.isOpen(), qPrintable(reader.error()));
    QCOMPARE(reader.ids(SearchQuery::parse(QStringLiteral("zeppelin"))), QList<qint64>{7});
    QCOMPARE(reader.ids(SearchQuery::parse(QStringLiteral("walrus"))), QList<qint64>{7});
    QSqlQuery q(reader.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM message_fts")) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    // The old row was taken out with the text it was made of, kept until then.
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM message_fts_old_text")) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    QCOMPARE(reader.message(7)->snippet, QStringLiteral("Walrus"));
}

QTEST_GUILESS_MAIN(StoreMaintenanceTest)
#include "tst_storemaintenance.moc"
