// Mailpit's search keys on a large store: stores --stored messages (default 100,000; one in a
// hundred tagged, with a Cc, received over 100 days), indexes them, then prints the median time
// of each search's first page of 50 and of its count. With --html every message also has an
// HTML part (a 5 KB newsletter of tables, inline markup and entities), so the time to index
// shows what reading HTML text costs. A benchmark, not a test:
//   build/release/tests/core/search_bench [--stored 100000] [--db FILE] [--html]
#include "recordfixtures.h"
#include "store/reader.h"
#include "store/search.h"
#include "store/writer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

namespace {

constexpr qint64 kDayUs = qint64(86400) * 1000000;
constexpr qint64 kStartUs = qint64(1704067200) * 1000000; // 2024-01-01T00:00:00Z

QByteArray newsletter(const QByteArray &n)
{
    QByteArray html = "<html><head><style>td { padding: 8px }</style></head><body><table width=\"600\">";
    for (int row = 0; row < 24; ++row) {
        html += "<tr><td class=\"c\"><a href=\"https://example.com/item/" + QByteArray::number(row)
              + "\"><b>Caf&eacute;</b> offer&nbsp;" + n + "</a></td><td><span style=\"color:#333\">Don&rsquo;t miss"
                " our <i>seasonal</i> selection &#8212; &pound;" + QByteArray::number(row) + "</span></td></tr>\r\n";
    }
    return html + "</table></body></html>\r\n";
}

QByteArray message(int i, bool html)
{
    const QByteArray n = QByteArray::number(i);
    QByteArray raw = "From: sender" + n + "@example.com\r\nTo: rcpt@example.org\r\nMessage-ID: <m" + n
                   + "@example.com>\r\nSubject: " + (i % 10 ? "Hello " : "Invoice ") + n + "\r\n";
    if (i % 100 == 0)
        raw += "X-Tags: urgent\r\nCc: Carol <carol@example.net>\r\n";
    if (!html)
        return raw + "\r\nLine of text number " + n + ".\r\n";
    return raw + "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n"
                 "--b\r\nContent-Type: text/plain\r\n\r\nLine of text number " + n + ".\r\n"
                 "--b\r\nContent-Type: text/html\r\n\r\n" + newsletter(n) + "--b--\r\n";
}

double medianMs(const std::function<void()> &run)
{
    QList<double> times;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer t;
        t.start();
        run();
        times.append(t.nsecsElapsed() / 1e6);
    }
    std::sort(times.begin(), times.end());
    return times.at(times.size() / 2);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const auto option = [&](const QString &name, const QString &fallback) {
        const qsizetype at = args.indexOf(name);
        return at >= 0 && at + 1 < args.size() ? args.at(at + 1) : fallback;
    };
    const int stored = option(QStringLiteral("--stored"), QStringLiteral("100000")).toInt();
    const bool html = args.contains(QStringLiteral("--html"));
    QTemporaryDir dir;
    const QString path = option(QStringLiteral("--db"), dir.filePath(QStringLiteral("bench.sqlite")));

    Store::Writer writer(path);
    writer.setDurability(Store::Writer::Durability::Normal);
    QString error;
    if (!writer.start(&error)) {
        std::fprintf(stderr, "cannot open %s: %s\n", qPrintable(path), qPrintable(error));
        return 1;
    }
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < stored; ++i) {
        Records::MessageRecord m = Test::messageRecord(message(i, html));
        m.summary.receivedUs = kStartUs + qint64(i) * 100 * kDayUs / std::max(stored, 1);
        writer.storeMessage(m);
    }
    writer.flush();
    const double storeS = t.nsecsElapsed() / 1e9;
    t.restart();
    writer.flushIndexed();
    std::printf("stored %d messages%s in %.1f s, indexed in %.1f s\n", stored, html ? " with HTML parts" : "", storeS,
                t.nsecsElapsed() / 1e9);

    Store::Reader reader(path);
    const QStringList queries{QString(),
                              QStringLiteral("tag:urgent"),
                              QStringLiteral("is:tagged"),
                              QStringLiteral("before:2024-01-11"),
                              QStringLiteral("after:2024-04-01"),
                              QStringLiteral("after:2024-02-01 before:2024-02-02"),
                              QStringLiteral("message-id:m4242@example.com"),
                              QStringLiteral("cc:carol"),
                              QStringLiteral("invoice tag:urgent"),
                              QStringLiteral("invoice before:2024-01-11")};
    std::printf("%-40s %8s %10s %10s\n", "query", "matches", "page ms", "count ms");
    for (const QString &text : queries) {
        const Store::SearchQuery q = Store::SearchQuery::parse(text, QTimeZone::utc());
        const double page = medianMs([&] { reader.messages(q, 0, 50); });
        qint64 matches = 0;
        const double count = medianMs([&] { matches = reader.count(q); });
        std::printf("%-40s %8lld %10.2f %10.2f\n", qPrintable(text.isEmpty() ? QStringLiteral("(everything)") : text),
                    matches, page, count);
    }
    writer.stop();
    return 0;
}
