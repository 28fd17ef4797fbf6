#include "capture/serversettings.h"

#include <QCommandLineParser>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using Capture::ServerSettings;

// serve's flags and the window's QSettings are two spellings of one set of server settings:
// the same values give the same Capture::Config, the same defaults too.
class ServerSettingsTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void defaultsAreTheSame();
    void sameValuesSameConfig_data();
    void sameValuesSameConfig();
    void legacyKeysStayReadable();
    void saveAndLoadRoundTrip();
    void badFlags_data();
    void badFlags();
    void unreadableFiles();
    void restartIsNeededForServerSettingsOnly();

private:
    std::optional<ServerSettings> fromFlags(const QStringList &flags, QString *error = nullptr);
    ServerSettings fromKeys(const QVariantMap &keys);
    static void compareConfigs(const Capture::Config &a, const Capture::Config &b);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void ServerSettingsTest::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

std::optional<ServerSettings> ServerSettingsTest::fromFlags(const QStringList &flags, QString *error)
{
    QCommandLineParser parser;
    ServerSettings::addOptions(parser);
    if (!parser.parse(QStringList{QStringLiteral("mailscope serve")} + flags)) {
        qWarning("%s", qPrintable(parser.errorText()));
        return std::nullopt;
    }
    QString why;
    auto settings = ServerSettings::fromArguments(parser, &why);
    if (error)
        *error = why;
    return settings;
}

// As the window finds them: an INI file (Linux's native QSettings format) holds every value as text.
ServerSettings ServerSettingsTest::fromKeys(const QVariantMap &keys)
{
    const QString path = m_dir->filePath(QStringLiteral("settings.ini"));
    QFile::remove(path);
    {
        QSettings write(path, QSettings::IniFormat);
        for (auto it = keys.begin(); it != keys.end(); ++it)
            write.setValue(it.key(), it.value());
    }
    QSettings read(path, QSettings::IniFormat);
    QString error;
    const ServerSettings s = ServerSettings::load(read, &error);
    if (!error.isEmpty())
        qWarning("%s", qPrintable(error));
    return s;
}

void ServerSettingsTest::compareConfigs(const Capture::Config &a, const Capture::Config &b)
{
    QCOMPARE(a.databasePath, b.databasePath);
    QCOMPARE(a.durability, b.durability);
    QCOMPARE(a.retention.maxMessages, b.retention.maxMessages);
    QCOMPARE(a.retention.maxAgeDays, b.retention.maxAgeDays);
    QCOMPARE(a.retention.maxTotalSize, b.retention.maxTotalSize);
    const auto compareAddresses = [](const QList<Smtp::ListenAddress> &x, const QList<Smtp::ListenAddress> &y) {
        QCOMPARE(x.size(), y.size());
        for (qsizetype i = 0; i < x.size(); ++i) {
            QCOMPARE(x[i].address, y[i].address);
            QCOMPARE(x[i].port, y[i].port);
            QCOMPARE(x[i].implicitTls, y[i].implicitTls);
        }
    };
    compareAddresses(a.server.listen, b.server.listen);
    compareAddresses(a.server.implicitTls, b.server.implicitTls);
    QCOMPARE(a.server.tls.has_value(), b.server.tls.has_value());
    if (a.server.tls) {
        QCOMPARE(a.server.tls->certificate, b.server.tls->certificate);
        QCOMPARE(a.server.tls->key, b.server.tls->key);
        QCOMPARE(a.server.tls->certificatePath, b.server.tls->certificatePath);
        QCOMPARE(a.server.tls->keyPath, b.server.tls->keyPath);
        QCOMPARE(a.server.tls->generated, b.server.tls->generated);
    }
    const Smtp::ProtocolConfig &p = a.server.protocol;
    const Smtp::ProtocolConfig &q = b.server.protocol;
    QCOMPARE(p.hostname, q.hostname);
    QCOMPARE(p.limits.maxLineLength, q.limits.maxLineLength);
    QCOMPARE(p.limits.maxMessageSize, q.limits.maxMessageSize);
    QCOMPARE(p.limits.maxRecipients, q.limits.maxRecipients);
    QCOMPARE(p.limits.idleTimeoutMs, q.limits.idleTimeoutMs);
    QCOMPARE(p.limits.maxConnections, q.limits.maxConnections);
    QCOMPARE(p.tlsAvailable, q.tlsAvailable);
    QCOMPARE(p.requireTls, q.requireTls);
    QCOMPARE(p.requireAuth, q.requireAuth);
    QCOMPARE(p.authRequiresTls, q.authRequiresTls);
    QCOMPARE(p.recordPasswords, q.recordPasswords);
    QCOMPARE(p.users.isEmpty(), q.users.isEmpty());
    QVERIFY(a.relay == b.relay);
    for (const QByteArray &user : {QByteArrayLiteral("alice"), QByteArrayLiteral("bob")}) {
        for (const QByteArray &password : {QByteArrayLiteral("wonderland"), QByteArrayLiteral("builder")}) {
            const Smtp::Sasl::Credentials credentials{{}, user, password, {}};
            QCOMPARE(p.users.check(credentials, {}), q.users.check(credentials, {}));
        }
    }
}

