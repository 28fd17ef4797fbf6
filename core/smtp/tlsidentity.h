#pragma once

#include <QSslCertificate>
#include <QSslKey>
#include <QString>

#include <optional>

namespace Smtp {

// The certificate and key the server presents. Either the user's own files, or a self-signed
// certificate Mailscope creates once (for the hostname, localhost, 127.0.0.1 and ::1), keeps
// in its data folder and reuses, so a user can trust it in their client.
struct TlsIdentity
{
    QSslCertificate certificate;
    QSslKey key;
    QString certificatePath;
    QString keyPath;
    bool generated = false;

    static std::optional<TlsIdentity> load(const QString &certificatePath, const QString &keyPath, QString *error);
    // Reuses <folder>/mailscope-cert.pem and -key.pem when they cover hostname, else creates them.
    static std::optional<TlsIdentity> loadOrCreate(const QString &folder, const QString &hostname, QString *error);
};

} // namespace Smtp
