#include "sendmailoptions.h"

#include "mime/headerblock.h"
#include "mime/parsedmessage.h"

#include <QHostInfo>

#include <pwd.h>
#include <unistd.h>

namespace Cli::Sendmail {

namespace {

// Flags that take a value, attached (-fADDR) or as the next argument (-f ADDR).
constexpr QLatin1StringView kWithValue("fFrSBChLNOpRVX");
// Flags that take the rest of their argument only (-d0.1, -q30m, -Am), and switches.
constexpr QLatin1StringView kAttachedOnly("dqA");
constexpr QLatin1StringView kSwitches("nmUG"); // sendmail's other switches, ignored

QByteArray bareAddress(const QByteArray &text)
{
    QByteArray t = text.trimmed();
    const qsizetype open = t.lastIndexOf('<');
    if (open >= 0) {
        const qsizetype close = t.indexOf('>', open);
        t = t.mid(open + 1, close < 0 ? -1 : close - open - 1).trimmed();
    }
    return t;
}

} // namespace

QList<QByteArray> addressesIn(const QByteArray &text)
{
    QList<QByteArray> result;
    for (const QByteArray &part : text.split(',')) {
        const QByteArray address = bareAddress(part);
        if (!address.isEmpty())
            result.append(address);
    }
    return result;
}

std::optional<Options> parseArguments(const QStringList &arguments, QString *error)
{
    Options options;
    const auto refuse = [error](const QString &why) -> std::optional<Options> {
        *error = why;
        return std::nullopt;
    };
    bool onlyRecipients = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments[i];
        if (onlyRecipients || !arg.startsWith(QLatin1Char('-')) || arg == QLatin1String("-")) {
            options.recipients += addressesIn(arg.toUtf8());
            continue;
        }
        if (arg == QLatin1String("--")) {
            onlyRecipients = true;
            continue;
        }
        if (arg == QLatin1String("--help")) {
            options.help = true;
            continue;
        }
        if (arg.startsWith(QLatin1String("--smtp-addr")) || arg.startsWith(QLatin1String("--from"))) {
            const bool addr = arg.startsWith(QLatin1String("--smtp-addr"));
            const QString name = addr ? QStringLiteral("--smtp-addr") : QStringLiteral("--from");
            QString value;
            if (arg.size() > name.size() && arg[name.size()] == QLatin1Char('='))
                value = arg.mid(name.size() + 1);
            else if (arg == name && i + 1 < arguments.size())
                value = arguments[++i];
            else
                return refuse(QStringLiteral("%1 needs a value, e.g. %1 %2").arg(name, addr ? QStringLiteral("localhost:1025") : QStringLiteral("me@example.com")));
            if (addr)
                options.server = value;
            else
                options.sender = bareAddress(value.toUtf8());
            continue;
        }
        if (arg.startsWith(QLatin1String("--")))
            return refuse(QStringLiteral("unknown option %1 (see mailscope sendmail --help)").arg(arg));
        // getopt style: -ti, -oi, -fADDR, -f ADDR, -bs.
        for (qsizetype j = 1; j < arg.size(); ++j) {
            const QChar flag = arg[j];
            const QString rest = arg.mid(j + 1);
            if (flag == QLatin1Char('o')) { // -oi, -oem, -odb: sendmail's options; only -oi matters
                const QString option = rest.isEmpty() && i + 1 < arguments.size() ? arguments[++i] : rest;
                if (option == QLatin1String("i"))
                    options.dotEndsInput = false;
                break;
            }
            if (flag == QLatin1Char('b')) { // -bm (deliver, the default) or -bs (SMTP on stdin and stdout)
                const QString mode = rest.isEmpty() && i + 1 < arguments.size() ? arguments[++i] : rest;
                if (mode == QLatin1String("s"))
                    options.smtpOnStdio = true;
                else if (mode != QLatin1String("m"))
                    return refuse(QStringLiteral("-b%1 is not supported; mailscope sendmail delivers (-bm) or speaks "
                                                 "SMTP on standard input and output (-bs)").arg(mode));
                break;
            }
            if (kWithValue.contains(flag)) {
                if (rest.isEmpty() && i + 1 >= arguments.size())
                    return refuse(QStringLiteral("-%1 needs a value (see mailscope sendmail --help)").arg(flag));
                const QString value = rest.isEmpty() ? arguments[++i] : rest;
                if (flag == QLatin1Char('f') || flag == QLatin1Char('r'))
                    options.sender = bareAddress(value.toUtf8());
                else if (flag == QLatin1Char('S'))
                    options.server = value;
                break; // the others (-F name, -B type, -C file, ...) mean nothing here
            }
            if (kAttachedOnly.contains(flag))
                break;
            if (flag == QLatin1Char('t'))
                options.recipientsFromHeaders = true;
            else if (flag == QLatin1Char('i'))
                options.dotEndsInput = false;
            else if (flag == QLatin1Char('v'))
                options.verbose = true;
            else if (!kSwitches.contains(flag))
                return refuse(QStringLiteral("unknown option -%1 (see mailscope sendmail --help)").arg(flag));
        }
    }
    return options;
}