void ServerSettingsTest::defaultsAreTheSame()
{
    const QString db = m_dir->filePath(QStringLiteral("mail.sqlite"));
    const auto flags = fromFlags({QStringLiteral("--db"), db});
    QVERIFY(flags);
    const ServerSettings keys = fromKeys({{QStringLiteral("store/database"), db}});
    ServerSettings expected;
    expected.databasePath = db;
    QVERIFY(*flags == expected);
    QVERIFY(keys == expected);

    QString error;
    const auto fromServe = flags->captureConfig(&error);
    QVERIFY2(fromServe, qPrintable(error));
    const auto fromWindow = keys.captureConfig(&error);
    QVERIFY2(fromWindow, qPrintable(error));
    compareConfigs(*fromServe, *fromWindow);
    // serve's defaults: 127.0.0.1:1025; STARTTLS with a self-signed certificate beside the
    // database; AUTH with any credentials.
    QCOMPARE(fromWindow->server.listen.size(), 1);
    QCOMPARE(fromWindow->server.listen[0].toString(), QStringLiteral("127.0.0.1:1025"));
    QVERIFY(fromWindow->server.implicitTls.isEmpty());
    QVERIFY(fromWindow->server.tls);
    QVERIFY(fromWindow->server.tls->generated);
    QCOMPARE(fromWindow->server.tls->certificatePath, m_dir->filePath(QStringLiteral("mailscope-cert.pem")));
    QVERIFY(fromWindow->server.protocol.users.isEmpty());
    QVERIFY(!fromWindow->server.protocol.requireTls);
    QVERIFY(!fromWindow->server.protocol.requireAuth);
    QVERIFY(!fromWindow->server.protocol.authRequiresTls);
    QCOMPARE(fromWindow->server.protocol.hostname, QByteArray("mailscope.localhost"));
    QCOMPARE(fromWindow->durability, Store::Writer::Durability::Full);
    QCOMPARE(fromWindow->retention.maxMessages, qint64(0));
}

