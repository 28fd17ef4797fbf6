#include "api/credentials.h"

#include <QTest>

// Hashes written by `htpasswd -B -C 5` (alice:secret) and `htpasswd -5` (bob:pw2).
static const QByteArray kFile = "# users of the API\n"
                                "alice:$2y$05$E6cplgV4D2VaAVNHkK/JFeXa/gNXdtLMdjH5uVx/GCwimhfWunree\n"
                                "\n"
                                "bob:$6$yfak43UcRwRA0Q9x$WzYGqtjpOh6eZzRa5VaS.h.32pknh0KQKFqZyKQCK0fBHC1IcDHIaqO02IIPAip6WFUFwnXMQx.dZqFb4PxY1.\n";

class tst_ApiCredentials : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void basic_data()
    {
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<bool>("allowed");
        const auto basic = [](const QByteArray &pair) -> QByteArray { return "Basic " + pair.toBase64(); };
        QTest::newRow("bcrypt") << basic("alice:secret") << true;
        QTest::newRow("sha-crypt") << basic("bob:pw2") << true;
        QTest::newRow("scheme in any case") << ("bAsIc " + QByteArray("alice:secret").toBase64()) << true;
        QTest::newRow("wrong password") << basic("alice:Secret") << false;
        QTest::newRow("unknown user") << basic("carol:secret") << false;
        QTest::newRow("other user's password") << basic("bob:secret") << false;
        QTest::newRow("password with colon") << basic("alice:secret:x") << false;
        QTest::newRow("no colon") << basic("alice") << false;
        QTest::newRow("empty") << QByteArray() << false;
        QTest::newRow("bearer") << QByteArray("Bearer abc") << false;
        QTest::newRow("bad base64") << QByteArray("Basic !!!") << false;
        QTest::newRow("nul in password") << basic(QByteArray("alice:secret\0x", 14)) << false;
    }

    void basic()
    {
        QFETCH(QByteArray, authorization);
        QFETCH(bool, allowed);
        QString error;
        const auto credentials = Api::Credentials::parse(kFile, QStringLiteral("users"), &error);
        QVERIFY2(credentials, qPrintable(error));
        QCOMPARE(credentials->allows(authorization), allowed);
        QCOMPARE(credentials->allows(authorization), allowed); // the remembered success answers the same
    }

    void refusedFiles_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("apr1") << QByteArray("eve:$apr1$abc$def\n")
                              << "users, line 1 (user eve) uses Apache's MD5 hash ($apr1$); write it with htpasswd -B (bcrypt)";
        QTest::newRow("plain") << QByteArray("# c\neve:secret\n")
                               << "users, line 2 (user eve) has no bcrypt ($2y$) or SHA-crypt ($5$, $6$) hash; write it with htpasswd -B";
        QTest::newRow("no colon") << QByteArray("eve\n") << "users, line 1: not user:hash";
        QTest::newRow("empty") << QByteArray("# nobody\n") << "users names no user; add one with htpasswd -B users USER";
    }

    void refusedFiles()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, error);
        QString why;
        QVERIFY(!Api::Credentials::parse(text, QStringLiteral("users"), &why));
        QCOMPARE(why, error);
    }
};

QTEST_APPLESS_MAIN(tst_ApiCredentials)
#include "tst_apicredentials.moc"