QByteArray messageFromInput(const QByteArray &input, bool dotEndsInput)
{
    QByteArray message;
    message.reserve(input.size() + input.size() / 32);
    qsizetype from = 0;
    while (from < input.size()) {
        qsizetype end = input.indexOf('\n', from);
        const bool lastLine = end < 0;
        end = lastLine ? input.size() : end + 1;
        QByteArrayView line(input.constData() + from, end - from);
        from = end;
        if (dotEndsInput && (line == ".\n" || line == ".\r\n" || line == "."))
            break;
        if (line.endsWith("\r\n") || lastLine) {
            message.append(line);
        } else {
            message.append(line.chopped(1));
            message.append("\r\n");
        }
    }
    return message;
}

HeaderRecipients takeHeaderRecipients(const QByteArray &message)
{
    HeaderRecipients result;
    const Mime::ParsedMessage parsed = Mime::parse(message);
    for (const QList<Mime::Address> *list : {&parsed.to, &parsed.cc, &parsed.bcc}) {
        for (const Mime::Address &a : *list) {
            if (!a.addr.isEmpty())
                result.recipients.append(a.addr.toUtf8());
        }
    }
    // sendmail and Postfix drop Bcc with -t, so the others do not see who else was sent it.
    const Mime::HeaderBlock block = Mime::scanHeaderBlock(message, 0, message.size(), message.size());
    qint64 copied = 0;
    for (const Mime::RawField &field : block.fields) {
        if (field.name.compare("bcc", Qt::CaseInsensitive) != 0)
            continue;
        result.message.append(message.constData() + copied, field.range.begin - copied);
        copied = field.range.end;
    }
    result.message.append(message.constData() + copied, message.size() - copied);
    return result;
}

QByteArray defaultSender()
{
    QByteArray user;
    if (const passwd *entry = getpwuid(geteuid()))
        user = entry->pw_name;
    if (user.isEmpty())
        user = qgetenv("USER");
    if (user.isEmpty())
        user = "nobody";
    QByteArray host = QHostInfo::localHostName().toUtf8();
    return user + '@' + (host.isEmpty() ? QByteArray("localhost") : host);
}

QString helpText()
{
    return QStringLiteral(R"(Usage: mailscope sendmail [OPTIONS] [RECIPIENT...] < message
       mailscope-sendmail [OPTIONS] [RECIPIENT...] < message   (the link the package installs)
       sendmail [OPTIONS] [RECIPIENT...] < message   (through a link named sendmail)

Delivers the message on standard input to a running Mailscope over SMTP, for programs that
send mail through sendmail: PHP's mail() (sendmail_path), cron, mail(1), git send-email.

  -S, --smtp-addr HOST:PORT  The SMTP server to deliver to (default localhost:1025).
  -f ADDR, -r ADDR, --from ADDR
                             The envelope sender (default: your login name @ this host).
  -t                         Take the recipients from the To, Cc and Bcc fields, in addition
                             to those given as arguments. As sendmail and Postfix do, the Bcc
                             fields are then removed from the message before it is sent.
  -i, -oi                    A line with a lone dot is message text. Without them it ends the
                             message, as in sendmail.
  -bs                        Speak SMTP on standard input and output: the dialogue is passed to
                             the server and its replies back.
  -bm                        Read the message from standard input and deliver it (the default).
  -v                         Print the SMTP dialogue on standard error.
  --help                     Show this help.

Accepted and ignored, as sendmail's other flags mean nothing here: -F NAME, -B TYPE, -C FILE,
-h N, -L TAG, -N DSN, -O OPT, -o* (other than -oi), -p PROTO, -R RET, -V ENVID, -X FILE, -d*,
-q*, -A*, -n, -m, -U, -G.

The message is sent as it was read, except that every line ending in a bare LF (as PHP's mail()
writes them) is sent with CRLF, as sendmail does, so Mailscope stores CRLF line ends; and with
-t the Bcc fields are removed. Recipients may be given as "a@example.com, B <b@example.com>".

Exit status (sysexits.h, as sendmail): 0 delivered to every recipient; 64 bad flags or no
recipient; 65 no recipient in the message's fields (-t); 66 standard input unreadable; 69 the
server refused the message or a recipient for good (5xx); 75 the server is down, did not answer
in time, or refused for now (4xx): try again later.)");
}

} // namespace Cli::Sendmail
