// Mailpit's search keys on a large store: stores --stored messages (default 100,000; one in a
// hundred tagged, with a Cc, received over 100 days), indexes them, then prints the median time
// of each search's first page of 50 and of its count. With --html every message also has an
// HTML part (a 5 KB newsletter of tables, inline markup and entities), so the time to index
// shows what reading HTML text costs. Each search runs on two copies of the same store: with
// the search index of today (tokens only) and with the layout before schema 14, whose index
// kept a copy of the text, so the two are compared in one run; the sizes of both files too.
// A benchmark, not a test:
//   build/release/tests/core/search_bench [--stored 100000] [--db FILE] [--html]
#include "recordfixtures.h"
#include "store/database.h"
#include "store/reader.h"
#include "store/search.h"
#include "store/searchindex.h"
#include "store/writer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

namespace {

constexpr qint64 kDayUs = qint64(86400) * 1000000;
constexpr qint64 kStartUs = qint64(1704067200) * 1000000; // 2024-01-01T00:00:00Z
constexpr int kIndexBatch = 32;                             // messages per commit of the indexer

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

qint64 checkpointedSize(const QString &path)
{
    const QString name = Store::uniqueConnectionName(QStringLiteral("size"));
    {
        QString error;
        QSqlDatabase db = Store::openConnection(path, name, Store::Access::Write, &error);
        QSqlQuery(db).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    }
    Store::closeConnection(name);
    return QFileInfo(path).size();
}

// The store at `path` as schema 13 kept it: a search index with a copy of the text, made by the
// same analysis and committed in batches as the indexer's (their number shapes the index's
// segments). Returns false when a statement fails.
bool makeOldLayout(const QString &path)
{
    const QString name = Store::uniqueConnectionName(QStringLiteral("old"));
    bool ok = false;
    {
        QString error;
        QSqlDatabase db = Store::openConnection(path, name, Store::Access::Write, &error);
        QSqlQuery q(db), read(db);
        ok = q.exec(QStringLiteral("DROP TABLE message_fts"))
          && q.exec(QStringLiteral("CREATE VIRTUAL TABLE message_fts USING fts5(sender, recipients, cc, bcc, reply_to,"
                                   " subject, body, tokenize = 'unicode61 remove_diacritics 2')"))
          && db.transaction() && read.exec(Store::analysisSelect() + QStringLiteral(" ORDER BY m.id"))
          && q.prepare(QStringLiteral("INSERT INTO message_fts (rowid, sender, recipients, cc, bcc, reply_to, subject,"
                                      " body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
        for (int row = 1; ok && read.next(); ++row) {
            const Records::MessageRecord m = Store::analysisRecord(read);
            const Store::IndexedText t = Store::analyse(m);
            for (const QVariant &value :
                 QVariantList{m.summary.id, t.sender, t.recipients, t.cc, t.bcc, t.replyTo, t.subject, t.body})
                q.addBindValue(value);
            ok = q.exec() && (row % kIndexBatch != 0 || (db.commit() && db.transaction()));
        }
        ok = ok && db.commit();
        if (!ok)
            std::fprintf(stderr, "old layout: %s %s\n", qPrintable(q.lastError().text()), qPrintable(read.lastError().text()));
    }
    Store::closeConnection(name);
    return ok;
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

    writer.stop();
    const QString oldPath = path + QStringLiteral(".schema13");
    QFile::remove(oldPath);
    const qint64 newSize = checkpointedSize(path);
    if (!QFile::copy(path, oldPath) || !makeOldLayout(oldPath))
        return 1;
    const qint64 oldSize = checkpointedSize(oldPath);
    std::printf("database: %.1f MB with the index of schema 13 (a copy of the text), %.1f MB now (%.2f)\n",
                oldSize / 1e6, newSize / 1e6, double(newSize) / double(oldSize));

    Store::Reader reader(path);
    Store::Reader oldReader(oldPath);
    const QStringList queries{QString(),
                              QStringLiteral("tag:urgent"),
                              QStringLiteral("is:tagged"),
                              QStringLiteral("before:2024-01-11"),
                              QStringLiteral("after:2024-04-01"),
                              QStringLiteral("after:2024-02-01 before:2024-02-02"),
                              QStringLiteral("message-id:m4242@example.com"),
                              QStringLiteral("cc:carol"),
                              QStringLiteral("invoice tag:urgent"),
                              QStringLiteral("invoice before:2024-01-11"),
                              QStringLiteral("number"),
                              QStringLiteral("4242"),
                              QStringLiteral("\"text number 4242\""),
                              QStringLiteral("from:sender4242@example.com"),
                              QStringLiteral("hello -invoice"),
                              QStringLiteral("-hello"),
                              QStringLiteral("caf"),
                              QStringLiteral("subject:hello 99")};
    std::printf("%-36s %8s %9s %9s %6s %9s %9s %6s\n", "query (ms: schema 13, now, ratio)", "matches", "page 13",
                "page now", "ratio", "count 13", "count now", "ratio");
    bool same = true;
    for (const QString &text : queries) {
        const Store::SearchQuery q = Store::SearchQuery::parse(text, QTimeZone::utc());
        double page[2], count[2];
        qint64 matches[2] = {0, 0};
        // Alternating the two layouts, so a busy moment of the machine falls on both.
        for (int round = 0; round < 2; ++round) {
            for (int layout : {0, 1}) {
                Store::Reader &r = layout ? reader : oldReader;
                page[layout] = medianMs([&] { r.messages(q, 0, 50); });
                count[layout] = medianMs([&] { matches[layout] = r.count(q); });
            }
        }
        same = same && matches[0] == matches[1] && reader.ids(q) == oldReader.ids(q);
        std::printf("%-36s %8lld %9.2f %9.2f %6.2f %9.2f %9.2f %6.2f%s\n",
                    qPrintable(text.isEmpty() ? QStringLiteral("(everything)") : text), matches[1], page[0], page[1],
                    page[1] / page[0], count[0], count[1], count[1] / count[0],
                    matches[0] == matches[1] ? "" : "  DIFFERENT MATCHES");
    }
    std::printf(same ? "every search found the same messages in both layouts\n"
                     : "the layouts found different messages\n");
    QFile::remove(oldPath);
    return same ? 0 : 1;
}
