#include "models/parttreemodel.h"
#include "mimefixtures.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

using Ui::PartTreeModel;

namespace {

// The bytes a row's range selects in the raw message.
QByteArray rangeOf(const QByteArray &raw, const QModelIndex &index)
{
    const qint64 begin = index.data(PartTreeModel::RangeBeginRole).toLongLong();
    const qint64 end = index.data(PartTreeModel::RangeEndRole).toLongLong();
    return begin >= 0 && end >= begin && end <= raw.size() ? raw.mid(begin, end - begin) : QByteArray("(invalid range)");
}

QString display(const QModelIndex &index, int column)
{
    return index.siblingAtColumn(column).data(Qt::DisplayRole).toString();
}

QString sizeText(qint64 octets)
{
    return QLocale().formattedDataSize(octets, 1, QLocale::DataSizeTraditionalFormat);
}

const QByteArray kAlternativeWithAttachment = crlf({
    "From: a@example.org",
    "Subject: report",
    "Content-Type: multipart/mixed; boundary=outer",
    "",
    "--outer",
    "Content-Type: multipart/alternative; boundary=inner",
    "",
    "--inner",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Hello.",
    "--inner",
    "Content-Type: text/html; charset=utf-8",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    "<p>Hello=2E</p>",
    "--inner--",
    "--outer",
    "Content-Type: application/pdf; name=report.pdf",
    "Content-Disposition: attachment; filename=report.pdf",
    "Content-Transfer-Encoding: base64",
    "Content-ID: <report@example.org>",
    "",
    "JVBERi0xLjQK",
    "--outer--",
});

} // namespace

// The MIME tree of the message being looked at: one row per entity, its columns, and the byte
// range each row selects in the raw message.
class PartTreeModelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyBeforeAMessage();
    void alternativeWithAttachment();
    void nestedMultiparts();
    void encapsulatedMessage();
    void singlePart();
    void emptyAndMalformed_data();
    void emptyAndMalformed();
    void switchingMessageResets();
};

void PartTreeModelTest::emptyBeforeAMessage()
{
    PartTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.index(0, 0).isValid());
    QVERIFY(!model.indexOf(QStringLiteral("1")).isValid());
    QCOMPARE(model.columnCount(), int(PartTreeModel::ColumnCount));
    QCOMPARE(model.headerData(PartTreeModel::FileName, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("File name"));
}

