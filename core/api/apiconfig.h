#pragma once

#include "smtp/listenaddress.h"

#include <QByteArrayList>
#include <QList>
#include <QString>

#include <optional>

namespace Capture {
struct ServerSettings;
}

namespace Api {

// How the HTTP front end listens and whom it lets in, built from the shared server settings.
struct ApiConfig
{
    QList<Smtp::ListenAddress> addresses;  // empty: no HTTP
    QString authFile;                      // htpasswd; empty: no authentication
    QByteArrayList corsOrigins;
    bool insecure = false;                 // off loopback without an auth file, on purpose
    QString spamAssassin;                  // HOST:PORT of spamd; empty: no sa-check

    // nullopt with the settings' problem() when they cannot be served (a bad address, or an
    // address off loopback without an auth file and without --http-insecure).
    static std::optional<ApiConfig> from(const Capture::ServerSettings &settings, QString *error);
};

} // namespace Api
