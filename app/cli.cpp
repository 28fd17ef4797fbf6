#include "cli.h"

#include "capture/serversettings.h"
#include "store/database.h"

#include <cstdio>

namespace Cli {

void addDatabaseOption(QCommandLineParser &parser)
{
    parser.addOption(Capture::ServerSettings::databaseOption());
}

QString databasePath(const QCommandLineParser &parser)
{
    const QString path = parser.value(QStringLiteral("db"));
    return path.isEmpty() ? Store::defaultDatabasePath() : path;
}

bool parse(QCommandLineParser &parser, const QStringList &args, int *code)
{
    parser.addHelpOption();
    if (!parser.parse(args)) {
        *code = fail(parser.errorText() + QStringLiteral(" (see --help)"), Usage);
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out(parser.helpText().trimmed());
        *code = Ok;
        return false;
    }
    return true;
}

int fail(const QString &message, int code)
{
    std::fprintf(stderr, "mailscope: %s\n", qPrintable(message));
    return code;
}

void out(const QString &text)
{
    const QByteArray bytes = text.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, bytes.size(), stdout);
    std::fflush(stdout);
}

void outBytes(const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, bytes.size(), stdout);
    std::fflush(stdout);
}

bool parseId(const QString &text, qint64 *id)
{
    bool ok = false;
    *id = text.toLongLong(&ok);
    return ok && *id > 0;
}

} // namespace Cli
