// Message content past 1 MiB goes to a spool file, not memory: the protocol with a spooling
// sink, cut at awkward places, keeps exactly the bytes sent; the file is 0600 in a 0700
// folder and goes with every way a message ends without being handed on.
#include "spoolmessages.h"

#include "smtp/protocol.h"

#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Test;

namespace {

int modeOf(const QString &path)
{
    struct stat st{};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 0777) : -1;
}

// Splits wire into reads: steps of `step` octets, and a cut `tail` octets before the end, so
// the terminator (CRLF.CRLF) arrives in two reads.
QList<QByteArray> cut(const QByteArray &wire, qsizetype step, qsizetype tail)
{
    QList<QByteArray> pieces;
    const qsizetype last = qMax<qsizetype>(0, wire.size() - tail);
    for (qsizetype at = 0; at < last; at += step)
        pieces.append(wire.mid(at, qMin(step, last - at)));
    pieces.append(wire.mid(last));
    return pieces;
}

} // namespace

class SpoolTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void keepsExactBytes_data();
    void keepsExactBytes();
    void refusedContentLeavesNoFile_data();
    void refusedContentLeavesNoFile();
    void faultRulesSeeHeadersAndSize();

private:
    void startTransaction(Smtp::Protocol &p);
    Smtp::ProtocolConfig config(qint64 maxSize = 50 * kMiB) const;
    QList<Smtp::ProtocolEvent> drain(Smtp::Protocol &p);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_folder;
};

void SpoolTest::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_folder = m_dir->filePath(QStringLiteral("db.sqlite-spool"));
}

Smtp::ProtocolConfig SpoolTest::config(qint64 maxSize) const
{
    Smtp::ProtocolConfig c;
    c.limits.maxMessageSize = maxSize;
    c.contentSink = Smtp::SpoolSink::factory(m_folder);
    return c;
}

QList<Smtp::ProtocolEvent> SpoolTest::drain(Smtp::Protocol &p)
{
    QList<Smtp::ProtocolEvent> ready;
    for (const Smtp::ProtocolEvent &e : p.takeEvents()) {
        if (e.kind == Smtp::ProtocolEvent::Kind::MessageReady)
            ready.append(e);
    }
    return ready;
}

void SpoolTest::startTransaction(Smtp::Protocol &p)
{
    p.start();
    p.receive("EHLO c.test\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<r@d.test>\r\n");
    drain(p);
}

void SpoolTest::keepsExactBytes_data()
{
    QTest::addColumn<qint64>("size");
    QTest::addColumn<bool>("bdat");
    QTest::addColumn<qsizetype>("step");
    QTest::addColumn<qsizetype>("tail");
    const QList<std::pair<const char *, qint64>> sizes{
        {"empty", 0}, {"1 MiB - 1", kMiB - 1}, {"1 MiB", kMiB}, {"1 MiB + 1", kMiB + 1}, {"5 MiB + 3", 5 * kMiB + 3}};
    for (const auto &[name, size] : sizes) {
        // DATA: the terminator split after its CR, after CRLF, after the dot.
        QTest::addRow("DATA, %s, CRLF.CRLF cut after CR", name) << size << false << qsizetype(65537) << qsizetype(4);
        QTest::addRow("DATA, %s, cut before the dot", name) << size << false << qsizetype(4093) << qsizetype(3);
        QTest::addRow("DATA, %s, cut after the dot", name) << size << false << qsizetype(262144) << qsizetype(2);
        QTest::addRow("BDAT, %s, chunks of 300001", name) << size << true << qsizetype(300001) << qsizetype(1);
    }
}

