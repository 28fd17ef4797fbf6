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

int fail(const QString &message, int code = Failure); // "mailscope: <message>" on stderr
void out(const QString &text);                         // a line on stdout
void outBytes(const QByteArray &bytes);

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
