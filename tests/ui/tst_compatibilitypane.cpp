// The Compatibility tab: its model (features, then their places with raw ranges) and the pane,
// which checks off the GUI thread and says which bytes a selected feature or place is.
#include "loadedmessage.h"
#include "mimefixtures.h"
#include "models/compatibilitymodel.h"
#include "views/compatibilitypane.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QTextBrowser>
#include <QTreeView>

using Ui::CompatibilityModel;

namespace {

const QByteArray kRaw = crlf({"From: a@example.com", "Subject: c", "Content-Type: text/html", "",
                              "<html><head><style>@media (max-width:600px){.a{display:flex}}</style></head>"
                              "<body><div style=\"border-radius:4px\">a</div><div style=\"border-radius:8px\">b</div>"
                              "</body></html>"});

QModelIndex rowOf(const QAbstractItemModel &model, const QString &slug)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, 0).data(CompatibilityModel::SlugRole).toString() == slug)
            return model.index(row, 0);
    }
    return {};
}

QByteArray bytesOf(const QModelIndex &index)
{
    const qint64 begin = index.data(CompatibilityModel::RangeBeginRole).toLongLong();
    const qint64 end = index.data(CompatibilityModel::RangeEndRole).toLongLong();
    return kRaw.mid(begin, end - begin);
}

} // namespace

class TestCompatibilityPane final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelGroupsPlacesUnderFeatures();
    void paneChecksAndHighlights();
    void paneWithoutHtml();
};

void TestCompatibilityPane::modelGroupsPlacesUnderFeatures()
{
    CompatibilityModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto report = HtmlCheck::checkMessage(kRaw, Mime::parse(kRaw));
    QVERIFY(report);
    model.setReport(*report, kRaw);
    QCOMPARE(model.rowCount(), int(report->findings.size()));
    const QModelIndex radius = rowOf(model, QStringLiteral("css-border-radius"));
    QVERIFY(radius.isValid());
    QCOMPARE(radius.data().toString(), QStringLiteral("border-radius"));
    QCOMPARE(radius.siblingAtColumn(CompatibilityModel::Found).data().toInt(), 2);
    QCOMPARE(model.rowCount(radius), 2);
    QCOMPARE(bytesOf(model.index(0, 0, radius)), QByteArray("border-radius:4px"));
    QCOMPARE(bytesOf(model.index(1, 0, radius)), QByteArray("border-radius:8px"));
    QCOMPARE(model.index(1, 0, radius).data().toString(), QStringLiteral("border-radius:8px"));
    QCOMPARE(bytesOf(radius), QByteArray("border-radius:4px")); // a feature row selects its first place
    QCOMPARE(model.parent(model.index(1, 0, radius)), radius);
    QCOMPARE(bytesOf(rowOf(model, QStringLiteral("css-at-media"))), QByteArray("@media (max-width:600px)"));
    const QString supported = radius.siblingAtColumn(CompatibilityModel::Supported).data().toString();
    QVERIFY(supported.endsWith(QLatin1Char('%')));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestCompatibilityPane::paneChecksAndHighlights()
{
    Ui::CompatibilityPane pane;
    QAbstractItemModelTester tester(pane.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy checked(&pane, &Ui::CompatibilityPane::checked);
    QSignalSpy ranges(&pane, &Ui::CompatibilityPane::rangeSelected);
    pane.show(loadedMessage(kRaw));
    QVERIFY(checked.wait(10000));
    QVERIFY(pane.model()->rowCount() > 0);
    QVERIFY(pane.summary()->text().contains(QLatin1String("Can I Email 1.0.5")));
    QVERIFY(ranges.isEmpty()); // nothing is highlighted until the user selects
    QVERIFY(!pane.details()->toPlainText().isEmpty());

    const QModelIndex radius = rowOf(*pane.model(), QStringLiteral("css-border-radius"));
    const QModelIndex second = pane.model()->index(1, 0, radius);
    pane.view()->setCurrentIndex(second);
    QCOMPARE(ranges.size(), 1);
    const qint64 begin = ranges.first().at(0).toLongLong();
    const qint64 end = ranges.first().at(1).toLongLong();
    QCOMPARE(kRaw.mid(begin, end - begin), QByteArray("border-radius:8px"));
    QVERIFY(pane.details()->toPlainText().contains(QLatin1String("Outlook")));
    pane.clear();
    QCOMPARE(pane.model()->rowCount(), 0);
}

void TestCompatibilityPane::paneWithoutHtml()
{
    Ui::CompatibilityPane pane;
    QSignalSpy checked(&pane, &Ui::CompatibilityPane::checked);
    pane.show(loadedMessage(crlf({"From: a@example.com", "", "plain"})));
    QVERIFY(checked.wait(10000));
    QCOMPARE(pane.model()->rowCount(), 0);
    QCOMPARE(pane.summary()->text(), QStringLiteral("No HTML part."));
}

QTEST_MAIN(TestCompatibilityPane)
#include "tst_compatibilitypane.moc"
