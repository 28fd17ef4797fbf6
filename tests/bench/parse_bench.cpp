// MIME parse throughput over the shared corpus: Mime::parse (what `mailscope parse`, `show
// --json` and the GUI run per message) and Mime::summarize (what ingest runs per message),
// against a plain header scan as the reference in the same process; then hostile messages (deep
// nesting, thousands of parts) against a normal 4 KB multipart parsed in the same run. Prints
// figures only.
//
//   build/release/tests/core/parse_bench [CORPUS_DIR] [SECONDS]
#include "mimefixtures.h"

#include "mime/listsummary.h"
#include "mime/parsedmessage.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>

#include <cstdio>
#include <functional>

namespace {

// The reference: find the end of the header block and count its lines, the least any
// summary must do.
int headerScan(const QByteArray &raw)
{
    const qsizetype end = raw.indexOf("\n\n") < 0 ? raw.indexOf("\r\n\r\n") : raw.indexOf("\n\n");
    return int(raw.left(end < 0 ? raw.size() : end).count('\n'));
}

struct Result
{
    double seconds = 0;
    qint64 rounds = 0;
};

Result measure(const QList<QByteArray> &messages, double minSeconds, const std::function<void(const QByteArray &)> &work)
{
    QElapsedTimer timer;
    timer.start();
    Result r;
    do {
        for (const QByteArray &m : messages)
            work(m);
        ++r.rounds;
    } while (timer.nsecsElapsed() < qint64(minSeconds * 1e9));
    r.seconds = double(timer.nsecsElapsed()) / 1e9;
    return r;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QString dir = args.size() > 1 && !args.at(1).isEmpty() ? args.at(1)
                        : qEnvironmentVariableIsSet("MAILSCOPE_CORPUS_DIR") ? qEnvironmentVariable("MAILSCOPE_CORPUS_DIR")
                                                                              : QStringLiteral(MAILSCOPE_DEFAULT_CORPUS_DIR);
    const double seconds = args.size() > 2 ? args.at(2).toDouble() : 3.0;
    QList<QByteArray> messages;
    qint64 bytes = 0;
    // Every message file: messages/, mbox-split/ and the whole-message fuzz inputs.
    for (const QString &sub : {QStringLiteral("messages"), QStringLiteral("mbox-split"), QStringLiteral("hostile/go-fuzz-corpus/mail"),
                               QStringLiteral("hostile/kmime"), QStringLiteral("hostile/clamav-fuzz-corpus")}) {
        QDirIterator it(dir + QLatin1Char('/') + sub, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly)) {
                messages.append(f.readAll());
                bytes += messages.last().size();
            }
        }
    }
    if (messages.isEmpty()) {
        std::fprintf(stderr, "parse_bench: no corpus at %s (pass the folder holding oracle.jsonl)\n", qPrintable(dir));
        return 1;
    }
    std::printf("corpus: %lld messages, %.1f MB (%s)\n", qint64(messages.size()), double(bytes) / 1e6, qPrintable(dir));
    qint64 sink = 0; // used below, so the work is not optimised away
    const Result scan = measure(messages, seconds, [&](const QByteArray &m) { sink += headerScan(m); });
    const Result summary = measure(messages, seconds, [&](const QByteArray &m) { sink += Mime::summarize(m).attachments; });
    const Result full = measure(messages, seconds, [&](const QByteArray &m) { sink += Mime::parse(m).diagnostics.size(); });
    auto print = [&](const char *name, const Result &r) {
        const double perRound = r.seconds / double(r.rounds);
        std::printf("%-22s %9.1f MB/s %10.0f messages/s %8.2f x header scan time\n", name, double(bytes) / 1e6 / perRound,
                    double(messages.size()) / perRound, perRound / (scan.seconds / double(scan.rounds)));
    };
    print("header scan (ref)", scan);
    print("Mime::summarize", summary);
    print("Mime::parse", full);

    // What ingest sees from smtp-source: one 4 KB single-part message, and the same as a
    // multipart with an attachment.
    QByteArray plain = "From: <bench@example.org>\r\nTo: <sink@example.net>\r\nDate: Tue, 7 Apr 2026 10:00:00 +0000\r\n"
                       "Message-Id: <1.2@example.org>\r\nSubject: bench\r\n\r\n";
    while (plain.size() < 4096)
        plain += QByteArray(78, 'X') + "\r\n";
    QByteArray multi = "From: <bench@example.org>\r\nTo: <sink@example.net>\r\nSubject: bench\r\n"
                       "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
                       "--b\r\nContent-Type: application/pdf; name=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    while (multi.size() < 4096)
        multi += QByteArray(76, 'A') + "\r\n";
    multi += "--b--\r\n";
    for (const auto &[name, one] : {std::pair{"4 KB single part", plain}, std::pair{"4 KB multipart", multi}}) {
        const QList<QByteArray> batch(1000, one);
        const Result r = measure(batch, seconds / 2, [&](const QByteArray &m) { sink += Mime::summarize(m).attachments; });
        std::printf("Mime::summarize, %-16s %8.1f us/message\n", name, r.seconds / double(r.rounds * batch.size()) * 1e6);
    }

    // Hostile input: the tree stops at the limits (32 levels, 2,000 parts; tst_mimehostile checks
    // that), so what grows with the input is the work before the tree is cut.
    const auto parseTime = [&](const QByteArray &raw, double minSeconds) {
        const Result r = measure({raw}, minSeconds, [&](const QByteArray &m) { sink += Mime::parse(m).diagnostics.size(); });
        return r.seconds / double(r.rounds);
    };
    const double reference = parseTime(multi, seconds / 4);
    std::printf("Mime::parse, %-22s %10.3f ms/message\n", "4 KB multipart (ref)", reference * 1e3);
    const std::pair<const char *, QByteArray> hostile[] = {
        {"100 nested multiparts", nestedMultiparts(100)}, {"1000 nested multiparts", nestedMultiparts(1000)},
        {"3000 nested multiparts", nestedMultiparts(3000)}, {"1000 nested messages", nestedMessages(1000)},
        {"10000 nested messages", nestedMessages(10000)},   {"2000 parts", manyParts(2000)},
        {"20000 parts", manyParts(20000)},                 {"50000 parts", manyParts(50000)},
    };
    for (const auto &[name, raw] : hostile) {
        const double t = parseTime(raw, seconds / 4);
        std::printf("Mime::parse, %-22s %10.3f ms/message %9.0f x the 4 KB multipart (%.0f KB)\n", name, t * 1e3,
                    t / reference, double(raw.size()) / 1e3);
    }
    std::printf("(checksum %lld)\n", sink);
    return 0;
}
