#include "notifier.h"

#include <QSignalSpy>
#include <QTest>
#include <QWidget>

using Ui::Notifier;

// Desktop notifications: the first message of a burst at once, the rest summed up later.
class NotifierTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void throttlesABurst();
    void quietWhenDisabledOrActive();

private:
    static QList<Records::MessageSummary> messages(int count);
};

QList<Records::MessageSummary> NotifierTest::messages(int count)
{
    QList<Records::MessageSummary> out;
    for (int i = 0; i < count; ++i) {
        Records::MessageSummary m;
        m.headerFrom = QStringLiteral("Shop <shop@example.com>");
        m.subject = QStringLiteral("Order %1").arg(i);
        out.append(m);
    }
    return out;
}

void NotifierTest::throttlesABurst()
{
    QWidget window;
    Notifier notifier(&window);
    notifier.setEnabled(true, true);
    notifier.setThrottleInterval(200);
    QSignalSpy sent(&notifier, &Notifier::notified);
    notifier.messagesArrived(messages(1));
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent.at(0).at(0).toString(), QStringLiteral("New mail from Shop <shop@example.com>"));
    QCOMPARE(sent.at(0).at(1).toString(), QStringLiteral("Order 0"));
    for (int i = 0; i < 20; ++i)
        notifier.messagesArrived(messages(50));
    QCOMPARE(sent.size(), 1); // held back
    QVERIFY(sent.wait(1000));
    QCOMPARE(sent.size(), 2);
    QCOMPARE(sent.at(1).at(0).toString(), QStringLiteral("1,000 more new messages"));
    QCOMPARE(sent.at(1).at(1).toString(), QStringLiteral("Latest from Shop <shop@example.com>: Order 49"));
    QVERIFY(!sent.wait(400)); // nothing more to say
    notifier.messagesArrived(messages(3));
    QCOMPARE(sent.size(), 3);
    QCOMPARE(sent.at(2).at(0).toString(), QStringLiteral("3 new messages"));
}

void NotifierTest::quietWhenDisabledOrActive()
{
    QWidget window;
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    Notifier notifier(&window);
    QSignalSpy sent(&notifier, &Notifier::notified);
    notifier.setEnabled(true, false);
    notifier.messagesArrived(messages(1)); // the user is looking at the window already
    QCOMPARE(sent.size(), 0);
    notifier.setEnabled(false, true);
    notifier.messagesArrived(messages(1));
    QCOMPARE(sent.size(), 0);
    notifier.setEnabled(true, true);
    notifier.messagesArrived(messages(1));
    QCOMPARE(sent.size(), 1);
}

QTEST_MAIN(NotifierTest)
#include "tst_notifier.moc"
