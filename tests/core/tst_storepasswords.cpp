#include "schemafixtures.h"
#include "records/authsecret.h"
#include "smtp/transcripttext.h"
#include "store/database.h"
#include "store/reader.h"
#include "store/schema.h"
#include "store/transcriptchunk.h"

#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Records;
using namespace Store;

namespace {

const QByteArray kPlain = QByteArray("\0bob\0hunter2", 12).toBase64();
const QByteArray kLoginPassword = QByteArray("swordfish").toBase64();
const QByteArray kCram = QByteArray("dave 0123456789abcdef0123456789abcdef").toBase64();

// Everything the database's files hold, the log included.
QByteArray fileBytes(const QString &path)
{
    QByteArray all;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-journal")}) {
        QFile f(path + suffix);
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll();
    }
    return all;
}

struct Row
{
    qint64 session;
    LineKind kind; // before step 10 the direction: Command, Reply and Note are 0, 1 and 2
    QByteArray data;
};

// Three sessions as older versions stored them: AUTH PLAIN with an initial response, AUTH LOGIN
// over two 334s, CRAM-MD5, each with its decoded note.
const QList<Row> kRows = {
    {1, LineKind::Command, "EHLO c.test\r\n"},
    {1, LineKind::Reply, "250 mx.test\r\n"},
    {1, LineKind::Command, "AUTH PLAIN " + kPlain + "\r\n"},
    {1, LineKind::Note, "AUTH PLAIN decoded: user \"bob\", password \"hunter2\""},
    {1, LineKind::Reply, "235 2.7.0 Authentication successful\r\n"},
    {1, LineKind::Command, "NOOP\r\n"},
    {2, LineKind::Command, "AUTH LOGIN\r\n"},
    {2, LineKind::Reply, "334 VXNlcm5hbWU6\r\n"},
    {2, LineKind::Command, QByteArray("carol").toBase64() + "\r\n"},
    {2, LineKind::Reply, "334 UGFzc3dvcmQ6\r\n"},
    {2, LineKind::Command, kLoginPassword + "\r\n"},
    {2, LineKind::Note, "AUTH LOGIN decoded: user \"carol\", password \"swordfish\""},
    {2, LineKind::Reply, "235 2.7.0 Authentication successful\r\n"},
    {3, LineKind::Command, "AUTH CRAM-MD5\r\n"},
    {3, LineKind::Reply, "334 PDQyQG14LnRlc3Q+\r\n"},
    {3, LineKind::Command, kCram + "\r\n"},
    {3, LineKind::Note, "AUTH CRAM-MD5 decoded: user \"dave\", digest 0123456789abcdef0123456789abcdef"},
    {3, LineKind::Reply, "235 2.7.0 Authentication successful\r\n"},
};

} // namespace

// Schema step 13 masks what older versions kept of AUTH exchanges: the lines with their base64
// and the notes with the password; nothing of them stays in the file.
class StorePasswordsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); m_path = m_dir.filePath(QStringLiteral("t%1.sqlite").arg(++m_n)); }
    void migrationMasksOldPasswords_data();
    void migrationMasksOldPasswords();

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_n = 0;
};

void StorePasswordsTest::migrationMasksOldPasswords_data()
{
    QTest::addColumn<int>("version");
    QTest::newRow("rows of version 6") << 6;   // one row a line, by direction
    QTest::newRow("chunks of version 11") << 11; // packed, with kinds (AUTH responses as their own kind)
}