void SpoolTest::keepsExactBytes()
{
    QFETCH(qint64, size);
    QFETCH(bool, bdat);
    QFETCH(qsizetype, step);
    QFETCH(qsizetype, tail);
    const QByteArray content = spoolMessage(size);
    QCOMPARE(content.size(), size);
    Smtp::Protocol p(config());
    startTransaction(p);
    QList<Smtp::ProtocolEvent> ready;
    bool sawFile = false;
    if (bdat) {
        // Several chunks, each command in the same read as the start of its octets.
        for (qsizetype at = 0; at < content.size() || at == 0; at += step) {
            const QByteArray chunk = content.mid(at, step);
            const bool last = at + step >= content.size();
            p.receive(QByteArray("BDAT " + QByteArray::number(chunk.size()) + (last ? " LAST" : "") + "\r\n" + chunk.left(7)));
            p.receive(chunk.mid(7));
            ready += drain(p);
            sawFile = sawFile || !spoolFiles(m_folder).isEmpty();
            if (last)
                break;
        }
    } else {
        p.receive("DATA\r\n");
        for (const QByteArray &piece : cut(dotStuffed(content), step, tail)) {
            p.receive(piece);
            ready += drain(p);
            sawFile = sawFile || !spoolFiles(m_folder).isEmpty();
        }
    }
    QCOMPARE(ready.size(), 1);
    const Smtp::ProtocolEvent e = ready.takeFirst();
    QCOMPARE(e.contentSize(), size);
    const bool spooled = size > Smtp::SpoolSink::kDefaultThreshold;
    QCOMPARE(bool(e.spool), spooled);
    QCOMPARE(sawFile, spooled); // the file is there while the message is received
    if (spooled) {
        QVERIFY(e.content.isEmpty()); // never both
        QCOMPARE(spoolFiles(m_folder).size(), 1);
        QCOMPARE(modeOf(e.spool.path()), 0600);
        QCOMPARE(modeOf(m_folder), 0700);
        QVERIFY(e.spool.readAll() == content);
    } else {
        QVERIFY(e.content == content);
    }
    p.messageStored("1");
    QVERIFY(p.takeEvents().last().bytes.startsWith("250 2.0.0"));
}

void SpoolTest::refusedContentLeavesNoFile_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<bool>("endOfDataFault");
    const QByteArray big = spoolMessage(3 * kMiB);
    const QByteArray chunk = "BDAT " + QByteArray::number(big.size()) + "\r\n" + big;
    QTest::newRow("5xx rule at end of data") << "DATA\r\n" + dotStuffed(big) << QByteArray("554 5.6.0") << true;
    QTest::newRow("size overflow, DATA") << "DATA\r\n" + dotStuffed(big + big) << QByteArray("552 5.3.4") << false;
    QTest::newRow("size overflow, BDAT") << chunk + chunk << QByteArray("552 5.3.4") << false;
    QTest::newRow("RSET between chunks") << chunk + "RSET\r\n" << QByteArray("250 2.0.0 OK") << false;
    QTest::newRow("QUIT between chunks") << chunk + "QUIT\r\n" << QByteArray("221 2.0.0") << false;
    QTest::newRow("EHLO between chunks") << chunk + "EHLO again.test\r\n" << QByteArray("250-mailscope") << false;
}

void SpoolTest::refusedContentLeavesNoFile()
{
    QFETCH(QByteArray, wire);
    QFETCH(QByteArray, reply);
    QFETCH(bool, endOfDataFault);
    Smtp::Protocol p(config(5 * kMiB));
    if (endOfDataFault) {
        p.setFaultCheck([](Faults::Context &c) {
            Faults::Decision d;
            if (c.stage == Faults::Stage::EndOfData) {
                d.kind = Faults::Decision::Kind::Reply;
                d.rule = QStringLiteral("refuse");
                d.reply = Records::Reply::make(554, "5.6.0", "refused");
            }
            return d;
        });
    }
    startTransaction(p);
    const qsizetype split = wire.size() / 2;
    p.receive(wire.left(split));
    drain(p);
    QCOMPARE(spoolFiles(m_folder).size(), 1); // past the threshold: spooled while it comes
    p.receive(wire.mid(split));
    QByteArray replies;
    for (const Smtp::ProtocolEvent &e : p.takeEvents()) {
        QVERIFY(e.kind != Smtp::ProtocolEvent::Kind::MessageReady);
        replies += e.kind == Smtp::ProtocolEvent::Kind::Sent ? e.bytes : QByteArray();
    }
    QVERIFY2(replies.contains(reply), replies.constData());
    QCOMPARE(spoolFiles(m_folder), QStringList());
}

// Rules are given the header section and the size, not the body.
void SpoolTest::faultRulesSeeHeadersAndSize()
{
    const QByteArray content = spoolMessage(2 * kMiB);
    Smtp::Protocol p(config());
    Faults::Context seen;
    p.setFaultCheck([&seen](Faults::Context &c) {
        if (c.stage == Faults::Stage::EndOfData)
            seen = c;
        return Faults::Decision{};
    });
    startTransaction(p);
    p.receive(QByteArray("DATA\r\n" + dotStuffed(content)));
    QCOMPARE(drain(p).size(), 1);
    QCOMPARE(seen.size, content.size());
    QCOMPARE(seen.content, QByteArray("Subject: spooled\r\nX-Size: 2097152\r\n"));
}

QTEST_APPLESS_MAIN(SpoolTest)
#include "tst_spool.moc"
