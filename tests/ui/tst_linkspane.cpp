// The Links tab: its model (links with their places, statuses by URL) and the pane, which lists
// the links and checks them only when "Check links" is pressed, against a server in the test.
#include "loadedmessage.h"
#include "mimefixtures.h"
#include "tinyhttpserver.h"
#include "models/linksmodel.h"
#include "views/linkspane.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

using Ui::LinksModel;

namespace {

QByteArray newsletter(const QByteArray &base)
{
    return "From: a@example.com\r\nList-Unsubscribe: <" + base + "/ok>\r\nContent-Type: text/html\r\n\r\n"
           "<a href=\"" + base + "/ok\">a</a><a href=\"" + base + "/moved\">b</a><img src=\"" + base + "/gone.png\">"
           "<a href=\"mailto:x@example.com\">m</a>\r\n";
}

QString statusOf(const LinksModel &model, int row)
{
    return model.index(row, LinksModel::Status).data().toString();
}

} // namespace

class TestLinksPane final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelShowsStatusesByUrl();
    void paneChecksOnlyWhenAsked();
};

void TestLinksPane::modelShowsStatusesByUrl()
{
    LinksModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QByteArray raw = newsletter("https://example.com");
    model.setLinks(HtmlCheck::collectLinks(raw, Mime::parse(raw)));
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.index(0, LinksModel::Url).data().toString(), QStringLiteral("https://example.com/ok"));
    QCOMPARE(model.index(0, LinksModel::Where).data().toString(), QStringLiteral("link in part 1"));
    QCOMPARE(model.index(4, LinksModel::Where).data().toString(), QStringLiteral("List-Unsubscribe"));
    const qint64 begin = model.index(4, 0).data(LinksModel::RangeBeginRole).toLongLong();
    const qint64 end = model.index(4, 0).data(LinksModel::RangeEndRole).toLongLong();
    QCOMPARE(raw.mid(begin, end - begin), QByteArray("https://example.com/ok"));
    QCOMPARE(statusOf(model, 0), QString());

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setPending({QStringLiteral("https://example.com/ok")});
    QCOMPARE(changed.size(), 2); // the anchor and the header: one URL, two rows
    QCOMPARE(statusOf(model, 4), QStringLiteral("checking…"));
    HtmlCheck::LinkStatus ok;
    ok.url = QStringLiteral("https://example.com/ok");
    ok.statusCode = 200;
    ok.status = QStringLiteral("OK");
    model.setStatus(ok);
    QCOMPARE(statusOf(model, 0), QStringLiteral("200 OK"));
    QCOMPARE(statusOf(model, 4), QStringLiteral("200 OK"));
    QCOMPARE(model.index(0, 0).data(LinksModel::StatusCodeRole).toInt(), 200);
    QCOMPARE(model.index(1, 0).data(LinksModel::StatusCodeRole).toInt(), -1);
}

void TestLinksPane::paneChecksOnlyWhenAsked()
{
    TinyHttpServer server;
    Ui::LinksPane pane;
    QAbstractItemModelTester tester(pane.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy listed(&pane, &Ui::LinksPane::linksListed);
    QSignalSpy ranges(&pane, &Ui::LinksPane::rangeSelected);
    const QByteArray raw = newsletter(server.base());
    pane.show(loadedMessage(raw));
    QVERIFY(listed.wait(10000));
    QCOMPARE(pane.model()->rowCount(), 5);
    QVERIFY(pane.checkButton()->isEnabled());
    QVERIFY(pane.unsubscribe()->text().contains(QLatin1String("well formed")));
    QVERIFY(server.requests.isEmpty()); // listing asks nothing

    pane.view()->setCurrentIndex(pane.model()->index(1, 0));
    QCOMPARE(ranges.size(), 1);
    const qint64 begin = ranges.first().at(0).toLongLong();
    QCOMPARE(raw.mid(begin, ranges.first().at(1).toLongLong() - begin), server.base() + "/moved");

    QSignalSpy finished(&pane, &Ui::LinksPane::checkFinished);
    pane.followRedirects()->setChecked(true);
    QTest::mouseClick(pane.checkButton(), Qt::LeftButton);
    QVERIFY(finished.wait(10000));
    QCOMPARE(statusOf(*pane.model(), 0), QStringLiteral("200 OK"));
    QCOMPARE(statusOf(*pane.model(), 1), QStringLiteral("200 OK (after 1 redirect(s))"));
    QCOMPARE(statusOf(*pane.model(), 2), QStringLiteral("404 Not Found"));
    QCOMPARE(statusOf(*pane.model(), 3), QString()); // mailto: is not asked
    QCOMPARE(pane.status()->text(), QStringLiteral("3 link(s) checked, 1 with errors."));
    QVERIFY(server.requests.contains(QStringLiteral("HEAD /ok")));
    QVERIFY(server.requests.contains(QStringLiteral("GET /gone.png")));
}

QTEST_MAIN(TestLinksPane)
#include "tst_linkspane.moc"
