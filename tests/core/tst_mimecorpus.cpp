// Conformance with an independent parser: every message of the shared corpus against what
// Python's email package made of it (oracle.jsonl). Disagreements must be listed, each with
// its reason, in tests/data/mime/corpus-exceptions.tsv.
#include "corpus.h"

#include "mime/parsedmessage.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QTest>

namespace {

using Fields = QMap<QString, QJsonValue>; // field name -> value, for one message

QJsonArray addrs(const QJsonArray &list)
{
    QJsonArray out;
    for (const QJsonValue &v : list)
        out.append(v.toObject().value(QStringLiteral("addr")));
    return out;
}

const char *const kStructureFields[] = {"top_content_type", "structure", "leaf_count"};
const char *const kHeaderFields[] = {"subject", "from", "to", "cc"};
const char *const kPartFields[] = {"content_type", "charset", "filename", "disposition", "decoded_length", "decoded_sha256"};

// The compared fields of one oracle-shaped record, flattened: "subject", "part 1.2 path" (the
// leaf exists), "part 1.2 charset", ...
Fields flatten(const QJsonObject &o, bool headers)
{
    Fields f;
    for (const char *name : kStructureFields)
        f.insert(QString::fromLatin1(name), o.value(QString::fromLatin1(name)));
    for (const char *name : kHeaderFields) {
        const QString key = QString::fromLatin1(name);
        if (headers)
            f.insert(key, key == QLatin1String("subject") ? o.value(key) : addrs(o.value(key).toArray()));
    }
    for (const QJsonValue &pv : o.value(QStringLiteral("parts")).toArray()) {
        const QJsonObject p = pv.toObject();
        const QString prefix = QStringLiteral("part ") + p.value(QStringLiteral("path")).toString() + QLatin1Char(' ');
        f.insert(prefix + QStringLiteral("path"), true);
        for (const char *name : kPartFields)
            f.insert(prefix + QString::fromLatin1(name), p.value(QString::fromLatin1(name)));
    }
    return f;
}

// Python gives no value to compare with: no decoded bytes (message/delivery-status, parsed as
// header blocks), or header bytes it could not decode, kept as lone surrogates U+DC80..U+DCFF
// (both described in the corpus README).
bool oracleHasNoValue(const QString &field, const QJsonValue &v)
{
    if (field.endsWith(QLatin1String("decoded_length")) || field.endsWith(QLatin1String("decoded_sha256")))
        return v.isNull();
    const QString text = v.isArray() ? QString::fromUtf8(QJsonDocument(v.toArray()).toJson()) : v.toString();
    for (const QChar c : text) {
        if ((c.unicode() >= 0xDC80 && c.unicode() <= 0xDCFF) || c == QChar::ReplacementCharacter)
            return true;
    }
    return false;
}

QString show(const QJsonValue &v)
{
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    if (v.isString())
        return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    if (v.isDouble())
        return QString::number(v.toInteger());
    return v.isNull() || v.isUndefined() ? QStringLiteral("null") : v.toVariant().toString();
}

} // namespace

class TestMimeCorpus final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void agreesWithOracle();
};

