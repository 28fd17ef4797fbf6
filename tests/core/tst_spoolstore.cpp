// Large messages through a running server and store: the stored bytes are exactly the ones
// sent, the spool file exists while the message comes and is gone by the 250 or when the
// client goes away, and files a crashed process left are removed at start. A large message
// goes into the database in pieces while it arrives; pieces no message claims are removed.
#include "spoolmessages.h"

#include "capture/captureservice.h"
#include "records/spoolfile.h"
#include "store/reader.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Test;

class SpoolStoreTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void storesExactBytes_data();
    void storesExactBytes();
    void abortedSessionLeavesNoFile();
    void leftoversRemovedAtStart();
    void abortedMessageLeavesNoPieces();
    void deletingAMessageDeletesItsPieces();
    void unclaimedPiecesRemovedAtStart();

private:
    qint64 sql(const QString &statement); // the first column of the first row, or -1
    void startService();
    bool waitFor(const QByteArray &text);
    bool waitForSpoolFiles(int count);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    QString m_folder;
    std::unique_ptr<Capture::CaptureService> m_service;
    std::unique_ptr<QTcpSocket> m_client;
    QByteArray m_received;
};

void SpoolStoreTest::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath(QStringLiteral("store.sqlite"));
    m_folder = Records::SpoolFile::folderFor(m_path);
    m_received.clear();
}

void SpoolStoreTest::cleanup()
{
    m_client.reset();
    m_service.reset();
}

void SpoolStoreTest::startService()
{
    Capture::Config config;
    config.databasePath = m_path;
    config.server.listen = {{QHostAddress::LocalHost, 0}};
    config.server.protocol.hostname = "mx.test";
    config.durability = Store::Writer::Durability::Normal; // bytes are the point here, not the sync
    m_service = std::make_unique<Capture::CaptureService>(config);
    QString error;
    QVERIFY2(m_service->start(&error), qPrintable(error));
    m_client = std::make_unique<QTcpSocket>();
    m_client->connectToHost(QHostAddress::LocalHost, m_service->addresses().first().port);
    QVERIFY(waitFor("220 mx.test"));
    m_client->write("EHLO c.test\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<r@d.test>\r\n");
    QVERIFY(waitFor("250 2.1.5"));
}

bool SpoolStoreTest::waitFor(const QByteArray &text)
{
    return QTest::qWaitFor([&] {
        m_received += m_client->readAll();
        return m_received.contains(text);
    }, 20000);
}

bool SpoolStoreTest::waitForSpoolFiles(int count)
{
    return QTest::qWaitFor([&] { return spoolFiles(m_folder).size() == count; }, 20000);
}

void SpoolStoreTest::storesExactBytes_data()
{
    QTest::addColumn<qint64>("size");
    QTest::addColumn<bool>("bdat");
    const QList<std::pair<const char *, qint64>> sizes{
        {"empty", 0}, {"1 MiB - 1", kMiB - 1}, {"1 MiB", kMiB}, {"1 MiB + 1", kMiB + 1}, {"5 MiB + 3", 5 * kMiB + 3},
        {"21 MiB + 7", 21 * kMiB + 7}};
    for (const auto &[name, size] : sizes) {
        QTest::addRow("DATA, %s", name) << size << false;
        QTest::addRow("BDAT, %s", name) << size << true;
    }
}

void SpoolStoreTest::storesExactBytes()
{
    QFETCH(qint64, size);
    QFETCH(bool, bdat);
    startService();
    const QByteArray content = spoolMessage(size);
    QByteArray wire;
    if (bdat) {
        constexpr qsizetype kChunk = 2 * 1024 * 1024 - 5; // several chunks for the largest
        for (qsizetype at = 0;; at += kChunk) {
            const QByteArray chunk = content.mid(at, kChunk);
            const bool last = at + kChunk >= content.size();
            wire += "BDAT " + QByteArray::number(chunk.size()) + (last ? " LAST\r\n" : "\r\n") + chunk;
            if (last)
                break;
        }
    } else {
        wire = "DATA\r\n" + dotStuffed(content);
    }
    // All but DATA's ".CRLF" or BDAT's last octet: past the threshold by then, the file is there.
    const qsizetype held = bdat ? 1 : 3;
    m_client->write(wire.left(wire.size() - held));
    if (size - (bdat ? 1 : 0) > Smtp::SpoolSink::kDefaultThreshold)
        QVERIFY(waitForSpoolFiles(1));
    m_client->write(wire.right(held));
    QVERIFY(waitFor("queued as "));
    QCOMPARE(spoolFiles(m_folder), QStringList()); // gone by the 250
    const QByteArray reply = m_received.mid(m_received.indexOf("250 2.0.0 OK: queued as "));
    const qint64 id = reply.mid(24, reply.indexOf('\r') - 24).toLongLong();
    Store::Reader reader(m_path);
    QVERIFY(reader.raw(id).value_or(QByteArray("missing")) == content);
    const auto summary = reader.message(id);
    QVERIFY(summary);
    QCOMPARE(summary->size, size);
    QCOMPARE(summary->subject, size ? QStringLiteral("spooled") : QString());
    // Past 8 MiB (what the indexer loads whole) each full 4 MiB on file became a piece as it
    // arrived: 5 of the 21 MiB message, the rest in message_raw. Smaller ones have none.
    const qint64 pieces = size > 12 * kMiB ? 5 : 0;
    QCOMPARE(sql(QStringLiteral("SELECT COUNT(*) FROM message_raw_spools s JOIN message_raw_pieces p"
                                " ON p.spool = s.spool WHERE s.message_id = %1").arg(id)), pieces);
    QCOMPARE(sql(QStringLiteral("SELECT LENGTH(data) FROM message_raw WHERE message_id = %1").arg(id)),
             size - pieces * 4 * kMiB);
    QCOMPARE(sql(QStringLiteral("SELECT COUNT(*) FROM message_raw_pieces")), pieces);
}