void PartTreeModelTest::alternativeWithAttachment()
{
    const QByteArray &raw = kAlternativeWithAttachment;
    PartTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMessage(Mime::parse(raw));

    QCOMPARE(model.rowCount(), 1);
    const QModelIndex root = model.index(0, 0);
    QCOMPARE(display(root, PartTreeModel::Path), QStringLiteral("message"));
    QCOMPARE(root.data(PartTreeModel::PathRole).toString(), QString());
    QCOMPARE(display(root, PartTreeModel::Type), QStringLiteral("multipart/mixed"));
    QVERIFY(!root.siblingAtColumn(PartTreeModel::Size).data(Qt::DisplayRole).isValid()); // a container has no size
    QVERIFY(!model.parent(root).isValid());
    QCOMPARE(rangeOf(raw, root), raw);

    QCOMPARE(model.rowCount(root), 2);
    const QModelIndex alternative = model.index(0, 0, root);
    const QModelIndex pdf = model.index(1, 0, root);
    QCOMPARE(model.parent(alternative), root);
    QCOMPARE(model.parent(pdf), root);
    QCOMPARE(display(alternative, PartTreeModel::Path), QStringLiteral("1"));
    QCOMPARE(display(alternative, PartTreeModel::Type), QStringLiteral("multipart/alternative"));
    QCOMPARE(rangeOf(raw, alternative), crlf({"Content-Type: multipart/alternative; boundary=inner", "", "--inner",
                                              "Content-Type: text/plain; charset=utf-8", "", "Hello.", "--inner",
                                              "Content-Type: text/html; charset=utf-8",
                                              "Content-Transfer-Encoding: quoted-printable", "", "<p>Hello=2E</p>",
                                              "--inner--"})
                                            .chopped(2)); // the line break before --outer is the delimiter's

    QCOMPARE(model.rowCount(alternative), 2);
    const QModelIndex plain = model.index(0, 0, alternative);
    const QModelIndex html = model.index(1, 0, alternative);
    QCOMPARE(model.parent(plain), alternative);
    QCOMPARE(model.parent(html), alternative);
    QCOMPARE(model.rowCount(html), 0);
    QCOMPARE(display(plain, PartTreeModel::Path), QStringLiteral("1.1"));
    QCOMPARE(display(plain, PartTreeModel::Type), QStringLiteral("text/plain"));
    QCOMPARE(display(plain, PartTreeModel::Charset), QStringLiteral("utf-8"));
    QCOMPARE(display(plain, PartTreeModel::Encoding), QString());
    QCOMPARE(display(plain, PartTreeModel::Size), sizeText(6));
    // The line break before a boundary belongs to the boundary.
    QCOMPARE(rangeOf(raw, plain), QByteArray("Content-Type: text/plain; charset=utf-8\r\n\r\nHello."));
    QCOMPARE(display(html, PartTreeModel::Path), QStringLiteral("1.2"));
    QCOMPARE(display(html, PartTreeModel::Encoding), QStringLiteral("quoted-printable"));
    QCOMPARE(display(html, PartTreeModel::Size), sizeText(13)); // <p>Hello.</p>
    QCOMPARE(rangeOf(raw, html), QByteArray("Content-Type: text/html; charset=utf-8\r\n"
                                            "Content-Transfer-Encoding: quoted-printable\r\n\r\n<p>Hello=2E</p>"));

    QCOMPARE(display(pdf, PartTreeModel::Path), QStringLiteral("2"));
    QCOMPARE(display(pdf, PartTreeModel::Type), QStringLiteral("application/pdf"));
    QCOMPARE(display(pdf, PartTreeModel::Disposition), QStringLiteral("attachment"));
    QCOMPARE(display(pdf, PartTreeModel::FileName), QStringLiteral("report.pdf"));
    QCOMPARE(display(pdf, PartTreeModel::Encoding), QStringLiteral("base64"));
    QCOMPARE(display(pdf, PartTreeModel::ContentId), QStringLiteral("<report@example.org>"));
    QCOMPARE(display(pdf, PartTreeModel::Size), sizeText(9)); // %PDF-1.4 and a line feed
    QCOMPARE(pdf.siblingAtColumn(PartTreeModel::Size).data(Qt::TextAlignmentRole).toInt(),
             int(Qt::AlignRight | Qt::AlignVCenter));
    QCOMPARE(rangeOf(raw, pdf), QByteArray("Content-Type: application/pdf; name=report.pdf\r\n"
                                           "Content-Disposition: attachment; filename=report.pdf\r\n"
                                           "Content-Transfer-Encoding: base64\r\n"
                                           "Content-ID: <report@example.org>\r\n\r\nJVBERi0xLjQK"));
    const QString tip = pdf.data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("9 octets decoded")), qPrintable(tip));

    // Every column of a row carries the same part and range; a path finds its row.
    QCOMPARE(model.part(html.siblingAtColumn(PartTreeModel::Type)), model.part(html));
    QCOMPARE(rangeOf(raw, html.siblingAtColumn(PartTreeModel::Size)), rangeOf(raw, html));
    QCOMPARE(model.indexOf(QStringLiteral("1.2")), html);
    QCOMPARE(model.indexOf(QStringLiteral("2")), pdf);
    QVERIFY(!model.indexOf(QStringLiteral("3")).isValid());
}

