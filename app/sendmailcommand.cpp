#include "cli.h"
#include "sendmailoptions.h"

#include "smtp/submitter.h"

#include <QEventLoop>
#include <QFile>
#include <QSocketNotifier>
#include <QTcpSocket>

#include <QTimer>

#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace Cli {

namespace {

using namespace Sendmail;

constexpr int kEndWaitMs = 30 * 1000; // -bs: for the server's last replies after the client's input ends

int exitCode(const Smtp::SubmitOutcome &outcome)
{
    if (outcome.delivered() && !outcome.partial())
        return ExOk;
    if (outcome.delivered()) {
        for (const Smtp::RecipientResult &r : outcome.recipients) {
            if (r.code / 100 == 5)
                return ExUnavailable;
        }
        return ExTempFail;
    }
    return outcome.temporary() ? ExTempFail : ExUnavailable;
}

void printLine(const char *direction, const QByteArray &line)
{
    std::fprintf(stderr, "%s %s", direction, line.constData());
}

// -bs: the client on standard input speaks SMTP to the server through us. Bare LF line ends
// from the client are sent as CRLF; the server's bytes go to standard output unchanged.
int smtpOnStdio(const Smtp::HostPort &server, bool verbose)
{
    QTcpSocket socket;
    socket.connectToHost(server.host, server.port);
    if (!socket.waitForConnected(30 * 1000)) {
        outBytes("421 4.3.0 " + server.toString().toUtf8() + " is not answering\r\n");
        return fail(QStringLiteral("could not connect to %1: %2; is Mailscope running there?")
                        .arg(server.toString(), socket.errorString()), ExTempFail);
    }
    QEventLoop loop;
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    bool lastWasCr = false;
    QObject::connect(&input, &QSocketNotifier::activated, &loop, [&] {
        char buffer[64 * 1024];
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n <= 0) {
            // The client is done: say so with a half close, and pass on the replies still to
            // come until the server closes (a client that did not say QUIT gets a little while).
            input.setEnabled(false);
            while (socket.bytesToWrite() > 0 && socket.waitForBytesWritten(kEndWaitMs)) {
            }
            ::shutdown(int(socket.socketDescriptor()), SHUT_WR);
            QTimer::singleShot(kEndWaitMs, &loop, &QEventLoop::quit);
            return;
        }
        QByteArray bytes;
        for (ssize_t i = 0; i < n; ++i) {
            if (buffer[i] == '\n' && !lastWasCr)
                bytes += '\r';
            bytes += buffer[i];
            lastWasCr = buffer[i] == '\r';
        }
        if (verbose)
            printLine(">", bytes);
        socket.write(bytes);
    });
    QObject::connect(&socket, &QTcpSocket::readyRead, &loop, [&] {
        const QByteArray bytes = socket.readAll();
        if (verbose)
            printLine("<", bytes);
        outBytes(bytes);
    });
    QObject::connect(&socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
    if (socket.state() == QAbstractSocket::ConnectedState)
        loop.exec();
    return ExOk;
}

} // namespace

int sendmail(const QStringList &args)
{
    QString error;
    const auto options = parseArguments(args.mid(1), &error);
    if (!options)
        return fail(error, ExUsage);
    if (options->help) {
        out(helpText());
        return ExOk;
    }
    const auto server = Smtp::HostPort::parse(options->server, 1025);
    if (!server)
        return fail(QStringLiteral("%1 is not HOST:PORT (example: localhost:1025)").arg(options->server), ExUsage);
    if (options->smtpOnStdio)
        return smtpOnStdio(*server, options->verbose);

    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read the message from standard input: %1").arg(input.errorString()), ExNoInput);
    Smtp::Submission submission;
    submission.message = messageFromInput(input.readAll(), options->dotEndsInput);
    submission.recipients = options->recipients;
    if (options->recipientsFromHeaders) {
        HeaderRecipients fromHeaders = takeHeaderRecipients(submission.message);
        submission.message = fromHeaders.message;
        for (const QByteArray &r : std::as_const(fromHeaders.recipients)) {
            if (!submission.recipients.contains(r))
                submission.recipients.append(r);
        }
        if (submission.recipients.isEmpty())
            return fail(QStringLiteral("the message names no recipient in To, Cc or Bcc, and none was given as an argument"),
                        ExDataErr);
    } else if (submission.recipients.isEmpty()) {
        return fail(QStringLiteral("no recipient given: name them as arguments, or use -t to take them from the message"),
                    ExUsage);
    }
    submission.sender = options->sender.value_or(defaultSender());

    Smtp::SubmitTarget target;
    target.server = *server;
    Smtp::Submitter submitter;
    if (options->verbose) {
        QObject::connect(&submitter, &Smtp::Submitter::lineSent, &submitter, [](const QByteArray &l) { printLine(">", l); });
        QObject::connect(&submitter, &Smtp::Submitter::lineReceived, &submitter, [](const QByteArray &l) { printLine("<", l); });
    }
    QEventLoop loop;
    Smtp::SubmitOutcome outcome;
    QObject::connect(&submitter, &Smtp::Submitter::finished, &loop, [&](const Smtp::SubmitOutcome &o) {
        outcome = o;
        loop.quit();
    });
    submitter.submit(target, submission);
    loop.exec();

    const int code = exitCode(outcome);
    if (outcome.delivered() && code != ExOk)
        return fail(QStringLiteral("%1 at %2").arg(outcome.description(), server->toString()), code);
    if (!outcome.delivered())
        return fail(QStringLiteral("the message was not delivered to %1: %2%3")
                        .arg(server->toString(), outcome.description(),
                             outcome.failure == Smtp::SubmitFailure::ConnectFailed
                                 ? QStringLiteral("; is Mailscope running there?") : QString()),
                    code);
    return ExOk;
}

} // namespace Cli