void ServerSettingsTest::sameValuesSameConfig_data()
{
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QVariantMap>("keys");
    QTest::addColumn<bool>("tls");

    // %DIR% is the test's temporary folder, which holds the users file and a certificate.
    QTest::newRow("every setting")
        << QStringList{QStringLiteral("--smtp"), QStringLiteral("127.0.0.1:2525"), QStringLiteral("--smtp"),
                       QStringLiteral("[::1]:2526"), QStringLiteral("--smtps"), QStringLiteral("127.0.0.1:2465"),
                       QStringLiteral("--hostname"), QStringLiteral("catcher.test"),
                       QStringLiteral("--max-message-size"), QStringLiteral("1234567"),
                       QStringLiteral("--max-recipients"), QStringLiteral("7"), QStringLiteral("--max-line-length"),
                       QStringLiteral("1000"), QStringLiteral("--idle-timeout"), QStringLiteral("42"),
                       QStringLiteral("--max-connections"), QStringLiteral("9"), QStringLiteral("--tls-cert"),
                       QStringLiteral("%DIR%/own/mailscope-cert.pem"), QStringLiteral("--tls-key"),
                       QStringLiteral("%DIR%/own/mailscope-key.pem"), QStringLiteral("--require-tls"),
                       QStringLiteral("--auth-users"), QStringLiteral("%DIR%/users.txt"),
                       QStringLiteral("--require-auth"), QStringLiteral("--auth-tls-only"),
                       QStringLiteral("--record-passwords"), QStringLiteral("--durability"), QStringLiteral("normal"), QStringLiteral("--db"),
                       QStringLiteral("%DIR%/mail.sqlite"), QStringLiteral("--max-messages"), QStringLiteral("100"),
                       QStringLiteral("--max-age"), QStringLiteral("7"), QStringLiteral("--max-total-size"),
                       QStringLiteral("1048576"), QStringLiteral("--relay-smtp"), QStringLiteral("smtp.example.com:587"),
                       QStringLiteral("--relay-starttls"), QStringLiteral("--relay-user"), QStringLiteral("relayer"),
                       QStringLiteral("--relay-password-file"), QStringLiteral("%DIR%/relay-password"),
                       QStringLiteral("--relay-allowed-recipients"), QStringLiteral("@example\\.com$"),
                       QStringLiteral("--relay-return-path"), QStringLiteral("bounces@example.com")}
        << QVariantMap{{QStringLiteral("server/listen"), QStringList{QStringLiteral("127.0.0.1:2525"),
                                                                     QStringLiteral("[::1]:2526")}},
                       {QStringLiteral("server/smtps"), QStringLiteral("127.0.0.1:2465")},
                       {QStringLiteral("server/hostname"), QStringLiteral("catcher.test")},
                       {QStringLiteral("limits/maxMessageSize"), 1234567},
                       {QStringLiteral("limits/maxRecipients"), 7},
                       {QStringLiteral("limits/maxLineLength"), 1000},
                       {QStringLiteral("limits/idleTimeout"), 42},
                       {QStringLiteral("limits/maxConnections"), 9},
                       {QStringLiteral("tls/certificate"), QStringLiteral("%DIR%/own/mailscope-cert.pem")},
                       {QStringLiteral("tls/key"), QStringLiteral("%DIR%/own/mailscope-key.pem")},
                       {QStringLiteral("tls/require"), true},
                       {QStringLiteral("auth/users"), QStringLiteral("%DIR%/users.txt")},
                       {QStringLiteral("auth/require"), true},
                       {QStringLiteral("auth/tlsOnly"), true},
                       {QStringLiteral("auth/recordPasswords"), true},
                       {QStringLiteral("store/durability"), QStringLiteral("normal")},
                       {QStringLiteral("store/database"), QStringLiteral("%DIR%/mail.sqlite")},
                       {QStringLiteral("store/maxMessages"), 100},
                       {QStringLiteral("store/maxAgeDays"), 7},
                       {QStringLiteral("store/maxTotalSize"), 1048576},
                       {QStringLiteral("relay/smtp"), QStringLiteral("smtp.example.com:587")},
                       {QStringLiteral("relay/startTls"), true},
                       {QStringLiteral("relay/user"), QStringLiteral("relayer")},
                       {QStringLiteral("relay/passwordFile"), QStringLiteral("%DIR%/relay-password")},
                       {QStringLiteral("relay/allowedRecipients"), QStringLiteral("@example\\.com$")},
                       {QStringLiteral("relay/returnPath"), QStringLiteral("bounces@example.com")}}
        << true;
    QTest::newRow("no tls") << QStringList{QStringLiteral("--no-tls"), QStringLiteral("--db"),
                                           QStringLiteral("%DIR%/mail.sqlite")}
                            << QVariantMap{{QStringLiteral("tls/enabled"), false},
                                           {QStringLiteral("store/database"), QStringLiteral("%DIR%/mail.sqlite")}}
                            << false;
}