void PartTreeModelTest::nestedMultiparts()
{
    const QByteArray raw = ::nestedMultiparts(3);
    PartTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMessage(Mime::parse(raw));

    // One multipart in another, each holding one row, down to the text part.
    QModelIndex at = model.index(0, 0);
    const QStringList paths = {QStringLiteral("message"), QStringLiteral("1"), QStringLiteral("1.1"), QStringLiteral("1.1.1")};
    for (int level = 0; level < paths.size(); ++level) {
        QVERIFY(at.isValid());
        QCOMPARE(display(at, PartTreeModel::Path), paths.at(level));
        QCOMPARE(display(at, PartTreeModel::Type),
                 level + 1 < paths.size() ? QStringLiteral("multipart/mixed") : QStringLiteral("text/plain"));
        QCOMPARE(model.rowCount(at), level + 1 < paths.size() ? 1 : 0);
        const QModelIndex child = model.index(0, 0, at);
        if (child.isValid()) {
            QCOMPARE(model.parent(child), at);
            // A child's bytes lie inside its parent's.
            QVERIFY(child.data(PartTreeModel::RangeBeginRole).toLongLong() > at.data(PartTreeModel::RangeBeginRole).toLongLong());
            QVERIFY(child.data(PartTreeModel::RangeEndRole).toLongLong() <= at.data(PartTreeModel::RangeEndRole).toLongLong());
        }
        at = child;
    }
    const QModelIndex leaf = model.indexOf(QStringLiteral("1.1.1"));
    QCOMPARE(rangeOf(raw, leaf), QByteArray("Content-Type: text/plain\r\n\r\ndeep"));
    QCOMPARE(rangeOf(raw, model.parent(leaf)),
             QByteArray("Content-Type: multipart/mixed; boundary=b2\r\n\r\n--b2\r\nContent-Type: text/plain\r\n\r\ndeep\r\n--b2--"));
}

void PartTreeModelTest::encapsulatedMessage()
{
    const QByteArray raw = mimeFixture(QStringLiteral("nested.eml"));
    QVERIFY(!raw.isEmpty());
    PartTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMessage(Mime::parse(raw));

    const QModelIndex root = model.index(0, 0);
    QCOMPARE(model.rowCount(root), 3);
    const QModelIndex forwarded = model.index(2, 0, root);
    QCOMPARE(display(forwarded, PartTreeModel::Path), QStringLiteral("3"));
    QCOMPARE(display(forwarded, PartTreeModel::Type), QStringLiteral("message/rfc822"));
    const QByteArray forwardedBytes = rangeOf(raw, forwarded);
    QVERIFY(forwardedBytes.startsWith("Content-Type: message/rfc822\r\n\r\nFrom: Inner Sender"));
    QVERIFY(forwardedBytes.endsWith("<p>Inner html</p>\r\n--fwd--"));

    // The message part holds one row: the forwarded message, whose multipart shares its number
    // and whose range starts with the forwarded header.
    QCOMPARE(model.rowCount(forwarded), 1);
    const QModelIndex inner = model.index(0, 0, forwarded);
    QCOMPARE(model.parent(inner), forwarded);
    QCOMPARE(display(inner, PartTreeModel::Path), QStringLiteral("3"));
    QCOMPARE(display(inner, PartTreeModel::Type), QStringLiteral("multipart/alternative"));
    const QByteArray innerBytes = rangeOf(raw, inner);
    QVERIFY(innerBytes.startsWith("From: Inner Sender <inner@example.org>\r\n"));
    QVERIFY(forwardedBytes.endsWith(innerBytes));

    QCOMPARE(model.rowCount(inner), 2);
    const QModelIndex text = model.index(0, 0, inner);
    const QModelIndex html = model.index(1, 0, inner);
    QCOMPARE(model.parent(html), inner);
    QCOMPARE(model.parent(model.parent(html)), forwarded);
    QCOMPARE(display(text, PartTreeModel::Path), QStringLiteral("3.1"));
    QCOMPARE(display(text, PartTreeModel::Charset), QStringLiteral("us-ascii"));
    QCOMPARE(rangeOf(raw, text), QByteArray("Content-Type: text/plain; charset=us-ascii\r\n\r\nInner text."));
    QCOMPARE(display(html, PartTreeModel::Path), QStringLiteral("3.2"));
    QCOMPARE(rangeOf(raw, html), QByteArray("Content-Type: text/html; charset=us-ascii\r\n\r\n<p>Inner html</p>"));
    QCOMPARE(model.indexOf(QStringLiteral("3.2")), html);

    // The RFC 2231 file name of the attachment beside it, decoded.
    const QModelIndex pdf = model.index(1, 0, root);
    QCOMPARE(display(pdf, PartTreeModel::FileName), QStringLiteral("€ rates.pdf"));
    QVERIFY(rangeOf(raw, pdf).endsWith("\r\n\r\nJVBERi0xLjQK"));
}

