// What Mailscope creates in its data folder is private from the first byte: the folder, the
// database with its WAL, and the generated TLS key and certificate; the certificate is a leaf
// with an ECDSA P-256 key, and TLS sessions offer only forward-secret AEAD suites.
#include "records/privatefiles.h"
#include "smtp/server.h"
#include "smtp/tlsidentity.h"
#include "store/database.h"

#include <QFileInfo>
#include <QProcess>
#include <QSqlQuery>
#include <QSslCertificateExtension>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

namespace {

int modeOf(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

bool isCa(const QSslCertificate &cert)
{
    for (const QSslCertificateExtension &e : cert.extensions()) {
        if (e.oid() == QLatin1String("2.5.29.19"))
            return e.value().toMap().value(QStringLiteral("ca")).toBool();
    }
    return false;
}

} // namespace

class PrivateFilesTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { ::umask(022); }
    void foldersAreCreatedOwnerOnly();
    void existingFoldersKeepTheirMode();
    void databaseAndWalAreOwnerOnly();
    void generatedIdentityIsAPrivateLeaf();
    void oldCaCertificateIsReplaced();
    void sessionsOfferOnlyForwardSecretAead();
};

void PrivateFilesTest::foldersAreCreatedOwnerOnly()
{
    QTemporaryDir dir;
    const QString deep = dir.path() + QStringLiteral("/a/b/c");
    QVERIFY(Records::PrivateFiles::makeFolder(deep));
    QCOMPARE(modeOf(dir.path() + QStringLiteral("/a")), 0700);
    QCOMPARE(modeOf(deep), 0700);
    QVERIFY(Records::PrivateFiles::makeFolder(deep)); // exists: still true
}

void PrivateFilesTest::existingFoldersKeepTheirMode()
{
    QTemporaryDir dir;
    QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                                  | QFileDevice::ReadOther | QFileDevice::ExeOther));
    QVERIFY(Records::PrivateFiles::makeFolder(dir.path()));
    QCOMPARE(modeOf(dir.path()), 0705);
}

void PrivateFilesTest::databaseAndWalAreOwnerOnly()
{
    QTemporaryDir dir;
    const QString folder = dir.path() + QStringLiteral("/data");
    const QString path = folder + QStringLiteral("/mailscope.sqlite");
    QString error;
    {
        QSqlDatabase db = Store::openConnection(path, QStringLiteral("private-files"), Store::Access::Migrate, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO tags(name) VALUES ('x')")));
        QCOMPARE(modeOf(folder), 0700);
        QCOMPARE(modeOf(path), 0600);
        QVERIFY(QFileInfo::exists(path + QStringLiteral("-wal")));
        QCOMPARE(modeOf(path + QStringLiteral("-wal")), 0600);
        QCOMPARE(modeOf(path + QStringLiteral("-shm")), 0600);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("private-files"));
}

void PrivateFilesTest::generatedIdentityIsAPrivateLeaf()
{
    QTemporaryDir dir;
    const QString folder = dir.path() + QStringLiteral("/tls");
    QString error;
    const auto identity = Smtp::TlsIdentity::loadOrCreate(folder, QStringLiteral("catcher.test"), &error);
    QVERIFY2(identity, qPrintable(error));
    QVERIFY(identity->generated);
    QCOMPARE(identity->key.algorithm(), QSsl::Ec);
    QCOMPARE(identity->key.length(), 256);
    QVERIFY(!isCa(identity->certificate));
    QCOMPARE(modeOf(folder), 0700);
    QCOMPARE(modeOf(identity->keyPath), 0600);
    QCOMPARE(modeOf(identity->certificatePath), 0600);
    QVERIFY(!QFileInfo::exists(identity->keyPath + QStringLiteral(".new")));
    const auto names = identity->certificate.subjectAlternativeNames();
    QVERIFY(names.values(QSsl::DnsEntry).contains(QStringLiteral("catcher.test")));
    QVERIFY(names.values(QSsl::IpAddressEntry).contains(QStringLiteral("127.0.0.1")));

    // The second start reuses it.
    const auto again = Smtp::TlsIdentity::loadOrCreate(folder, QStringLiteral("catcher.test"), &error);
    QVERIFY(again);
    QCOMPARE(again->certificate, identity->certificate);
}

void PrivateFilesTest::oldCaCertificateIsReplaced()
{
    QTemporaryDir dir;
    const QString cert = dir.filePath(QStringLiteral("mailscope-cert.pem"));
    const QString key = dir.filePath(QStringLiteral("mailscope-key.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                   QStringLiteral("-nodes"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert,
                   QStringLiteral("-days"), QStringLiteral("30"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                   QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:TRUE"), QStringLiteral("-addext"),
                   QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1")});
    QVERIFY(openssl.waitForFinished(60000));
    QCOMPARE(openssl.exitCode(), 0);
    QString error;
    const auto old = Smtp::TlsIdentity::load(cert, key, &error);
    QVERIFY2(old, qPrintable(error));
    QVERIFY(isCa(old->certificate));

    const auto identity = Smtp::TlsIdentity::loadOrCreate(dir.path(), QStringLiteral("localhost"), &error);
    QVERIFY2(identity, qPrintable(error));
    QVERIFY(identity->certificate != old->certificate);
    QVERIFY(!isCa(identity->certificate));
    QCOMPARE(identity->key.algorithm(), QSsl::Ec);
    QCOMPARE(modeOf(key), 0600);
}

void PrivateFilesTest::sessionsOfferOnlyForwardSecretAead()
{
    const QList<QSslCipher> offered = Smtp::Server::forwardSecretCiphers();
    QVERIFY(!offered.isEmpty());
    QStringList names;
    for (const QSslCipher &c : offered)
        names << c.name();
    QVERIFY2(names.contains(QStringLiteral("ECDHE-ECDSA-AES128-GCM-SHA256")), qPrintable(names.join(u' ')));
    QVERIFY(names.contains(QStringLiteral("ECDHE-RSA-CHACHA20-POLY1305")));
    QVERIFY(names.contains(QStringLiteral("TLS_AES_256_GCM_SHA384")));
    for (const QString &weak : {QStringLiteral("AES128-SHA"), QStringLiteral("AES256-GCM-SHA384"),
                                QStringLiteral("ECDHE-RSA-AES128-SHA"), QStringLiteral("ECDHE-ECDSA-AES256-SHA384")})
        QVERIFY2(!names.contains(weak), qPrintable(weak));
}

QTEST_GUILESS_MAIN(PrivateFilesTest)
#include "tst_privatefiles.moc"
