#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// `mailscope sendmail`: the command line as PHP, cron and mail programs use sendmail's, and
// the message as it is read from standard input.
namespace Cli::Sendmail {

// sysexits.h, as sendmail uses them.
enum Exit { ExOk = 0, ExUsage = 64, ExDataErr = 65, ExNoInput = 66, ExUnavailable = 69, ExSoftware = 70,
            ExTempFail = 75 };

struct Options
{
    QString server = QStringLiteral("localhost:1025");
    std::optional<QByteArray> sender;   // -f / -r; unset: the login user at this host
    bool recipientsFromHeaders = false; // -t
    bool dotEndsInput = true;           // -i / -oi turn it off
    bool smtpOnStdio = false;           // -bs
    bool verbose = false;               // -v
    bool help = false;
    QList<QByteArray> recipients;       // from the arguments
};

// Parses sendmail's flags (getopt style: grouped switches, values attached or separate) and
// the long --smtp-addr and --help. nullopt with one sentence on a flag it does not know.
std::optional<Options> parseArguments(const QStringList &arguments, QString *error);

QString helpText();

// Addresses in an argument or a header value: "a@x, B <b@y>" gives a@x and b@y.
QList<QByteArray> addressesIn(const QByteArray &text);

// What standard input holds, up to a line with a lone dot when dotEndsInput, with every bare
// LF made CRLF (as SMTP needs; PHP's mail() writes LF).
QByteArray messageFromInput(const QByteArray &input, bool dotEndsInput);

// With -t: the To, Cc and Bcc recipients, and the message without its Bcc fields.
struct HeaderRecipients
{
    QList<QByteArray> recipients;
    QByteArray message;
};
HeaderRecipients takeHeaderRecipients(const QByteArray &message);

QByteArray defaultSender(); // login@hostname

} // namespace Cli::Sendmail