void PartTreeModelTest::singlePart()
{
    const QByteArray raw = mimeFixture(QStringLiteral("plain-lf.eml"));
    QVERIFY(!raw.isEmpty());
    PartTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMessage(Mime::parse(raw));

    QCOMPARE(model.rowCount(), 1);
    const QModelIndex only = model.index(0, 0);
    QCOMPARE(model.rowCount(only), 0);
    QVERIFY(!model.index(1, 0).isValid());
    QCOMPARE(display(only, PartTreeModel::Path), QStringLiteral("1"));
    QCOMPARE(display(only, PartTreeModel::Type), QStringLiteral("text/plain"));
    QCOMPARE(display(only, PartTreeModel::Size), sizeText(7)); // Hello. and a line feed
    QCOMPARE(rangeOf(raw, only), raw);
    QCOMPARE(model.indexOf(QStringLiteral("1")), only);
}

void PartTreeModelTest::emptyAndMalformed_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty") << QByteArray() << "text/plain" << QByteArray();
    QTest::newRow("no header") << QByteArray("just some words\r\n") << "text/plain" << QByteArray("just some words\r\n");
    QTest::newRow("multipart without boundary")
        << crlf({"From: a@example.org", "Content-Type: multipart/mixed", "", "no parts here"}) << "multipart/mixed"
        << QByteArray("no parts here\r\n");
}

// Nothing a parser can make of broken input leaves the tree inconsistent: one row, the whole
// message, its body where the parser put it.
void PartTreeModelTest::emptyAndMalformed()
{
    QFETCH(QByteArray, raw);
    QFETCH(QString, type);
    QFETCH(QByteArray, body);
    const Mime::ParsedMessage parsed = Mime::parse(raw);
    PartTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMessage(parsed);

    QCOMPARE(model.rowCount(), 1);
    const QModelIndex only = model.index(0, 0);
    QCOMPARE(model.rowCount(only), 0);
    QCOMPARE(display(only, PartTreeModel::Path), QStringLiteral("1"));
    QCOMPARE(display(only, PartTreeModel::Type), type);
    QCOMPARE(rangeOf(raw, only), raw);
    QVERIFY(rangeOf(raw, only).endsWith(body));
    const Mime::Part *part = model.part(only);
    QVERIFY(part);
    QCOMPARE(raw.mid(part->bodyRange.begin, part->bodyRange.size()), body);
}

void PartTreeModelTest::switchingMessageResets()
{
    const QByteArray nested = mimeFixture(QStringLiteral("nested.eml"));
    const QByteArray plain = mimeFixture(QStringLiteral("plain-lf.eml"));
    PartTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMessage(Mime::parse(nested));
    const QPersistentModelIndex html(model.indexOf(QStringLiteral("3.2")));
    QVERIFY(html.isValid());

    QSignalSpy aboutToReset(&model, &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setMessage(Mime::parse(plain));
    QCOMPARE(aboutToReset.size(), 1);
    QCOMPARE(reset.size(), 1);
    QVERIFY(!html.isValid()); // no row points into the message that is gone
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowCount(model.index(0, 0)), 0);
    QCOMPARE(rangeOf(plain, model.index(0, 0)), plain);
    QVERIFY(!model.indexOf(QStringLiteral("3.2")).isValid());

    // And back: the tree and its ranges are the first message's again.
    model.setMessage(Mime::parse(nested));
    QCOMPARE(reset.size(), 2);
    QCOMPARE(model.rowCount(model.index(0, 0)), 3);
    QCOMPARE(rangeOf(nested, model.indexOf(QStringLiteral("3.2"))),
             QByteArray("Content-Type: text/html; charset=us-ascii\r\n\r\n<p>Inner html</p>"));
}

QTEST_GUILESS_MAIN(PartTreeModelTest)
#include "tst_parttreemodel.moc"
