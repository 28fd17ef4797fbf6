// The Parts tab: what it shows below the tree always belongs to the message above it.
#include "loadedmessage.h"
#include "mimefixtures.h"
#include "models/parttreemodel.h"
#include "views/partspane.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QTest>
#include <QTreeView>

namespace {

const QByteArray kAlternative = crlf({"From: a@example.com", "Subject: first", "Content-Type: multipart/alternative; boundary=b",
                                      "", "--b", "Content-Type: text/plain", "", "First message text.", "--b",
                                      "Content-Type: text/html", "", "<p>First</p>", "--b--", ""});
const QByteArray kPlain = crlf({"From: c@example.com", "Subject: second", "Content-Type: text/plain", "", "Other.", ""});

QWidget *shownContent(const Ui::PartsPane &pane)
{
    return pane.findChild<QStackedWidget *>()->currentWidget();
}

} // namespace

class PartsPaneTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void detailsDoNotOutliveTheirMessage_data();
    void detailsDoNotOutliveTheirMessage();
};

void PartsPaneTest::detailsDoNotOutliveTheirMessage_data()
{
    QTest::addColumn<QString>("selected");
    QTest::newRow("multipart container") << QString(); // the root
    QTest::newRow("text leaf") << QStringLiteral("1");
}

void PartsPaneTest::detailsDoNotOutliveTheirMessage()
{
    QFETCH(QString, selected);
    Ui::PartsPane pane;
    pane.show(loadedMessage(kAlternative));
    pane.view()->setCurrentIndex(selected.isEmpty() ? pane.model()->index(0, 0) : pane.model()->indexOf(selected));
    QVERIFY(shownContent(pane) != nullptr);
    auto *placeholder = pane.findChild<QLabel *>(QStringLiteral("partPlaceholder"));
    QVERIFY(placeholder);
    const bool leaf = !selected.isEmpty();
    QCOMPARE(leaf ? pane.textView()->toPlainText() : placeholder->text(),
             leaf ? QStringLiteral("First message text.") : QStringLiteral("multipart/alternative with 2 parts."));

    pane.show(loadedMessage(kPlain)); // another message, no part chosen yet
    QCOMPARE(shownContent(pane), placeholder);
    QCOMPARE(placeholder->text(), QStringLiteral("Select a part to see its decoded content."));
    QVERIFY(pane.textView()->toPlainText().isEmpty());
}

QTEST_MAIN(PartsPaneTest)
#include "tst_partspane.moc"