void StorePasswordsTest::migrationMasksOldPasswords()
{
    QFETCH(int, version);
    const QString name = uniqueConnectionName(QStringLiteral("test"));
    {
        QString error;
        QSqlDatabase db = Test::openAtVersion(m_path, name, version, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO sessions (id, started_us) VALUES (1, 10), (2, 20), (3, 30)")));
        if (version < 7) {
            QVERIFY(q.prepare(QStringLiteral("INSERT INTO transcript (session_id, t_us, direction, data) VALUES (?, ?, ?, ?)")));
            for (const Row &row : kRows) {
                q.addBindValue(row.session);
                q.addBindValue(100);
                q.addBindValue(int(row.kind));
                q.addBindValue(row.data);
                QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
            }
        } else {
            for (qint64 session : {1, 2, 3}) {
                QList<TranscriptLine> lines;
                for (const Row &row : kRows) {
                    if (row.session != session)
                        continue;
                    LineKind kind = row.kind == LineKind::Note ? LineKind::AuthStep : row.kind;
                    if (kind == LineKind::Command && !row.data.startsWith("AUTH") && session > 1)
                        kind = LineKind::AuthResponse; // as version 11 wrote them
                    lines.append({0, session, 0, 100, kind, row.data, 0});
                }
                QVERIFY(q.prepare(QStringLiteral("INSERT INTO transcript_chunks (id, session_id, data) VALUES (?, ?, ?)")));
                q.addBindValue(session);
                q.addBindValue(session);
                q.addBindValue(TranscriptChunk::encode(lines.constData(), lines.size()));
                QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
                QVERIFY(q.exec(QStringLiteral("UPDATE sessions SET last_chunk_id = %1 WHERE id = %1").arg(session)));
            }
        }
        QVERIFY(fileBytes(m_path).contains("hunter2") || fileBytes(m_path).contains(kPlain)); // the test's premise
        QVERIFY2(Schema::migrate(db, &error), qPrintable(error));
        QCOMPARE(Schema::version(db), Schema::kCurrentVersion);
    }
    closeConnection(name);

    Reader reader(m_path);
    const auto texts = [&reader](qint64 session) {
        QStringList out;
        for (const TranscriptLine &line : reader.transcript(session))
            out.append(Smtp::TranscriptText::markedText(line, true)); // nothing left to reveal
        return out;
    };
    QCOMPARE(texts(1), (QStringList{QStringLiteral("C: EHLO c.test"), QStringLiteral("S: 250 mx.test"),
                                    QStringLiteral("C: AUTH PLAIN [PLAIN: user \"bob\", password of 7 octets, masked]"),
                                    QStringLiteral("-A AUTH PLAIN decoded: user \"bob\", password of 7 octets, masked"),
                                    QStringLiteral("S: 235 2.7.0 Authentication successful"), QStringLiteral("C: NOOP")}));
    QCOMPARE(texts(2), (QStringList{QStringLiteral("C: AUTH LOGIN"), QStringLiteral("S: 334 VXNlcm5hbWU6"),
                                    QStringLiteral("C: [LOGIN: user \"carol\"]"), QStringLiteral("S: 334 UGFzc3dvcmQ6"),
                                    QStringLiteral("C: [LOGIN: user \"carol\", password of 9 octets, masked]"),
                                    QStringLiteral("-A AUTH LOGIN decoded: user \"carol\", password of 9 octets, masked"),
                                    QStringLiteral("S: 235 2.7.0 Authentication successful")}));
    QCOMPARE(texts(3), (QStringList{QStringLiteral("C: AUTH CRAM-MD5"), QStringLiteral("S: 334 PDQyQG14LnRlc3Q+"),
                                    QStringLiteral("C: [CRAM-MD5: user \"dave\", digest of 32 octets, masked]"),
                                    QStringLiteral("-A AUTH CRAM-MD5 decoded: user \"dave\", digest of 32 octets, masked"),
                                    QStringLiteral("S: 235 2.7.0 Authentication successful")}));
    const QList<TranscriptLine> one = reader.transcript(1);
    QCOMPARE(one.at(2).kind, LineKind::AuthSecret);
    QCOMPARE(AuthSecret::decode(one.at(2).data),
             (AuthSecret{"AUTH PLAIN", "PLAIN", AuthSecret::Holds::Password, "bob", 7, {}, {}}));

    const QByteArray bytes = fileBytes(m_path);
    for (const QByteArray &secret : {QByteArray("hunter2"), kPlain, QByteArray("swordfish"), kLoginPassword,
                                     QByteArray("0123456789abcdef"), kCram})
        QVERIFY2(!bytes.contains(secret), secret.constData());
}

QTEST_GUILESS_MAIN(StorePasswordsTest)
#include "tst_storepasswords.moc"
