#include "serversettings.h"

#include "smtp/sasl.h"
#include "store/database.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QSettings>

namespace Capture {

namespace {

enum class Id {
    Listen, Smtps, Hostname, MaxMessageSize, MaxRecipients, MaxLineLength, IdleTimeout, MaxConnections,
    Tls, TlsCertificate, TlsKey, RequireTls, AuthUsers, RequireAuth, AuthTlsOnly, RecordPasswords,
    Durability, Database, MaxMessages, MaxAge, MaxTotalSize, MinFreeSpace,
    Http, NoHttp, HttpAuthFile, HttpCors, HttpInsecure, SpamAssassin,
    RelaySmtp, RelayStartTls, RelayTls, RelayUser, RelayPasswordFile, RelayAllowedRecipients, RelayReturnPath,
};

enum class Kind { Text, List, Strings, Number, Switch };

// One row per setting: serve's flag and the window's QSettings key. A key holds what its flag
// takes (a switch: true when given; --no-tls is the one switch that turns its value off).
// legacyKey is read when the key is absent, from settings saved before the key existed.
struct Setting
{
    Id id;
    Kind kind;
    const char *flag;
    const char *key;
    const char *valueName;
    const char *help;     // %1: the default
    qint64 min = 0;       // Number: the range the flag accepts
    qint64 max = 0;
    const char *legacyKey = nullptr;
};

constexpr qint64 kTiB = qint64(1) << 40;

const Setting kSettings[] = {
    {Id::Listen, Kind::List, "smtp", "server/listen", "ADDR:PORT",
     "Address and port to listen on, e.g. 127.0.0.1:1025, [::1]:1025, :1025 (all addresses). Repeat for several. "
     "Default 127.0.0.1:1025."},
    {Id::Smtps, Kind::List, "smtps", "server/smtps", "ADDR:PORT",
     "Also listen for implicit TLS (SMTPS, RFC 8314) on ADDR:PORT, e.g. 127.0.0.1:1465. Repeat for several."},
    {Id::Hostname, Kind::Text, "hostname", "server/hostname", "NAME",
     "Name in the greeting and EHLO reply (default %1)."},
    {Id::MaxMessageSize, Kind::Number, "max-message-size", "limits/maxMessageSize", "OCTETS",
     "Largest message in octets (default %1).", 1, kTiB},
    {Id::MaxRecipients, Kind::Number, "max-recipients", "limits/maxRecipients", "N",
     "Recipients per message (default %1).", 1, 1000000},
    {Id::MaxLineLength, Kind::Number, "max-line-length", "limits/maxLineLength", "OCTETS",
     "Longest command line in octets, CRLF included (default %1).", 64, 1 << 20},
    {Id::IdleTimeout, Kind::Number, "idle-timeout", "limits/idleTimeout", "SECONDS",
     "Seconds a client may stay silent (default %1).", 1, 86400, "limits/idleTimeoutMs"},
    {Id::MaxConnections, Kind::Number, "max-connections", "limits/maxConnections", "N",
     "Concurrent connections (default %1).", 1, 100000},
    {Id::Tls, Kind::Switch, "no-tls", "tls/enabled", nullptr, "Offer neither STARTTLS nor SMTPS."},
    {Id::TlsCertificate, Kind::Text, "tls-cert", "tls/certificate", "FILE",
     "PEM certificate (chain) to present; with --tls-key. Default: a self-signed certificate made on first use "
     "beside the database."},
    {Id::TlsKey, Kind::Text, "tls-key", "tls/key", "FILE", "PEM private key of --tls-cert."},
    {Id::RequireTls, Kind::Switch, "require-tls", "tls/require", nullptr, "Refuse MAIL before STARTTLS (530 5.7.0)."},
    {Id::AuthUsers, Kind::Text, "auth-users", "auth/users", "FILE",
     "Check AUTH against this file, one user:password a line (default: any credentials are accepted)."},
    {Id::RequireAuth, Kind::Switch, "require-auth", "auth/require", nullptr, "Refuse MAIL before AUTH (530 5.7.0)."},
    {Id::AuthTlsOnly, Kind::Switch, "auth-tls-only", "auth/tlsOnly", nullptr,
     "Offer AUTH only after STARTTLS, as production servers do."},
    {Id::RecordPasswords, Kind::Switch, "record-passwords", "auth/recordPasswords", nullptr,
     "Keep the AUTH lines clients send as they were, passwords included, so that they can be revealed later "
     "(default: only the mechanism, the user and the password's length are kept)."},
    {Id::Durability, Kind::Text, "durability", "store/durability", "full|normal",
     "full (default): every acknowledged message survives a power loss; normal: survives a crash of Mailscope, "
     "faster on slow disks.", 0, 0, "store/fullDurability"},
    {Id::Database, Kind::Text, "db", "store/database", "PATH", "SQLite database to use (default: %1)."},
    {Id::MaxMessages, Kind::Number, "max-messages", "store/maxMessages", "N",
     "Keep at most N messages; the oldest are deleted with their sessions (default 0: no limit).", 0,
     qint64(1) << 40},
    {Id::MaxAge, Kind::Number, "max-age", "store/maxAgeDays", "DAYS",
     "Delete messages older than DAYS days (default 0: no limit).", 0, 36500},
    {Id::MaxTotalSize, Kind::Number, "max-total-size", "store/maxTotalSize", "OCTETS",
     "Keep at most this many octets of messages, deleting the oldest (default 0: no limit).", 0, qint64(1) << 50},
    {Id::MinFreeSpace, Kind::Number, "min-free-space", "store/minFreeSpace", "OCTETS",
     "Refuse new mail (452 4.3.1 at MAIL) while the database's folder has less free disk space than this "
     "(default %1, 1 GiB; 0: never).", 0, qint64(1) << 50},
    {Id::Http, Kind::List, "http", "http/listen", "ADDR:PORT",
     "Serve the HTTP API (Mailpit's API v1 and Mailscope's own) on ADDR:PORT. Repeat for several. "
     "Default 127.0.0.1:8025."},
    {Id::NoHttp, Kind::Switch, "no-http", "http/enabled", nullptr, "Serve no HTTP API."},
    {Id::HttpAuthFile, Kind::Text, "http-auth-file", "http/authFile", "FILE",
     "Require HTTP Basic authentication for the API, checked against this htpasswd file (bcrypt as written by "
     "htpasswd -B, or SHA-crypt). Required when the API listens off loopback."},
    {Id::HttpCors, Kind::Strings, "http-cors", "http/cors", "ORIGIN",
     "Let browser pages from ORIGIN call the API (CORS), e.g. http://localhost:3000, or * for any. Repeat for several."},
    {Id::HttpInsecure, Kind::Switch, "http-insecure", "http/insecure", nullptr,
     "Serve the API off loopback without an auth file: anyone who can reach it reads every message."},
    {Id::SpamAssassin, Kind::Text, "spamassassin", "http/spamAssassin", "HOST:PORT",
     "Check messages with SpamAssassin's spamd at HOST:PORT for the API's sa-check (default: off)."},
    {Id::RelaySmtp, Kind::Text, "relay-smtp", "relay/smtp", "HOST:PORT",
     "Release stored messages to real recipients through this SMTP server (default: releasing is off)."},
    {Id::RelayStartTls, Kind::Switch, "relay-starttls", "relay/startTls", nullptr,
     "Require STARTTLS with the relay server."},
    {Id::RelayTls, Kind::Switch, "relay-tls", "relay/tls", nullptr, "Speak implicit TLS (SMTPS) to the relay server."},
    {Id::RelayUser, Kind::Text, "relay-user", "relay/user", "USER",
     "Authenticate to the relay server as USER (AUTH PLAIN or LOGIN); with --relay-password-file."},
    {Id::RelayPasswordFile, Kind::Text, "relay-password-file", "relay/passwordFile", "FILE",
     "File whose first line is the relay user's password."},
    {Id::RelayAllowedRecipients, Kind::Text, "relay-allowed-recipients", "relay/allowedRecipients", "REGEX",
     "Release only to recipients matching this regular expression, case-insensitive, e.g. @example\\.com$ "
     "(default: any)."},
    {Id::RelayReturnPath, Kind::Text, "relay-return-path", "relay/returnPath", "ADDR",
     "Envelope sender of released messages (default: the stored message's)."},
};

QString durabilityName(Store::Writer::Durability d)
{
    return d == Store::Writer::Durability::Full ? QStringLiteral("full") : QStringLiteral("normal");
}

// The value as its flag spells it and its key holds it.
QVariant get(const ServerSettings &s, Id id)
{
    switch (id) {
    case Id::Listen: return s.listen;
    case Id::Smtps: return s.implicitTls;
    case Id::Hostname: return s.hostname;
    case Id::MaxMessageSize: return s.limits.maxMessageSize;
    case Id::MaxRecipients: return s.limits.maxRecipients;
    case Id::MaxLineLength: return s.limits.maxLineLength;
    case Id::IdleTimeout: return s.limits.idleTimeoutMs / 1000;
    case Id::MaxConnections: return s.limits.maxConnections;
    case Id::Tls: return s.tls;
    case Id::TlsCertificate: return s.tlsCertificate;
    case Id::TlsKey: return s.tlsKey;
    case Id::RequireTls: return s.requireTls;
    case Id::AuthUsers: return s.authUsers;
    case Id::RequireAuth: return s.requireAuth;
    case Id::AuthTlsOnly: return s.authTlsOnly;
    case Id::RecordPasswords: return s.recordPasswords;
    case Id::Durability: return durabilityName(s.durability);
    case Id::Database: return s.databasePath;
    case Id::MaxMessages: return s.retention.maxMessages;
    case Id::MaxAge: return s.retention.maxAgeDays;
    case Id::MaxTotalSize: return s.retention.maxTotalSize;
    case Id::MinFreeSpace: return s.minFreeSpace;
    case Id::Http: return s.http;
    case Id::NoHttp: return s.httpEnabled;
    case Id::HttpAuthFile: return s.httpAuthFile;
    case Id::HttpCors: return s.httpCors;
    case Id::HttpInsecure: return s.httpInsecure;
    case Id::SpamAssassin: return s.spamAssassin;
    case Id::RelaySmtp: return s.relay.smtp;
    case Id::RelayStartTls: return s.relay.startTls;
    case Id::RelayTls: return s.relay.tls;
    case Id::RelayUser: return s.relay.user;
    case Id::RelayPasswordFile: return s.relay.passwordFile;
    case Id::RelayAllowedRecipients: return s.relay.allowedRecipients;
    case Id::RelayReturnPath: return s.relay.returnPath;
    }
    return {};
}

QString addressProblem(const QString &name, const QString &value, Id id)
{
    return QStringLiteral("%1 %2 is not ADDR:PORT (%3)")
        .arg(name, value,
             id == Id::Smtps  ? QStringLiteral("example: 127.0.0.1:1465")
             : id == Id::Http ? QStringLiteral("examples: 127.0.0.1:8025, :8025")
                             : QStringLiteral("examples: 127.0.0.1:1025, [::1]:1025, :1025"));
}

// Sets one value read from a flag (name "--flag") or a key (name the key); on a bad value
// leaves s as it was and says why.
bool set(ServerSettings &s, const Setting &setting, const QVariant &value, const QString &name, QString *error)
{
    const auto refuse = [&](const QString &why) {
        *error = why;
        return false;
    };
    switch (setting.kind) {
    case Kind::List: {
        QStringList list;
        for (const QString &item : value.toStringList()) {
            if (item.trimmed().isEmpty())
                continue;
            if (!Smtp::ListenAddress::parse(item.trimmed()))
                return refuse(addressProblem(name, item, setting.id));
            list.append(item.trimmed());
        }
        if (setting.id == Id::Listen) {
            if (!list.isEmpty()) // none saved: the default
                s.listen = list;
        } else if (setting.id == Id::Http) {
            if (!list.isEmpty())
                s.http = list;
        } else {
            s.implicitTls = list;
        }
        return true;
    }
    case Kind::Strings: {
        QStringList list;
        for (const QString &item : value.toStringList()) {
            if (!item.trimmed().isEmpty())
                list.append(item.trimmed());
        }
        s.httpCors = list;
        return true;
    }
    case Kind::Number: {
        bool ok = false;
        const qint64 n = value.toString().trimmed().toLongLong(&ok);
        if (!ok || n < setting.min || n > setting.max)
            return refuse(QStringLiteral("%1 needs a whole number from %2 to %3, not %4")
                              .arg(name)
                              .arg(setting.min)
                              .arg(setting.max)
                              .arg(value.toString()));
        switch (setting.id) {
        case Id::MaxMessageSize: s.limits.maxMessageSize = n; break;
        case Id::MaxRecipients: s.limits.maxRecipients = int(n); break;
        case Id::MaxLineLength: s.limits.maxLineLength = int(n); break;
        case Id::IdleTimeout: s.limits.idleTimeoutMs = int(n * 1000); break;
        case Id::MaxConnections: s.limits.maxConnections = int(n); break;
        case Id::MaxMessages: s.retention.maxMessages = n; break;
        case Id::MaxAge: s.retention.maxAgeDays = n; break;
        case Id::MaxTotalSize: s.retention.maxTotalSize = n; break;
        case Id::MinFreeSpace: s.minFreeSpace = n; break;
        default: break;
        }
        return true;
    }
    case Kind::Switch: {
        const QString text = value.toString().trimmed().toLower();
        if (text != QLatin1String("true") && text != QLatin1String("false") && text != QLatin1String("1")
            && text != QLatin1String("0"))
            return refuse(QStringLiteral("%1 must be true or false, not %2").arg(name, value.toString()));
        const bool on = text == QLatin1String("true") || text == QLatin1String("1");
        switch (setting.id) {
        case Id::Tls: s.tls = on; break;
        case Id::RequireTls: s.requireTls = on; break;
        case Id::RequireAuth: s.requireAuth = on; break;
        case Id::AuthTlsOnly: s.authTlsOnly = on; break;
        case Id::RecordPasswords: s.recordPasswords = on; break;
        case Id::NoHttp: s.httpEnabled = on; break;
        case Id::HttpInsecure: s.httpInsecure = on; break;
        case Id::RelayStartTls: s.relay.startTls = on; break;
        case Id::RelayTls: s.relay.tls = on; break;
        default: break;
        }
        return true;
    }
    case Kind::Text: {
        const QString text = value.toString();
        switch (setting.id) {
        case Id::Hostname:
            if (text.trimmed().isEmpty())
                return refuse(QStringLiteral("%1 needs a host name for the greeting").arg(name));
            s.hostname = text.trimmed();
            break;
        case Id::Durability:
            if (text != QLatin1String("full") && text != QLatin1String("normal"))
                return refuse(QStringLiteral("%1 must be full or normal, not %2").arg(name, text));
            s.durability = text == QLatin1String("full") ? Store::Writer::Durability::Full
                                                         : Store::Writer::Durability::Normal;
            break;
        case Id::TlsCertificate: s.tlsCertificate = text; break;
        case Id::TlsKey: s.tlsKey = text; break;
        case Id::AuthUsers: s.authUsers = text; break;
        case Id::Database: s.databasePath = text; break;
        case Id::HttpAuthFile: s.httpAuthFile = text; break;
        case Id::SpamAssassin: s.spamAssassin = text.trimmed(); break;
        case Id::RelaySmtp: s.relay.smtp = text.trimmed(); break;
        case Id::RelayUser: s.relay.user = text; break;
        case Id::RelayPasswordFile: s.relay.passwordFile = text; break;
        case Id::RelayAllowedRecipients: s.relay.allowedRecipients = text; break;
        case Id::RelayReturnPath: s.relay.returnPath = text.trimmed(); break;
        default: break;
        }
        return true;
    }
    }
    return false;
}

// A legacy key's value as the current key holds it.
QVariant fromLegacy(Id id, const QVariant &value)
{
    if (id == Id::IdleTimeout)
        return (value.toLongLong() + 999) / 1000; // milliseconds
    if (id == Id::Durability)
        return value.toBool() ? QStringLiteral("full") : QStringLiteral("normal"); // fullDurability
    return value;
}

QString helpText(const Setting &setting)
{
    const QString help = QString::fromLatin1(setting.help);
    if (!help.contains(QLatin1String("%1")))
        return help;
    return setting.id == Id::Database ? help.arg(Store::defaultDatabasePath())
                                      : help.arg(get(ServerSettings{}, setting.id).toString());
}

} // namespace

void ServerSettings::addOptions(QCommandLineParser &parser)
{
    for (const Setting &setting : kSettings) {
        if (setting.id == Id::Database)
            parser.addOption(databaseOption());
        else if (setting.valueName)
            parser.addOption({QString::fromLatin1(setting.flag), helpText(setting), QString::fromLatin1(setting.valueName)});
        else
            parser.addOption({QString::fromLatin1(setting.flag), helpText(setting)});
    }
}

QCommandLineOption ServerSettings::databaseOption()
{
    for (const Setting &setting : kSettings) {
        if (setting.id == Id::Database)
            return {QString::fromLatin1(setting.flag), helpText(setting), QString::fromLatin1(setting.valueName)};
    }
    Q_UNREACHABLE();
}

std::optional<ServerSettings> ServerSettings::fromArguments(const QCommandLineParser &parser, QString *error)
{
    ServerSettings s;
    QString why;
    for (const Setting &setting : kSettings) {
        const QString flag = QString::fromLatin1(setting.flag);
        if (!parser.isSet(flag))
            continue;
        QVariant value;
        if (setting.kind == Kind::List || setting.kind == Kind::Strings)
            value = parser.values(flag);
        else if (setting.kind == Kind::Switch)
            value = setting.id != Id::Tls && setting.id != Id::NoHttp; // --no-tls, --no-http turn theirs off
        else
            value = parser.value(flag);
        if (!set(s, setting, value, QStringLiteral("--") + flag, &why))
            break;
    }
    if (why.isEmpty())
        why = s.problem();
    if (!why.isEmpty()) {
        if (error)
            *error = why;
        return std::nullopt;
    }
    return s;
}

ServerSettings ServerSettings::load(const QSettings &settings, QString *error)
{
    ServerSettings s;
    for (const Setting &setting : kSettings) {
        const QString key = QString::fromLatin1(setting.key);
        QVariant value;
        if (settings.contains(key))
            value = settings.value(key);
        else if (setting.legacyKey && settings.contains(QLatin1String(setting.legacyKey)))
            value = fromLegacy(setting.id, settings.value(QLatin1String(setting.legacyKey)));
        else
            continue;
        QString why;
        if (!set(s, setting, value, key, &why) && error && error->isEmpty())
            *error = why;
    }
    return s;
}

void ServerSettings::save(QSettings &settings) const
{
    for (const Setting &setting : kSettings) {
        settings.setValue(QString::fromLatin1(setting.key), get(*this, setting.id));
        if (setting.legacyKey)
            settings.remove(QLatin1String(setting.legacyKey));
    }
}

QString ServerSettings::effectiveDatabasePath() const
{
    return databasePath.isEmpty() ? Store::defaultDatabasePath() : databasePath;
}

QString ServerSettings::problem() const
{
    if (listen.isEmpty())
        return QStringLiteral("give at least one address and port to listen on (--smtp)");
    for (const QString &text : listen) {
        if (!Smtp::ListenAddress::parse(text.trimmed()))
            return addressProblem(QStringLiteral("listen address"), text, Id::Listen);
    }
    for (const QString &text : implicitTls) {
        if (!Smtp::ListenAddress::parse(text.trimmed()))
            return addressProblem(QStringLiteral("SMTPS address"), text, Id::Smtps);
    }
    for (const QString &text : http) {
        const auto address = Smtp::ListenAddress::parse(text.trimmed());
        if (!address)
            return addressProblem(QStringLiteral("HTTP address"), text, Id::Http);
        if (httpEnabled && !address->address.isLoopback() && httpAuthFile.isEmpty() && !httpInsecure)
            return QStringLiteral("the HTTP API on %1 would be open to other machines without a password; give "
                                  "--http-auth-file FILE (made with htpasswd -B), or --http-insecure if that is meant")
                .arg(address->toString());
    }
    if (hostname.trimmed().isEmpty())
        return QStringLiteral("give a host name for the greeting (--hostname)");
    if (tlsCertificate.isEmpty() != tlsKey.isEmpty())
        return QStringLiteral("a TLS certificate file (--tls-cert) and its key file (--tls-key) go together");
    if (!tls && (!implicitTls.isEmpty() || requireTls))
        return QStringLiteral("TLS is off (--no-tls), so it cannot be required (--require-tls) or offered on "
                              "SMTPS listeners (--smtps)");
    return relay.problem();
}

std::optional<Config> ServerSettings::captureConfig(QString *error) const
{
    const auto refuse = [error](const QString &why) -> std::optional<Config> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (const QString why = problem(); !why.isEmpty())
        return refuse(why);
    Config config;
    config.databasePath = effectiveDatabasePath();
    config.durability = durability;
    config.retention = retention;
    QString why;
    if (const auto relayConfig = relay.config(&why))
        config.relay = *relayConfig;
    else
        return refuse(why);
    Smtp::ServerConfig &server = config.server;
    server.listen.clear();
    for (const QString &text : listen)
        server.listen.append(*Smtp::ListenAddress::parse(text.trimmed()));
    for (const QString &text : implicitTls) {
        Smtp::ListenAddress address = *Smtp::ListenAddress::parse(text.trimmed());
        address.implicitTls = true;
        server.implicitTls.append(address);
    }
    server.storagePath = QFileInfo(config.databasePath).absolutePath();
    server.minFreeSpace = minFreeSpace;
    Smtp::ProtocolConfig &protocol = server.protocol;
    protocol.hostname = hostname.trimmed().toUtf8();
    protocol.limits = limits;
    protocol.requireTls = requireTls;
    protocol.requireAuth = requireAuth;
    protocol.authRequiresTls = authTlsOnly;
    protocol.recordPasswords = recordPasswords;
    if (tls) {
        server.tls = tlsCertificate.isEmpty()
            ? Smtp::TlsIdentity::loadOrCreate(QFileInfo(config.databasePath).absolutePath(), hostname.trimmed(), &why)
            : Smtp::TlsIdentity::load(tlsCertificate, tlsKey, &why);
        if (!server.tls)
            return refuse(why);
    }
    if (!authUsers.isEmpty()) {
        QFile file(authUsers);
        if (!file.open(QIODevice::ReadOnly))
            return refuse(QStringLiteral("cannot read the AUTH users file %1: %2").arg(authUsers, file.errorString()));
        const auto users = Smtp::Sasl::UserList::parse(file.readAll(), &why);
        if (!users)
            return refuse(QStringLiteral("%1: %2").arg(authUsers, why));
        protocol.users = *users;
    }
    return config;
}

void ServerSettings::withoutHttp()
{
    const ServerSettings defaults;
    http = defaults.http;
    httpEnabled = defaults.httpEnabled;
    httpAuthFile = defaults.httpAuthFile;
    httpCors = defaults.httpCors;
    httpInsecure = defaults.httpInsecure;
    spamAssassin = defaults.spamAssassin;
}

bool ServerSettings::needsApiRestart(const ServerSettings &other) const
{
    ServerSettings a = *this;
    a.retention = other.retention;
    return !(a == other) || effectiveDatabasePath() != other.effectiveDatabasePath();
}

bool ServerSettings::needsRestart(const ServerSettings &other) const
{
    ServerSettings a = *this;
    ServerSettings b = other;
    a.retention = b.retention = {};
    a.withoutHttp();
    b.withoutHttp();
    a.relay = b.relay = {};
    a.databasePath = effectiveDatabasePath();
    b.databasePath = other.effectiveDatabasePath();
    return !(a == b);
}

} // namespace Capture