void TestMimeCorpus::agreesWithOracle()
{
    const QString dir = corpusDir();
    if (dir.isEmpty())
        QSKIP(qPrintable(QStringLiteral("No mail corpus (oracle.jsonl) in %1: put it at ../shared/corpus beside the "
                                        "project or set MAILSCOPE_CORPUS_DIR to its folder")
                             .arg(qEnvironmentVariable("MAILSCOPE_CORPUS_DIR", QStringLiteral(MAILSCOPE_DEFAULT_CORPUS_DIR)))));

    // file \t field \t reason; '#' starts a comment.
    QMap<QPair<QString, QString>, QString> exceptions;
    QFile exceptionsFile(QStringLiteral(MAILSCOPE_TEST_DATA "/mime/corpus-exceptions.tsv"));
    QVERIFY(exceptionsFile.open(QIODevice::ReadOnly));
    while (!exceptionsFile.atEnd()) {
        const QString line = QString::fromUtf8(exceptionsFile.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QStringList cols = line.split(QLatin1Char('\t'));
        QVERIFY2(cols.size() == 3 && !cols[2].trimmed().isEmpty(), qPrintable(QStringLiteral("bad line: ") + line));
        exceptions.insert({cols[0], cols[1]}, cols[2]);
    }

    QFile oracle(dir + QStringLiteral("/oracle.jsonl"));
    QVERIFY(oracle.open(QIODevice::ReadOnly));
    qint64 compared = 0;
    qint64 agreed = 0;
    int messages = 0;
    QStringList unexplained;
    QSet<QPair<QString, QString>> used;
    QString report; // every disagreement, for reviewing the exceptions file
    while (!oracle.atEnd()) {
        const QJsonObject expected = QJsonDocument::fromJson(oracle.readLine()).object();
        if (expected.contains(QStringLiteral("error")))
            continue; // Python could not parse it at all: nothing to compare with
        const QString name = expected.value(QStringLiteral("file")).toString();
        QFile file(dir + QLatin1Char('/') + name);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(name));
        const QByteArray raw = file.readAll();
        // The go-fuzz mail inputs have random bytes for header fields; what two parsers recover
        // from those says nothing ("header parsing of garbage is Python-specific", corpus
        // README). Their structure and bodies are still compared.
        const bool headers = !name.startsWith(QLatin1String("hostile/go-fuzz-corpus/"));
        const Fields want = flatten(expected, headers);
        const Fields got = flatten(Mime::toJson(Mime::parse(raw)), headers);
        ++messages;
        for (auto it = want.cbegin(); it != want.cend(); ++it) {
            // A leaf Mailscope does not have is one disagreement (its path), not one per field.
            const qsizetype space = it.key().lastIndexOf(QLatin1Char(' '));
            if (it.key().startsWith(QLatin1String("part ")) && !it.key().endsWith(QLatin1String(" path"))
                && !got.contains(it.key().left(space) + QStringLiteral(" path")))
                continue;
            if (oracleHasNoValue(it.key(), it.value()))
                continue;
            ++compared;
            const QJsonValue mine = got.value(it.key(), QJsonValue(QJsonValue::Undefined));
            if (mine == it.value() || (mine.isUndefined() && it.value().isNull())) {
                ++agreed;
                continue;
            }
            const QPair<QString, QString> key{name, it.key()};
            report += name + QLatin1Char('\t') + it.key() + QLatin1Char('\t') + show(it.value()) + QStringLiteral("\t")
                      + show(mine) + QLatin1Char('\n');
            if (exceptions.contains(key) || exceptions.contains({name, QStringLiteral("*")})) {
                used.insert(exceptions.contains(key) ? key : qMakePair(name, QStringLiteral("*")));
                continue;
            }
            unexplained.append(QStringLiteral("%1: %2: oracle %3, Mailscope %4").arg(name, it.key(), show(it.value()), show(mine)));
        }
    }
    const QString reportPath = qEnvironmentVariable("MAILSCOPE_CORPUS_REPORT");
    if (!reportPath.isEmpty()) {
        QFile out(reportPath);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(report.toUtf8());
    }
    const double agreement = compared ? 100.0 * double(agreed) / double(compared) : 0;
    qInfo("Corpus conformance: %lld of %lld compared fields agree (%.2f%%) over %d messages; %lld listed exceptions",
          agreed, compared, agreement, messages, qint64(compared - agreed - unexplained.size()));
    for (const QString &u : std::as_const(unexplained))
        qWarning("unexplained: %s", qPrintable(u));
    QStringList stale;
    for (auto it = exceptions.cbegin(); it != exceptions.cend(); ++it) {
        if (!used.contains(it.key()))
            stale.append(it.key().first + QLatin1Char('\t') + it.key().second);
    }
    for (const QString &s : std::as_const(stale))
        qWarning("exception no longer needed: %s", qPrintable(s));
    QVERIFY2(messages > 0, "the oracle lists no messages");
    QCOMPARE(unexplained.size(), 0);
    QCOMPARE(stale.size(), 0);
    QVERIFY2(agreement >= 99.0, qPrintable(QStringLiteral("agreement %1% is below 99%").arg(agreement)));
}

QTEST_APPLESS_MAIN(TestMimeCorpus)
#include "tst_mimecorpus.moc"
