#include "apiconfig.h"

#include "capture/serversettings.h"

namespace Api {

std::optional<ApiConfig> ApiConfig::from(const Capture::ServerSettings &settings, QString *error)
{
    if (const QString problem = settings.problem(); !problem.isEmpty()) {
        *error = problem;
        return std::nullopt;
    }
    ApiConfig config;
    config.authFile = settings.httpAuthFile;
    config.insecure = settings.httpInsecure;
    config.spamAssassin = settings.spamAssassin;
    for (const QString &origin : settings.httpCors)
        config.corsOrigins.append(origin.toUtf8());
    if (settings.httpEnabled) {
        for (const QString &text : settings.http)
            config.addresses.append(*Smtp::ListenAddress::parse(text.trimmed()));
    }
    return config;
}

} // namespace Api
