#include "cli.h"

#include "appsettings.h"
#include "mime/gmimesupport.h"
#include "store/database.h"

#include <QSettings>
#include <QSslSocket>

namespace Cli {

// What a bug report needs: the libraries as loaded at run time, which may differ from those
// built against, and the files this user's Mailscope reads.
int version()
{
    const QString tls = QSslSocket::supportsSsl()
        ? QSslSocket::sslLibraryVersionString() + QStringLiteral(" (Qt TLS backend: ") + QSslSocket::activeBackend()
              + QLatin1Char(')')
        : QStringLiteral("none (no Qt TLS backend loaded; STARTTLS and SMTPS are off)");
    const std::unique_ptr<QSettings> settings = Ui::openSettingsFile();
    const QString windowDatabase = Ui::AppSettings::load(*settings).effectiveDatabasePath();
    QStringList lines{
        QStringLiteral("mailscope " MAILSCOPE_VERSION),
        QStringLiteral("Qt:        ") + QString::fromLatin1(qVersion()),
        QStringLiteral("GMime:     ") + Mime::gmimeVersion(),
        QStringLiteral("SQLite:    ") + Store::sqliteVersion(),
        QStringLiteral("TLS:       ") + tls,
        QStringLiteral("Database:  ") + Store::defaultDatabasePath() + QStringLiteral(" (unless --db names another)"),
        QStringLiteral("Settings:  ") + settings->fileName(),
    };
    if (windowDatabase != Store::defaultDatabasePath())
        lines.append(QStringLiteral("Window:    ") + windowDatabase + QStringLiteral(" (the database its Settings name)"));
    out(lines.join(QLatin1Char('\n')));
    return Ok;
}

} // namespace Cli