qint64 SpoolStoreTest::sql(const QString &statement)
{
    qint64 value = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        db.setDatabaseName(m_path);
        if (db.open()) {
            QSqlQuery q(db);
            q.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
            if (q.exec(statement))
                value = !q.isSelect() ? q.numRowsAffected() : q.next() ? q.value(0).toLongLong() : -1;
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("check"));
    return value;
}

void SpoolStoreTest::abortedSessionLeavesNoFile()
{
    startService();
    m_client->write("DATA\r\n" + dotStuffed(spoolMessage(3 * kMiB)).chopped(3));
    QVERIFY(waitForSpoolFiles(1));
    m_client->abort();
    QVERIFY(waitForSpoolFiles(0));
}

void SpoolStoreTest::leftoversRemovedAtStart()
{
    QVERIFY(QDir().mkpath(m_folder));
    QFile left(m_folder + QStringLiteral("/message-crashed"));
    QVERIFY(left.open(QIODevice::WriteOnly));
    left.write("left by a crash");
    left.close();
    startService();
    QCOMPARE(spoolFiles(m_folder), QStringList());
}

void SpoolStoreTest::abortedMessageLeavesNoPieces()
{
    startService();
    m_client->write("DATA\r\n" + dotStuffed(spoolMessage(21 * kMiB)).chopped(3));
    QVERIFY(QTest::qWaitFor([&] { return sql(QStringLiteral("SELECT COUNT(*) FROM message_raw_pieces")) == 5; }, 20000));
    m_client->abort();
    QVERIFY(waitForSpoolFiles(0));
    QVERIFY(QTest::qWaitFor([&] { return sql(QStringLiteral("SELECT COUNT(*) FROM message_raw_pieces")) == 0; }, 20000));
    QCOMPARE(sql(QStringLiteral("SELECT COUNT(*) FROM messages")), 0);
}

void SpoolStoreTest::deletingAMessageDeletesItsPieces()
{
    startService();
    m_client->write("DATA\r\n" + dotStuffed(spoolMessage(21 * kMiB)));
    QVERIFY(waitFor("queued as "));
    m_client->write("QUIT\r\n");
    QVERIFY(waitFor("221 "));
    m_service.reset();
    QCOMPARE(sql(QStringLiteral("SELECT COUNT(*) FROM message_raw_pieces")), 5);
    QCOMPARE(sql(QStringLiteral("DELETE FROM messages")), 1);
    QCOMPARE(sql(QStringLiteral("SELECT COUNT(*) FROM message_raw_pieces")), 0);
    QCOMPARE(sql(QStringLiteral("SELECT COUNT(*) FROM message_raw_spools")), 0);
}

void SpoolStoreTest::unclaimedPiecesRemovedAtStart()
{
    startService();
    m_client->write("QUIT\r\n");
    QVERIFY(waitFor("221 "));
    m_service.reset();
    // What a process that crashed while a large message arrived leaves: pieces, no message.
    QCOMPARE(sql(QStringLiteral("INSERT INTO message_raw_pieces (id, spool, data) VALUES (1, 1, x'00'), (2, 1, x'01')")), 2);
    startService();
    QCOMPARE(sql(QStringLiteral("SELECT COUNT(*) FROM message_raw_pieces")), 0);
}

QTEST_GUILESS_MAIN(SpoolStoreTest)
#include "tst_spoolstore.moc"
