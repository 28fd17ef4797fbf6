#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

namespace Faults {
struct Hooks;
struct Plan;
} // namespace Faults

// Shared pieces of the command-line front end.
namespace Cli {

enum ExitCode { Ok = 0, Failure = 1, Usage = 2 };

void addDatabaseOption(QCommandLineParser &parser);
QString databasePath(const QCommandLineParser &parser);

// Parses args (the subcommand's own, with the program name first); prints help on --help
// and a one-line error on bad usage. Returns false when the caller should exit with *code.
bool parse(QCommandLineParser &parser, const QStringList &args, int *code);

// Text from the network (a Subject, a HELO name) never reaches the terminal raw: control
// characters, which could retitle the window, clear the screen or write the clipboard, are
// shown as \x1b (C0 and DEL) or \u009b (C1). Layout::Keep keeps newlines and tabs, for text
// Mailscope lays out itself; Layout::Escape escapes them too, for one field of a line.
enum class Layout { Keep, Escape };
QString terminalSafe(QStringView text, Layout layout);

int fail(const QString &message, int code = Failure); // "mailscope: <message>" on stderr, made safe
void out(const QString &text);                         // a line on stdout, made safe (Layout::Keep)
// A message's bytes: exactly as stored into a file or pipe; on a terminal, control octets other
// than CR, LF and tab are shown as \x1b.
void outBytes(const QByteArray &bytes);
void outJson(const QByteArray &json); // JSON with DEL and C1 controls as \u escapes

bool parseId(const QString &text, qint64 *id);

int serve(const QStringList &args);
int list(const QStringList &args);
int show(const QStringList &args);
int exportMessage(const QStringList &args);
int import(const QStringList &args);
int clear(const QStringList &args);
int parse(const QStringList &args); // a message file, without a server
int faults(const QStringList &args);
int sendmail(const QStringList &args); // also what a link named sendmail runs
int version(); // mailscope --version: versions run with, database and settings files

// serve's fault options (faultscommand.cpp). apply returns 0 or the exit code after saying
// what was wrong; *watchedFile is set when the plan comes from a file.
void addFaultOptions(QCommandLineParser &parser);
int applyFaultOptions(const QCommandLineParser &parser, Faults::Hooks *hooks, QString *watchedFile);
void printFaultPlan(const Faults::Plan &plan);

} // namespace Cli
