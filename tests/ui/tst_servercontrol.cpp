// The listener's state as the window shows it: the banner that says why it is not listening,
// "Listening on …" or "Paused" beside the pause button, and the window title; a pause by the
// user outlives a restart with new settings.
#include "appsettings.h"
#include "capturecontroller.h"
#include "notifier.h"
#include "servercontrol.h"
#include "widgets/infobar.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Ui;

class ServerControlTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void portInUseIsSaidInTheBanner();
    void pausedByTheUserStaysPausedAcrossRestarts();

private:
    AppSettings settings(const QString &listen) const;
    QString listeningOn() const;

    QTemporaryDir m_dir;
    std::unique_ptr<QWidget> m_window;
    CaptureController *m_capture = nullptr;
    InfoBar *m_banner = nullptr;
    QStatusBar *m_statusBar = nullptr;
    ServerControl *m_server = nullptr;
};

void ServerControlTest::init()
{
    m_window = std::make_unique<QWidget>();
    m_capture = new CaptureController(m_window.get());
    m_banner = new InfoBar(m_window.get());
    m_banner->hide(); // as the window starts
    m_statusBar = new QStatusBar(m_window.get());
    auto *notifier = new Notifier(m_window.get(), m_window.get());
    notifier->setEnabled(false, false);
    m_server = new ServerControl(m_capture, m_banner, notifier, m_statusBar, m_window.get());
}

void ServerControlTest::cleanup()
{
    m_window.reset();
}

AppSettings ServerControlTest::settings(const QString &listen) const
{
    AppSettings s;
    s.listen = {listen};
    s.databasePath = m_dir.filePath(QStringLiteral("mail.sqlite"));
    s.durability = Store::Writer::Durability::Normal;
    s.notifications = false;
    return s;
}

QString ServerControlTest::listeningOn() const
{
    return m_capture->addresses().value(0).toString();
}

void ServerControlTest::portInUseIsSaidInTheBanner()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    const QString taken = QStringLiteral("127.0.0.1:%1").arg(squatter.serverPort());
    QSignalSpy state(m_server, &ServerControl::stateChanged);
    QString error;
    QVERIFY(!m_server->start(settings(taken), &error));
    QVERIFY2(error.contains(QStringLiteral("another program uses the port")), qPrintable(error));
    QVERIFY2(error.contains(taken), qPrintable(error));
    // The window says it in its own terms, the same in the banner and the status bar, and
    // offers the settings, not a command-line option.
    const QString why = QStringLiteral("Not listening: another program uses port %1 on 127.0.0.1").arg(squatter.serverPort());
    QCOMPARE(m_banner->text(), why + QStringLiteral(". Choose another port in the settings."));
    QVERIFY(!m_banner->isHidden());
    QCOMPARE(m_server->listeningLabel()->text(), why);
    QCOMPARE(m_server->fixButton()->text(), QStringLiteral("Choose Another Port…"));
    QSignalSpy fix(m_server, &ServerControl::settingsRequested);
    m_server->fixButton()->click();
    QCOMPARE(fix.size(), 1);
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Mailscope — not listening"));
    QCOMPARE(state.last().first().toBool(), false);
    QVERIFY(!m_server->isPausedByUser()); // it never started: a restart tries again

    m_server->restart(settings(QStringLiteral("127.0.0.1:0")));
    QVERIFY(m_capture->isRunning());
    QVERIFY(m_banner->isHidden());
    QVERIFY(listeningOn().startsWith(QLatin1String("127.0.0.1:")));
    QCOMPARE(m_server->listeningLabel()->text(), QStringLiteral("Listening on ") + listeningOn());
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Mailscope — ") + listeningOn());
    QCOMPARE(state.last().first().toBool(), true);
}

void ServerControlTest::pausedByTheUserStaysPausedAcrossRestarts()
{
    QString error;
    QVERIFY2(m_server->start(settings(QStringLiteral("127.0.0.1:0")), &error), qPrintable(error));
    m_server->togglePause();
    QVERIFY(!m_capture->isRunning());
    QVERIFY(m_server->isPausedByUser());
    QCOMPARE(m_server->listeningLabel()->text(), QStringLiteral("Paused"));
    QCOMPARE(m_statusBar->currentMessage(), QStringLiteral("Paused: new connections are refused; stored mail is kept."));

    AppSettings changed = settings(QStringLiteral("127.0.0.1:0"));
    changed.hostname = QStringLiteral("changed.example");
    m_server->restart(changed);
    QVERIFY(!m_capture->isRunning());
    QVERIFY(m_server->isPausedByUser());
    QVERIFY(m_banner->isHidden());

    m_server->togglePause();
    QVERIFY(m_capture->isRunning());
    QVERIFY(!m_server->isPausedByUser());
    QCOMPARE(m_server->listeningLabel()->text(), QStringLiteral("Listening on ") + listeningOn());
}

QTEST_MAIN(ServerControlTest)
#include "tst_servercontrol.moc"
