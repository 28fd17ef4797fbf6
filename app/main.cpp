#include "cli.h"

#include "mainwindow.h"
#include "views/previewengine.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFileInfo>
#include <QMap>

#include <functional>

namespace {

using Command = std::function<int(const QStringList &)>;

const QMap<QString, Command> &commands()
{
    static const QMap<QString, Command> map{
        {QStringLiteral("serve"), Cli::serve},   {QStringLiteral("list"), Cli::list},
        {QStringLiteral("show"), Cli::show},     {QStringLiteral("export"), Cli::exportMessage},
        {QStringLiteral("import"), Cli::import}, {QStringLiteral("clear"), Cli::clear},
        {QStringLiteral("parse"), static_cast<int (*)(const QStringList &)>(Cli::parse)},
        {QStringLiteral("faults"), Cli::faults},   {QStringLiteral("sendmail"), Cli::sendmail},
    };
    return map;
}

const char kUsage[] =
    "Usage: mailscope [COMMAND] [OPTIONS]\n"
    "\n"
    "An SMTP test and debugging server: it accepts every message, stores the exact bytes and\n"
    "the whole SMTP session, and never relays. Without a command it opens the window.\n"
    "\n"
    "Commands:\n"
    "  gui       Open the window (the default when there is a display); --record-passwords\n"
    "            turns on Record passwords in its settings\n"
    "  serve     Run the SMTP server without a window\n"
    "  list      List stored messages or sessions\n"
    "  show      Show one stored message (--raw, --transcript, --json)\n"
    "  export    Write one stored message to a file\n"
    "  import    Store .eml and mbox files\n"
    "  clear     Delete every stored message and session\n"
    "  parse     Print the headers, MIME parts and diagnostics of a message file\n"
    "  faults    List fault presets, check and explain a fault plan\n"
    "  sendmail  Deliver a message from standard input to Mailscope, as sendmail does\n"
    "            (also what a link to mailscope named sendmail or mailscope-sendmail runs)\n"
    "\n"
    "`mailscope COMMAND --help` describes each command's options; `mailscope --version` prints the\n"
    "versions of Mailscope and the libraries it runs with, and where its database and settings are.";

const char kGuiUsage[] =
    "Usage: mailscope gui [Qt options]\n"
    "\n"
    "Opens the window and starts listening with the saved settings (the default when no command is\n"
    "given and a display is available). Its settings are edited in its Settings dialog.\n"
    "\n"
    "Options:\n"
    "  -h, --help  Displays this help.\n"
    "\n"
    "The Qt toolkit's own options apply too, e.g. -platform offscreen, -style Fusion or -reverse.";

// `mailscope gui --help` is answered on the terminal: the window never opens for it.
bool asksForHelp(int argc, char *argv[], int from)
{
    for (int i = from; i < argc; ++i) {
        const QByteArrayView arg(argv[i]);
        if (arg == "--help" || arg == "-h" || arg == "--help-all")
            return true;
    }
    return false;
}

void setIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral("mailscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MAILSCOPE_VERSION));
}

// The names a link to the binary runs sendmail under: `sendmail` where no MTA owns it, and
// `mailscope-sendmail`, which the package installs beside `mailscope`.
bool runsAsSendmail(const QString &programName)
{
    return programName == QLatin1String("sendmail") || programName == QLatin1String("mailscope-sendmail");
}

} // namespace

int main(int argc, char *argv[])
{
    // Qt's own event dispatcher: the GLib one costs several locks per event, which shows when
    // thousands of messages a second cross threads.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    if (argc > 0 && runsAsSendmail(QFileInfo(QString::fromLocal8Bit(argv[0])).fileName())) {
        QCoreApplication app(argc, argv); // sendmail's flags, all of them
        setIdentity();
        return Cli::sendmail(app.arguments());
    }
    const QString first = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
        Cli::out(QString::fromLatin1(kUsage));
        return Cli::Ok;
    }
    if (first == QLatin1String("--version")) {
        QCoreApplication app(argc, argv);
        setIdentity();
        return Cli::version();
    }
    if (commands().contains(first)) {
        QCoreApplication app(argc, argv);
        setIdentity();
        QStringList args = app.arguments();
        args.removeAt(1); // the subcommand; QCommandLineParser wants the program name first
        args[0] = QStringLiteral("mailscope ") + first;
        return commands().value(first)(args);
    }
    if (!first.isEmpty() && first != QLatin1String("gui") && !first.startsWith(QLatin1Char('-')))
        return Cli::fail(QStringLiteral("unknown command \"%1\" (see mailscope --help)").arg(first), Cli::Usage);
    if (asksForHelp(argc, argv, first == QLatin1String("gui") ? 2 : 1)) {
        Cli::out(QString::fromLatin1(kGuiUsage));
        return Cli::Ok;
    }

    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        return Cli::fail(QStringLiteral("no display to open the window on; run `mailscope serve` for the headless server"));
    Ui::PreviewEngine::prepare(); // before the application object, as Qt WebEngine needs
    QApplication app(argc, argv);
    setIdentity();
    return Ui::runMainWindow(app, app.arguments().contains(QStringLiteral("--record-passwords")));
}