void ServerSettingsTest::sameValuesSameConfig()
{
    QFETCH(QStringList, flags);
    QFETCH(QVariantMap, keys);
    QFETCH(bool, tls);
    const QString dir = m_dir->path();
    QString error;
    const auto own = Smtp::TlsIdentity::loadOrCreate(dir + QStringLiteral("/own"), QStringLiteral("catcher.test"), &error);
    QVERIFY2(own, qPrintable(error));
    QFile users(dir + QStringLiteral("/users.txt"));
    QVERIFY(users.open(QIODevice::WriteOnly));
    users.write("alice:wonderland\nbob:builder\n");
    users.close();
    QFile relayPassword(dir + QStringLiteral("/relay-password"));
    QVERIFY(relayPassword.open(QIODevice::WriteOnly));
    relayPassword.write("s3cret\n");
    relayPassword.close();
    for (QString &flag : flags)
        flag.replace(QLatin1String("%DIR%"), dir);
    for (QVariant &value : keys) {
        if (value.typeId() == QMetaType::QString)
            value = value.toString().replace(QLatin1String("%DIR%"), dir);
    }

    const auto fromServe = fromFlags(flags, &error);
    QVERIFY2(fromServe, qPrintable(error));
    const ServerSettings fromWindow = fromKeys(keys);
    QVERIFY(*fromServe == fromWindow);
    const auto serveConfig = fromServe->captureConfig(&error);
    QVERIFY2(serveConfig, qPrintable(error));
    const auto windowConfig = fromWindow.captureConfig(&error);
    QVERIFY2(windowConfig, qPrintable(error));
    compareConfigs(*serveConfig, *windowConfig);

    QCOMPARE(windowConfig->server.tls.has_value(), tls);
    QCOMPARE(windowConfig->databasePath, dir + QStringLiteral("/mail.sqlite"));
    if (!tls)
        return;
    // The values themselves, not only their agreement.
    QCOMPARE(windowConfig->server.listen.size(), 2);
    QCOMPARE(windowConfig->server.listen[1].toString(), QStringLiteral("[::1]:2526"));
    QCOMPARE(windowConfig->server.implicitTls.size(), 1);
    QVERIFY(windowConfig->server.implicitTls[0].implicitTls);
    QCOMPARE(windowConfig->server.implicitTls[0].port, quint16(2465));
    QCOMPARE(windowConfig->server.tls->certificate, own->certificate);
    QVERIFY(!windowConfig->server.tls->generated);
    const Smtp::ProtocolConfig &p = windowConfig->server.protocol;
    QCOMPARE(p.hostname, QByteArray("catcher.test"));
    QCOMPARE(p.limits.maxMessageSize, qint64(1234567));
    QCOMPARE(p.limits.maxRecipients, 7);
    QCOMPARE(p.limits.maxLineLength, 1000);
    QCOMPARE(p.limits.idleTimeoutMs, 42000);
    QCOMPARE(p.limits.maxConnections, 9);
    QVERIFY(p.requireTls && p.requireAuth && p.authRequiresTls && p.recordPasswords);
    QVERIFY(p.users.check({{}, "alice", "wonderland", {}}, {}));
    QVERIFY(!p.users.check({{}, "alice", "builder", {}}, {}));
    QCOMPARE(windowConfig->durability, Store::Writer::Durability::Normal);
    QVERIFY(windowConfig->retention == (Capture::Retention{100, 7, 1048576}));
    Smtp::RelayConfig relay;
    relay.server = {QStringLiteral("smtp.example.com"), 587};
    relay.security = Smtp::TransportSecurity::StartTls;
    relay.user = "relayer";
    relay.password = "s3cret"; // the file's first line, without its line break
    relay.allowedRecipients = QStringLiteral("@example\\.com$");
    relay.returnPath = "bounces@example.com";
    QVERIFY(windowConfig->relay == relay);
}

