// The HTML compatibility check on a 5 MB newsletter, as is and quoted-printable: the time of
// HtmlCheck::checkMessage against Mime::parse plus decoding the same part in the same process
// (the work any view of the message does anyway). Wall time and the thread's CPU time, which
// a loaded machine disturbs less. Prints figures only.
//
//   build/release/tests/core/htmlcheck_bench [ROUNDS]
#include "newsletterfixture.h"

#include "htmlcheck/compatibility.h"
#include "mime/transferdecoding.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>
#include <ctime>

namespace {

QByteArray message(const QByteArray &cte, const QByteArray &body)
{
    return "From: a@example.com\r\nSubject: bench\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n"
           "Content-Transfer-Encoding: " + cte + "\r\n\r\n" + body;
}

double cpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

void run(const char *name, const QByteArray &raw, int rounds)
{
    qint64 checkNs = 0;
    qint64 parseNs = 0;
    double checkCpu = 0;
    int findings = 0;
    for (int i = 0; i < rounds; ++i) {
        QElapsedTimer t;
        t.start();
        const Mime::ParsedMessage parsed = Mime::parse(raw);
        const QByteArray decoded = Mime::decodedContent(raw, *parsed.leaves().first());
        parseNs += t.nsecsElapsed();
        t.restart();
        const double cpu = cpuMs();
        const auto report = HtmlCheck::checkMessage(raw, parsed);
        checkNs += t.nsecsElapsed();
        checkCpu += cpuMs() - cpu;
        findings = report ? int(report->findings.size()) : -1;
        Q_UNUSED(decoded);
    }
    std::printf("%-18s %6.2f MB  check %7.1f ms (cpu %7.1f ms)  parse+decode %7.1f ms  ratio %5.1f  (%d features)\n",
                name, raw.size() / 1e6, checkNs / 1e6 / rounds, checkCpu / rounds, parseNs / 1e6 / rounds,
                double(checkNs) / double(parseNs), findings);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, atoi(argv[1])) : 3;
    const QByteArray html = largeNewsletterHtml(5 * 1024 * 1024);
    run("8bit", message("8bit", html), rounds);
    run("quoted-printable", message("quoted-printable", quotedPrintableLines(html, 76)), rounds);
    return 0;
}
