// Hostile input cannot grow the parsed tree: however deep a message nests or however many parts
// it has, the tree keeps at most Limits::maxDepth levels and about Limits::maxParts entities, and
// a message cut at a limit says so. Every fuzzer input and crash reproducer of the shared corpus
// goes through the parser: no crash, a tree within those bounds (under the default limits and
// tight ones) whose byte ranges stay inside the message. Run it under the "asan" preset for
// memory errors and undefined behaviour. GMime is given the message only up to where its
// structure passes the limits; how long hostile input takes is measured by parse_bench.
#include "corpus.h"
#include "mimefixtures.h"

#include "mime/listsummary.h"
#include "mime/parsedmessage.h"

#include <QDirIterator>
#include <QTest>

namespace {

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

// What the parser built: entities, and levels below the top one.
struct Shape
{
    int parts = 0;
    int depth = 0;
};

Shape shapeOf(const Mime::Part &p, int level = 0)
{
    Shape s{1, level};
    for (const Mime::Part &child : p.children) {
        const Shape c = shapeOf(child, level + 1);
        s.parts += c.parts;
        s.depth = qMax(s.depth, c.depth);
    }
    return s;
}

// The part limit is checked before each multipart child; the one entity an encapsulated
// message adds comes with its part, so a chain of them may pass the limit by at most the depth.
QString checkBounds(const Mime::ParsedMessage &m, const Mime::Limits &limits)
{
    const Shape s = shapeOf(m.root);
    if (s.depth > limits.maxDepth)
        return QStringLiteral("the tree is %1 levels deep, over the limit of %2").arg(s.depth).arg(limits.maxDepth);
    if (s.parts > limits.maxParts + limits.maxDepth)
        return QStringLiteral("the tree has %1 parts, over the limit of %2").arg(s.parts).arg(limits.maxParts);
    return {};
}

// Ranges inside the message, the tree within the limits, at least one leaf; empty when so.
QString checkTree(const Mime::ParsedMessage &m, qint64 size, const Mime::Limits &limits)
{
    QString problem = checkPart(m.root, size);
    if (problem.isEmpty())
        problem = checkBounds(m, limits);
    if (problem.isEmpty() && m.leaves().isEmpty())
        problem = QStringLiteral("the tree has no leaf");
    return problem;
}

// Limits that hostile files reach, so that the bounds are seen to hold where they cut.
Mime::Limits tightLimits()
{
    Mime::Limits limits;
    limits.maxDepth = 3;
    limits.maxParts = 10;
    limits.maxHeaderBytes = 1024;
    return limits;
}

} // namespace

class TestMimeHostile final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cutsAtTheLimits_data();
    void cutsAtTheLimits();
    void stopsReadingAtTheLimits_data();
    void stopsReadingAtTheLimits();
    void readsAllWithinTheLimits();
    void survivesEveryFile();
};

void TestMimeHostile::cutsAtTheLimits_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("diagnostic");
    QTest::addColumn<int>("parts");
    QTest::addColumn<int>("depth");
    QTest::addColumn<int>("leaves");
    // The deepest container kept is a leaf holding the rest, undecoded.
    const Mime::Limits limits;
    QTest::newRow("200 nested multiparts") << nestedMultiparts(200) << "limit-depth" << limits.maxDepth + 1
                                           << limits.maxDepth << 1;
    QTest::newRow("1000 nested messages") << nestedMessages(1000) << "limit-depth" << limits.maxDepth + 1
                                          << limits.maxDepth << 1;
    QTest::newRow("5000 parts") << manyParts(5000) << "limit-parts" << limits.maxParts << 1 << limits.maxParts - 1;
}

// A message far past the limits costs what one at the limits costs: the tree stops there and
// the message says where.
void TestMimeHostile::cutsAtTheLimits()
{
    QFETCH(QByteArray, raw);
    QFETCH(QString, diagnostic);
    const Mime::ParsedMessage m = Mime::parse(raw);
    QVERIFY(hasDiagnostic(m, qPrintable(diagnostic)));
    const Shape s = shapeOf(m.root);
    QTEST(s.parts, "parts");
    QTEST(s.depth, "depth");
    QCOMPARE(checkTree(m, raw.size(), Mime::Limits()), QString());
    QTEST(int(m.leaves().size()), "leaves");
}