void ServerSettingsTest::legacyKeysStayReadable()
{
    // As the window saved them before TLS and AUTH were settings.
    const ServerSettings s = fromKeys({{QStringLiteral("limits/idleTimeoutMs"), 42000},
                                       {QStringLiteral("store/fullDurability"), false},
                                       {QStringLiteral("store/maxMessages"), 12}});
    QCOMPARE(s.limits.idleTimeoutMs, 42000);
    QCOMPARE(s.durability, Store::Writer::Durability::Normal);
    QCOMPARE(s.retention.maxMessages, qint64(12));
    // The current key wins over the legacy one, and saving drops the legacy key.
    const QString path = m_dir->filePath(QStringLiteral("legacy.ini"));
    QSettings settings(path, QSettings::IniFormat);
    settings.setValue(QStringLiteral("store/fullDurability"), false);
    settings.setValue(QStringLiteral("store/durability"), QStringLiteral("full"));
    QCOMPARE(ServerSettings::load(settings).durability, Store::Writer::Durability::Full);
    ServerSettings::load(settings).save(settings);
    QVERIFY(!settings.contains(QStringLiteral("store/fullDurability")));
    QCOMPARE(settings.value(QStringLiteral("store/durability")).toString(), QStringLiteral("full"));
}

void ServerSettingsTest::saveAndLoadRoundTrip()
{
    ServerSettings s;
    s.listen = {QStringLiteral("127.0.0.1:2525")};
    s.implicitTls = {QStringLiteral("127.0.0.1:2465"), QStringLiteral("[::1]:2465")};
    s.hostname = QStringLiteral("round.trip");
    s.limits.maxMessageSize = 999999;
    s.limits.idleTimeoutMs = 7000;
    s.tls = false;
    s.tlsCertificate = QStringLiteral("/c.pem");
    s.tlsKey = QStringLiteral("/k.pem");
    s.requireTls = true;
    s.authUsers = QStringLiteral("/users");
    s.requireAuth = true;
    s.authTlsOnly = true;
    s.recordPasswords = true;
    s.durability = Store::Writer::Durability::Normal;
    s.databasePath = QStringLiteral("/db.sqlite");
    s.retention = {5, 6, 7};
    s.relay = {QStringLiteral("relay.example:2525"), false, true, QStringLiteral("u"), QStringLiteral("/pw"),
               QStringLiteral("^a@"), QStringLiteral("r@example.com")};
    const QString path = m_dir->filePath(QStringLiteral("round.ini"));
    {
        QSettings write(path, QSettings::IniFormat);
        s.save(write);
    }
    QSettings read(path, QSettings::IniFormat);
    QString error;
    const ServerSettings back = ServerSettings::load(read, &error);
    QCOMPARE(error, QString());
    QVERIFY(back == s);
    QCOMPARE(back.implicitTls, s.implicitTls);
    QVERIFY(back.retention == s.retention);
    QVERIFY(back.relay == s.relay);
}

