#pragma once

#include "captureservice.h"
#include "relaysettings.h"

#include <QCommandLineOption>
#include <QStringList>

#include <optional>

class QCommandLineParser;
class QSettings;

namespace Capture {

// Every setting of the SMTP server and its store, with one name and one default, shared by
// `mailscope serve` (flags) and the window (QSettings). The table in serversettings.cpp maps
// each flag to its QSettings key; a key holds what its flag takes. Values stay as the user
// wrote them (addresses as text, files as paths) until captureConfig() builds the service's
// Capture::Config, which is where the TLS identity is made or read and the users file read.
struct ServerSettings
{
    QStringList listen{QStringLiteral("127.0.0.1:1025")};
    QStringList implicitTls;                 // SMTPS listeners (RFC 8314), none by default
    QString hostname = QStringLiteral("mailscope.localhost");
    Smtp::Limits limits;
    bool tls = true;                         // STARTTLS (and SMTPS) offered
    QString tlsCertificate;                  // both empty: a self-signed certificate beside the database
    QString tlsKey;
    bool requireTls = false;
    QString authUsers;                       // a user:password file; empty: any credentials are accepted
    bool requireAuth = false;
    bool authTlsOnly = false;
    bool recordPasswords = false;            // AUTH lines kept with their passwords (revealable)
    Store::Writer::Durability durability = Store::Writer::Durability::Full;
    QString databasePath;                    // empty: the default location
    Retention retention;
    qint64 minFreeSpace = qint64(1) << 30;   // below this at the database's folder, new mail gets 452 4.3.1
    // The HTTP API (Api::ApiConfig reads these).
    QStringList http{QStringLiteral("127.0.0.1:8025")};
    bool httpEnabled = true;
    QString httpAuthFile;                    // htpasswd; empty: no authentication (loopback only)
    QStringList httpCors;                    // origins a browser page may call the API from, or "*"
    bool httpInsecure = false;               // serve off loopback without an auth file
    QString spamAssassin;                    // spamd's HOST:PORT for sa-check; empty: off
    RelaySettings relay;                     // releasing stored messages; off by default

    bool operator==(const ServerSettings &) const = default;

    // serve's options, with their help; fromArguments() reads those the user gave over the
    // defaults, or returns nullopt with one sentence naming the bad flag and value.
    static void addOptions(QCommandLineParser &parser);
    static std::optional<ServerSettings> fromArguments(const QCommandLineParser &parser, QString *error);
    static QCommandLineOption databaseOption();

    // A value that cannot be read keeps its default; *error (when given) names the first.
    static ServerSettings load(const QSettings &settings, QString *error = nullptr);
    void save(QSettings &settings) const;

    QString effectiveDatabasePath() const;
    // What is wrong without touching a file (a bad address, a certificate without its key,
    // TLS off but required): one sentence, or empty.
    QString problem() const;
    // The service configuration, or nullopt with one sentence saying what was wrong. Makes
    // the self-signed certificate on first use; reads the certificate, key and users files.
    std::optional<Config> captureConfig(QString *error) const;
    // True when going from other to this needs the listener (and store) restarted; retention
    // and the relay and the HTTP API's settings apply without one.
    bool needsRestart(const ServerSettings &other) const;
    // True when the HTTP API must start again: anything but retention changed.
    bool needsApiRestart(const ServerSettings &other) const;

private:
    void withoutHttp(); // the HTTP settings back to their defaults
};

} // namespace Capture