void TestMimeHostile::stopsReadingAtTheLimits_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("parts");
    QTest::addColumn<int>("depth");
    const Mime::Limits limits;
    QTest::newRow("10000 nested multiparts") << nestedMultiparts(10000) << limits.maxDepth + 1 << limits.maxDepth;
    QTest::newRow("5000 nested messages") << nestedMessages(5000) << limits.maxDepth + 1 << limits.maxDepth;
    QTest::newRow("50000 parts") << manyParts(50000) << limits.maxParts << 1;
}

// The parse itself stops where the structure passes a limit (GMime never reads the rest), and
// the tree is the one the limits give, with a diagnostic at the place it stopped.
void TestMimeHostile::stopsReadingAtTheLimits()
{
    QFETCH(QByteArray, raw);
    const Mime::ParsedMessage m = Mime::parse(raw);
    const Mime::Diagnostic *stopped = nullptr;
    for (const Mime::Diagnostic &d : m.diagnostics)
        stopped = d.code == QLatin1String("limit-parse-stopped") ? &d : stopped;
    QVERIFY(stopped);
    QVERIFY(stopped->offset > 0 && stopped->offset < raw.size() / 2);
    const Shape s = shapeOf(m.root);
    QTEST(s.parts, "parts");
    QTEST(s.depth, "depth");
    QCOMPARE(checkTree(m, raw.size(), Mime::Limits()), QString());
    const Records::MessageSummary summary = Mime::summarize(raw);
    QCOMPARE(summary.headerFrom, raw.startsWith("From:") ? QStringLiteral("a@example.org") : QString());
}

void TestMimeHostile::readsAllWithinTheLimits()
{
    const Mime::Limits limits;
    for (const QByteArray &raw : {nestedMultiparts(limits.maxDepth - 1), manyParts(limits.maxParts - 2)}) {
        const Mime::ParsedMessage m = Mime::parse(raw);
        QVERIFY(!hasDiagnostic(m, "limit-parse-stopped"));
        QVERIFY(!hasDiagnostic(m, "limit-depth"));
        QVERIFY(!hasDiagnostic(m, "limit-parts"));
    }
}

void TestMimeHostile::survivesEveryFile()
{
    const QString dir = corpusDir();
    if (dir.isEmpty())
        QSKIP("No mail corpus: set MAILSCOPE_CORPUS_DIR to the folder holding oracle.jsonl");
    int files = 0;
    int cut = 0; // inputs the tight limits cut short
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
            const Mime::ParsedMessage m = Mime::parse(raw);
            const QJsonObject json = Mime::toJson(m);
            for (const Mime::Part *leaf : m.leaves())
                (void)Mime::decodedText(raw, *leaf);
            const Records::MessageSummary summary = Mime::summarize(raw);
            QString problem = checkTree(m, raw.size(), Mime::Limits());
            QVERIFY2(problem.isEmpty(), qPrintable(path + QStringLiteral(": ") + problem));
            QCOMPARE(json.value(QStringLiteral("leaf_count")).toInt(), int(m.leaves().size()));
            QVERIFY(summary.attachments <= m.leaves().size());
            for (const Mime::Diagnostic &d : m.diagnostics)
                QVERIFY2(d.offset <= raw.size() && !d.code.isEmpty(), qPrintable(path + QStringLiteral(": ") + d.code));

            const Mime::ParsedMessage tight = Mime::parse(raw, {}, tightLimits());
            problem = checkTree(tight, raw.size(), tightLimits());
            QVERIFY2(problem.isEmpty(), qPrintable(path + QStringLiteral(" (tight limits): ") + problem));
            cut += hasDiagnostic(tight, "limit-depth") || hasDiagnostic(tight, "limit-parts")
                   || hasDiagnostic(tight, "limit-header-size");
        }
        ++files;
    }
    qInfo("Parsed %d hostile files; the tight limits cut %d inputs short", files, cut);
    QVERIFY(files > 0);
    QVERIFY(cut > 0);
}

QTEST_APPLESS_MAIN(TestMimeHostile)
#include "tst_mimehostile.moc"
