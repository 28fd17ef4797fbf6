#include "cli.h"

#include "capture/serversettings.h"
#include "store/database.h"

#include <cstdio>
#include <unistd.h>

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

namespace {

bool isControl(char32_t c)
{
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
}

void write(FILE *stream, const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, bytes.size(), stream);
    std::fflush(stream);
}

} // namespace

QString terminalSafe(QStringView text, Layout layout)
{
    QString safe;
    safe.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const bool kept = layout == Layout::Keep && (u == u'\n' || u == u'\t');
        if (!isControl(u) || kept)
            safe.append(c);
        else if (u < 0x80)
            safe.append(QStringLiteral("\\x%1").arg(int(u), 2, 16, QLatin1Char('0')));
        else
            safe.append(QStringLiteral("\\u%1").arg(int(u), 4, 16, QLatin1Char('0')));
    }
    return safe;
}

int fail(const QString &message, int code)
{
    write(stderr, "mailscope: " + terminalSafe(message, Layout::Keep).toUtf8() + '\n');
    return code;
}

void out(const QString &text)
{
    write(stdout, terminalSafe(text, Layout::Keep).toUtf8() + '\n');
}

void outBytes(const QByteArray &bytes)
{
    if (!::isatty(STDOUT_FILENO)) {
        write(stdout, bytes); // a file or a pipe gets the bytes as they are
        return;
    }
    QByteArray safe;
    safe.reserve(bytes.size());
    for (const char c : bytes) {
        const uchar u = uchar(c);
        if (u < 0x80 && isControl(u) && c != '\r' && c != '\n' && c != '\t')
            safe.append(QByteArrayLiteral("\\x") + QByteArray::number(u, 16).rightJustified(2, '0'));
        else
            safe.append(c);
    }
    write(stdout, safe);
}

void outJson(const QByteArray &json)
{
    // JSON escapes C0 controls itself; DEL and the C1 controls it leaves raw, so they get the
    // \u form that means the same character.
    QString text = QString::fromUtf8(json);
    QString safe;
    safe.reserve(text.size());
    for (const QChar c : text) {
        if (isControl(c.unicode()) && c.unicode() >= 0x20)
            safe.append(QStringLiteral("\\u%1").arg(int(c.unicode()), 4, 16, QLatin1Char('0')));
        else
            safe.append(c);
    }
    write(stdout, safe.toUtf8());
}

bool parseId(const QString &text, qint64 *id)
{
    bool ok = false;
    *id = text.toLongLong(&ok);
    return ok && *id > 0;
}

} // namespace Cli
