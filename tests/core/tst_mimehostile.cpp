// Every fuzzer input and crash reproducer of the shared corpus goes through the parser:
// no crash, no hang (each file within a bound: 1 s, or MAILSCOPE_HOSTILE_BOUND_MS), and a
// tree whose byte ranges stay inside the message. Run it under the "asan" preset for memory
// errors and undefined behaviour; the sanitizers slow everything about eightfold, so the
// default bound there is 8 s.
#include "corpus.h"

#include "mime/listsummary.h"
#include "mime/parsedmessage.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QTest>

namespace {

#ifdef __SANITIZE_ADDRESS__
constexpr qint64 kDefaultBoundMs = 8000;
#else
constexpr qint64 kDefaultBoundMs = 1000;
#endif

bool inside(const Mime::ByteRange &r, qint64 size)
{
    return r.isValid() && r.end <= size;
}

// Ranges inside the message, children inside their parent, siblings in order.
QString checkPart(const Mime::Part &p, qint64 size)
{
    if (!inside(p.headerRange, size) || !inside(p.bodyRange, size))
        return QStringLiteral("part %1 has a range outside the message").arg(p.path);
    qint64 previous = p.bodyRange.begin;
    for (const Mime::Part &child : p.children) {
        if (child.headerRange.begin < previous || child.bodyRange.end > p.bodyRange.end)
            return QStringLiteral("part %1 is not inside its parent or overlaps its sibling").arg(child.path);
        previous = child.bodyRange.end;
        const QString problem = checkPart(child, size);
        if (!problem.isEmpty())
            return problem;
    }
    return {};
}

} // namespace

class TestMimeHostile final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void survivesEveryFile();
};

void TestMimeHostile::survivesEveryFile()
{
    const QString dir = corpusDir();
    if (dir.isEmpty())
        QSKIP("No mail corpus: set MAILSCOPE_CORPUS_DIR to the folder holding oracle.jsonl");
    const qint64 boundMs = qEnvironmentVariableIsSet("MAILSCOPE_HOSTILE_BOUND_MS")
                               ? qEnvironmentVariableIntValue("MAILSCOPE_HOSTILE_BOUND_MS")
                               : kDefaultBoundMs;
    int files = 0;
    qint64 slowestMs = 0;
    QString slowest;
    QDirIterator it(dir + QStringLiteral("/hostile"), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        const QByteArray content = file.readAll();
        // Bare multipart bodies are also read the way their fuzzer meant them.
        QList<QByteArray> inputs{content};
        if (path.contains(QLatin1String("/go-fuzz-corpus/multipart/")))
            inputs.append("Content-Type: multipart/mixed; boundary=dfhjksd23f43242f43fv4b4g2g2g23vf2\r\n\r\n" + content);
        for (const QByteArray &raw : inputs) {
            QElapsedTimer timer;
            timer.start();
            const Mime::ParsedMessage m = Mime::parse(raw);
            const QJsonObject json = Mime::toJson(m);
            for (const Mime::Part *leaf : m.leaves())
                (void)Mime::decodedText(raw, *leaf);
            const Records::MessageSummary summary = Mime::summarize(raw);
            const qint64 ms = timer.elapsed();
            if (ms > slowestMs) {
                slowestMs = ms;
                slowest = path;
            }
            QVERIFY2(ms <= boundMs, qPrintable(QStringLiteral("%1 took %2 ms").arg(path).arg(ms)));
            const QString problem = checkPart(m.root, raw.size());
            QVERIFY2(problem.isEmpty(), qPrintable(path + QStringLiteral(": ") + problem));
            QVERIFY2(!m.leaves().isEmpty(), qPrintable(path));
            QCOMPARE(json.value(QStringLiteral("leaf_count")).toInt(), int(m.leaves().size()));
            QVERIFY(summary.attachments <= m.leaves().size());
            for (const Mime::Diagnostic &d : m.diagnostics)
                QVERIFY2(d.offset <= raw.size() && !d.code.isEmpty(), qPrintable(path + QStringLiteral(": ") + d.code));
        }
        ++files;
    }
    qInfo("Parsed %d hostile files; slowest %lld ms (%s)", files, slowestMs, qPrintable(slowest));
    QVERIFY(files > 0);
}

QTEST_APPLESS_MAIN(TestMimeHostile)
#include "tst_mimehostile.moc"