void ServerSettingsTest::badFlags_data()
{
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QString>("error");
    QTest::newRow("address") << QStringList{QStringLiteral("--smtp"), QStringLiteral("nonsense")}
                             << QStringLiteral("--smtp nonsense is not ADDR:PORT (examples: 127.0.0.1:1025, [::1]:1025, :1025)");
    QTest::newRow("smtps address") << QStringList{QStringLiteral("--smtps"), QStringLiteral("::1:25")}
                                   << QStringLiteral("--smtps ::1:25 is not ADDR:PORT (example: 127.0.0.1:1465)");
    QTest::newRow("number") << QStringList{QStringLiteral("--max-recipients"), QStringLiteral("0")}
                            << QStringLiteral("--max-recipients needs a whole number from 1 to 1000000, not 0");
    QTest::newRow("age") << QStringList{QStringLiteral("--max-age"), QStringLiteral("soon")}
                         << QStringLiteral("--max-age needs a whole number from 0 to 36500, not soon");
    QTest::newRow("durability") << QStringList{QStringLiteral("--durability"), QStringLiteral("fast")}
                                << QStringLiteral("--durability must be full or normal, not fast");
    QTest::newRow("certificate alone") << QStringList{QStringLiteral("--tls-cert"), QStringLiteral("/c.pem")}
                                       << QStringLiteral("a TLS certificate file (--tls-cert) and its key file "
                                                         "(--tls-key) go together");
    QTest::newRow("tls off but required")
        << QStringList{QStringLiteral("--no-tls"), QStringLiteral("--require-tls")}
        << QStringLiteral("TLS is off (--no-tls), so it cannot be required (--require-tls) or offered on SMTPS "
                          "listeners (--smtps)");
    QTest::newRow("relay address") << QStringList{QStringLiteral("--relay-smtp"), QStringLiteral("::1:25")}
                                   << QStringLiteral("--relay-smtp ::1:25 is not HOST:PORT (example: smtp.example.com:587)");
    QTest::newRow("relay option without relay")
        << QStringList{QStringLiteral("--relay-starttls")}
        << QStringLiteral("the relay options need the relay server (--relay-smtp HOST:PORT)");
    QTest::newRow("relay STARTTLS and SMTPS")
        << QStringList{QStringLiteral("--relay-smtp"), QStringLiteral("h:25"), QStringLiteral("--relay-starttls"),
                       QStringLiteral("--relay-tls")}
        << QStringLiteral("choose STARTTLS (--relay-starttls) or implicit TLS (--relay-tls) for the relay, not both");
    QTest::newRow("relay user without password")
        << QStringList{QStringLiteral("--relay-smtp"), QStringLiteral("h:25"), QStringLiteral("--relay-user"),
                       QStringLiteral("u")}
        << QStringLiteral("the relay user (--relay-user) and its password file (--relay-password-file) go together");
    QTest::newRow("relay recipients pattern")
        << QStringList{QStringLiteral("--relay-smtp"), QStringLiteral("h:25"),
                       QStringLiteral("--relay-allowed-recipients"), QStringLiteral("(")}
        << QStringLiteral("--relay-allowed-recipients ( is not a regular expression: missing closing parenthesis");
}

void ServerSettingsTest::badFlags()
{
    QFETCH(QStringList, flags);
    QFETCH(QString, error);
    QString why;
    QVERIFY(!fromFlags(flags, &why));
    QCOMPARE(why, error);
}

void ServerSettingsTest::unreadableFiles()
{
    ServerSettings s;
    s.databasePath = m_dir->filePath(QStringLiteral("mail.sqlite"));
    s.authUsers = m_dir->filePath(QStringLiteral("missing.txt"));
    QString error;
    QVERIFY(!s.captureConfig(&error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot read the AUTH users file ") + s.authUsers), qPrintable(error));
    s.authUsers.clear();
    s.tlsCertificate = m_dir->filePath(QStringLiteral("missing-cert.pem"));
    s.tlsKey = m_dir->filePath(QStringLiteral("missing-key.pem"));
    QVERIFY(!s.captureConfig(&error));
    QVERIFY2(error.contains(s.tlsCertificate), qPrintable(error));
    s.tlsCertificate.clear();
    s.tlsKey.clear();
    s.relay.smtp = QStringLiteral("relay.example:25");
    s.relay.user = QStringLiteral("u");
    s.relay.passwordFile = m_dir->filePath(QStringLiteral("missing-password"));
    QVERIFY(!s.captureConfig(&error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot read the relay password file ") + s.relay.passwordFile), qPrintable(error));
}

void ServerSettingsTest::restartIsNeededForServerSettingsOnly()
{
    const ServerSettings before;
    ServerSettings after = before;
    after.retention.maxAgeDays = 3;
    QVERIFY(!after.needsRestart(before));
    after.relay.smtp = QStringLiteral("relay.example:25");
    QVERIFY(!after.needsRestart(before));
    after.requireAuth = true;
    QVERIFY(after.needsRestart(before));
    after = before;
    after.databasePath = before.effectiveDatabasePath(); // the default, spelled out
    QVERIFY(!after.needsRestart(before));
}

QTEST_GUILESS_MAIN(ServerSettingsTest)
#include "tst_serversettings.moc"
