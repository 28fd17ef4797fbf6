#pragma once

#include "smtp/relay.h"

#include <QString>

#include <optional>

namespace Capture {

using RelayConfig = Smtp::RelayConfig;

// The relay that releasing a stored message sends it through, as the user wrote it (serve's
// --relay-* flags, the window's relay/* keys). Off while smtp is empty.
struct RelaySettings
{
    QString smtp;                // HOST:PORT
    bool startTls = false;       // STARTTLS required
    bool tls = false;            // implicit TLS (SMTPS)
    QString user;                // AUTH when not empty
    QString passwordFile;        // its first line is the password
    QString allowedRecipients;   // a regular expression; empty: any recipient
    QString returnPath;          // the envelope sender of released messages; empty: the stored one

    bool operator==(const RelaySettings &) const = default;

    // What is wrong without reading a file: one sentence, or empty.
    QString problem() const;
    // The relay's configuration (disabled when smtp is empty), reading the password file; or
    // nullopt with one sentence.
    std::optional<RelayConfig> config(QString *error) const;
};

} // namespace Capture
