#include "appsettings.h"
#include "capturecontroller.h"
#include "mailfiles.h"
#include "messagecommands.h"
#include "messagerowmenu.h"
#include "mainview.h"
#include "mainwindowactions.h"
#include "notifier.h"
#include "models/messagelistmodel.h"
#include "models/sessionlistmodel.h"
#include "models/transcriptmodel.h"
#include "views/messagelistview.h"
#include "views/messageview.h"
#include "views/rawbytesview.h"
#include "views/previewengine.h"
#include "widgets/faultplanbutton.h"
#include "widgets/infobar.h"
#include "widgets/searchfield.h"
#include "windowfixture.h"

#include "store/maintenance.h"
#include "store/reader.h"

#include <QAction>
#include <QSpinBox>
#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QLabel>
#include <QDialog>
#include <QPlainTextEdit>
#include <QMenu>
#include <QHash>
#include <QRegularExpression>
#include <QHeaderView>
#include <QMimeData>
#include <QDragEnterEvent>
#include <QGuiApplication>
#include <QDesktopServices>
#include <QClipboard>
#include <QTreeView>

using namespace Ui;

// The window while mail keeps arriving and the user works: selection and scroll position
// hold, the list follows only from the top, and pausing, reconfiguring, importing,
// deleting and searching never lose stored mail.
class MainWindowLiveTest : public QObject
{
    Q_OBJECT

public:
    static void initMain() { Ui::PreviewEngine::prepare(); }

public Q_SLOTS:
    void openUrl(const QUrl &url) { m_opened.append(url); } // the desktop's handler for file: URLs

private Q_SLOTS:
    void init();
    void cleanup();
    void selectionStaysOnTheSameMessage();
    void followsOnlyFromTheTop();
    void sessionsUpdateLive();
    void highlightedSessionIsTheShownOne();
    void loadingReplacesThePreviousMessage();
    void trayRestoresAMinimisedWindow();
    void shortcutsListEachKeyOnce();
    void retentionThatDeletesMailAsksFirst();
    void revealsOnlyRecordedPasswords();
    void deleteAndReadState();
    void followsReadStateAndTagsFromTheStore();
    void clearAllKeepsListening();
    void pauseAndSettingsKeepMail();
    void importAndSearch();
    void rowMenuActsOnTheSelection();
    void droppedFilesAreImported();
    void searchFiltersTheListShown();
    void sessionSearchFollowsTheShownSession();
    void faultPlanFromTheToolbar();
    void lintMarkerArrivesLive();
    void switchingDatabases();
    void layoutIsRemembered();
    void columnsChosenFromTheHeaderMenu();
    void defaultLayoutGivesTheMessageMoreRoom();
    void portInUseIsFixedInSettings();
    void pausedStaysPausedAcrossSettings();

private:
    qint64 currentId() const;
    QList<QUrl> m_opened;
    QAction *action(const char *name) const;
    void deleteAllConfirmed();

    std::unique_ptr<WindowFixture> m_fixture;
};

void MainWindowLiveTest::init()
{
    m_fixture = std::make_unique<WindowFixture>();
    QVERIFY(QTest::qWaitForWindowExposed(&m_fixture->window()));
}

void MainWindowLiveTest::cleanup()
{
    m_fixture.reset();
}

qint64 MainWindowLiveTest::currentId() const
{
    return m_fixture->window().messageList()->currentIndex().data(MessageListModel::IdRole).toLongLong();
}

QAction *MainWindowLiveTest::action(const char *name) const
{
    return m_fixture->window().findChild<QAction *>(QString::fromLatin1(name));
}

// "Delete all", answering its question with Yes.
void MainWindowLiveTest::deleteAllConfirmed()
{
    QTimer::singleShot(0, this, [] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (box)
            box->button(QMessageBox::Yes)->click();
    });
    action("clearAction")->trigger();
}

void MainWindowLiveTest::selectionStaysOnTheSameMessage()
{
    QVERIFY(m_fixture->deliver({WindowFixture::message("one"), WindowFixture::message("two"), WindowFixture::message("three")}));
    MessageListModel *model = m_fixture->window().messageModel();
    m_fixture->window().messageList()->setCurrentIndex(model->index(1, MessageListModel::Subject));
    const qint64 selected = currentId();
    QCOMPARE(model->at(1).subject, QStringLiteral("two"));
    QVERIFY(m_fixture->deliver({WindowFixture::message("four"), WindowFixture::message("five")}));
    QCOMPARE(model->rowCount(), 5);
    QCOMPARE(currentId(), selected);
    QCOMPARE(m_fixture->window().messageList()->currentIndex().row(), 3);
    QCOMPARE(m_fixture->window().messageList()->selectionModel()->selectedRows().size(), 1);
}

void MainWindowLiveTest::followsOnlyFromTheTop()
{
    MessageListView *view = m_fixture->window().messageList();
    MessageListModel *model = m_fixture->window().messageModel();
    QList<SmtpTestClient::Message> batch;
    for (int i = 0; i < 80; ++i)
        batch.append(WindowFixture::message("bulk " + QByteArray::number(i)));
    QVERIFY(m_fixture->deliver(batch));

    // At the top: the newest message is the first one on screen.
    QCOMPARE(view->verticalScrollBar()->value(), 0);
    QVERIFY(m_fixture->deliver({WindowFixture::message("newest at top")}));
    QTRY_COMPARE(view->indexAt(QPoint(5, 5)).row(), 0);
    QCOMPARE(model->at(0).subject, QStringLiteral("newest at top"));

    // Scrolled down: what is on screen stays on screen.
    view->verticalScrollBar()->setValue(30);
    QTRY_VERIFY(view->indexAt(QPoint(5, 5)).isValid());
    const qint64 onScreen = view->indexAt(QPoint(5, 5)).data(MessageListModel::IdRole).toLongLong();
    QVERIFY(m_fixture->deliver({WindowFixture::message("a"), WindowFixture::message("b"), WindowFixture::message("c")}));
    QTRY_COMPARE(view->indexAt(QPoint(5, 5)).data(MessageListModel::IdRole).toLongLong(), onScreen);
    QCOMPARE(view->verticalScrollBar()->value(), 33);
}

void MainWindowLiveTest::sessionsUpdateLive()
{
    SessionListModel *sessions = m_fixture->window().sessionModel();
    SmtpTestClient client;
    client.send(m_fixture->port(), {WindowFixture::message("held open")}, false); // no QUIT: stays in progress
    QTRY_COMPARE(sessions->rowCount(), 1);
    QTRY_COMPARE(sessions->data(sessions->index(0, SessionListModel::Helo), Qt::DisplayRole).toString(),
                 QStringLiteral("test-client.example"));
    QTRY_COMPARE(sessions->data(sessions->index(0, SessionListModel::Messages), Qt::DisplayRole).toInt(), 1);
    QVERIFY(sessions->data(sessions->index(0, 0), SessionListModel::InProgressRole).toBool());

    // Selecting it shows its transcript, which keeps growing while the client talks.
    QSignalSpy shown(m_fixture->window().messageView(), &MessageView::sessionShown);
    m_fixture->window().sessionList()->setCurrentIndex(sessions->index(0, 0));
    QVERIFY(shown.wait(5000));
    QAbstractItemModel *transcript = m_fixture->window().messageView()->transcriptView()->model();
    // The message's 250 is sent once it is stored, so its line may come with a later commit.
    QTRY_VERIFY(transcript->rowCount() > 0
                && transcript->data(transcript->index(transcript->rowCount() - 1, 2), Qt::DisplayRole)
                       .toString()
                       .startsWith(QLatin1String("250 2.0.0")));
    const int lines = transcript->rowCount();
    QVERIFY(lines > 5);
    QVERIFY(m_fixture->deliver({WindowFixture::message("other")})); // another session meanwhile
    QCOMPARE(sessions->rowCount(), 2);
    QTRY_COMPARE(sessions->data(sessions->index(0, SessionListModel::Outcome), Qt::DisplayRole).toString(),
                 QStringLiteral("delivered"));
    QVERIFY(sessions->data(sessions->index(1, 0), SessionListModel::InProgressRole).toBool());
    QCOMPARE(transcript->rowCount(), lines); // the other session's lines are not in this one
    client.command("NOOP\r\n");
    QTRY_COMPARE(transcript->rowCount(), lines + 2);
    QCOMPARE(transcript->data(transcript->index(lines, 2), Qt::DisplayRole).toString(), QStringLiteral("NOOP"));
    // The user it authenticates as shows in its row while it is still open.
    client.command("AUTH PLAIN " + QByteArray("\0carol\0pw", 9).toBase64() + "\r\n");
    QTRY_COMPARE(sessions->data(sessions->index(1, SessionListModel::Auth), Qt::DisplayRole).toString(), QStringLiteral("carol"));
    QVERIFY(sessions->data(sessions->index(1, 0), SessionListModel::InProgressRole).toBool());
    client.close();
    QTRY_COMPARE(sessions->data(sessions->index(1, SessionListModel::Outcome), Qt::DisplayRole).toString(),
                 QStringLiteral("delivered")); // it stored a message, QUIT or not
}

void MainWindowLiveTest::highlightedSessionIsTheShownOne()
{
    QVERIFY(m_fixture->deliver({WindowFixture::message("first")}));
    QVERIFY(m_fixture->deliver({WindowFixture::message("second")}));
    SessionListModel *sessions = m_fixture->window().sessionModel();
    QTRY_COMPARE(sessions->rowCount(), 2);
    MessageView *view = m_fixture->window().messageView();
    QTreeView *sessionList = m_fixture->window().sessionList();
    const auto highlighted = [&] { return sessionList->currentIndex().data(SessionListModel::IdRole).toLongLong(); };

    QSignalSpy sessionShown(view, &MessageView::sessionShown);
    sessionList->setCurrentIndex(sessions->index(0, 0)); // the second session
    QVERIFY(sessionShown.wait(5000));
    QCOMPARE(view->sessionId(), highlighted());

    // The first message, from the first session: its transcript and the highlight go together.
    QSignalSpy messageShown(view, &MessageView::messageShown);
    MessageListModel *messages = m_fixture->window().messageModel();
    m_fixture->window().messageList()->setCurrentIndex(messages->index(1, MessageListModel::Subject));
    QVERIFY(messageShown.wait(5000));
    QCOMPARE(view->sessionId(), sessions->index(1, 0).data(SessionListModel::IdRole).toLongLong());
    QCOMPARE(highlighted(), view->sessionId());
    QCOMPARE(sessionShown.size(), 1); // following the message did not reload a session
    QCOMPARE(view->messageId(), messages->idAt(1));
}

void MainWindowLiveTest::loadingReplacesThePreviousMessage()
{
    QVERIFY(m_fixture->deliver({WindowFixture::message("small")}));
    QByteArray body;
    for (int i = 0; body.size() < 4 * 1024 * 1024; ++i)
        body += "Line " + QByteArray::number(i) + " of a large message\r\n";
    QVERIFY(m_fixture->deliver({WindowFixture::message("large", body)}));
    MessageListModel *messages = m_fixture->window().messageModel();
    QTRY_COMPARE(messages->rowCount(), 2);
    MessageView *view = m_fixture->window().messageView();
    QSignalSpy shown(view, &MessageView::messageShown);
    view->showMessage(messages->idAt(1));
    QVERIFY(shown.wait(5000));
    QCOMPARE(view->messageId(), messages->idAt(1));
    QVERIFY(!view->isLoading());

    view->setLoadingDelay(0); // as if the large one took longer than the delay
    view->showMessage(messages->idAt(0));
    QVERIFY(view->isLoading());
    QCOMPARE(view->messageId(), 0);
    QVERIFY(view->rawView()->bytes().isEmpty()); // nothing of the small message remains
    QCOMPARE(view->transcriptModel()->rowCount(), 0);
    auto *loading = view->findChild<QLabel *>(QStringLiteral("messageLoading"));
    QVERIFY(loading && loading->isVisible());
    QCOMPARE(loading->text(), QStringLiteral("Loading message…"));
    QVERIFY(shown.wait(10000));
    QVERIFY(!view->isLoading());
    QCOMPARE(view->messageId(), messages->idAt(0));
    QVERIFY(view->rawView()->bytes().endsWith(body));
}

void MainWindowLiveTest::trayRestoresAMinimisedWindow()
{
    MainWindow &window = m_fixture->window();
    window.setWindowState(Qt::WindowMinimized);
    QVERIFY(window.isMinimized());
    Q_EMIT window.notifier()->showWindowRequested(); // the tray icon clicked, or "Show Mailscope"
    QVERIFY(!window.isMinimized());
    QVERIFY(window.isVisible());
}

void MainWindowLiveTest::shortcutsListEachKeyOnce()
{
    QString text;
    QTimer::singleShot(0, this, [&] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            text = box->text();
            box->accept();
        }
    });
    m_fixture->window().windowActions()->showShortcuts();
    QVERIFY(!text.isEmpty());
    static const QRegularExpression keyCell(QStringLiteral("<td><b>([^<]+)</b></td><td>([^<]*)</td>"));
    QHash<QString, QString> keys;
    for (auto it = keyCell.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        QVERIFY2(!keys.contains(m.captured(1)), qPrintable(m.captured(1) + QStringLiteral(" is listed twice")));
        keys.insert(m.captured(1), m.captured(2));
    }
    const QKeySequence::SequenceFormat native = QKeySequence::NativeText;
    const auto name = [&](const char *key) { return QKeySequence(QString::fromLatin1(key)).toString(native); };
    QCOMPARE(keys.value(name("Ctrl+Shift+F")), QStringLiteral("Fault rules")); // the Teach menu's docks
    QCOMPARE(keys.value(name("Ctrl+Shift+C")), QStringLiteral("SMTP console"));
    QCOMPARE(keys.value(name("Ctrl+7")), QStringLiteral("Links"));               // every tab, each on its own key
    QCOMPARE(keys.value(name("Alt+2")), QStringLiteral("Sessions list"));
}

void MainWindowLiveTest::retentionThatDeletesMailAsksFirst()
{
    for (const char *subject : {"one", "two", "three"})
        QVERIFY(m_fixture->deliver({WindowFixture::message(subject)}));
    MessageListModel *messages = m_fixture->window().messageModel();
    QTRY_COMPARE(messages->rowCount(), 3);
    QString question;
    QTimer::singleShot(0, this, [&] {
        auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        dialog->findChild<QSpinBox *>(QStringLiteral("maxMessages"))->setValue(1);
        QTimer::singleShot(0, this, [&] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box)
                return;
            question = box->text();
            for (QAbstractButton *b : box->buttons()) {
                if (box->buttonRole(b) == QMessageBox::DestructiveRole)
                    b->click();
            }
        });
        dialog->accept();
    });
    action("settingsAction")->trigger();
    QVERIFY2(question.startsWith(QStringLiteral("The new retention limits delete 2 stored messages now")), qPrintable(question));
    QTRY_COMPARE(messages->rowCount(), 1);
}

// The transcript shows an AUTH line's mask; Reveal Password shows the password only when the
// server recorded it, and only on that line.
void MainWindowLiveTest::revealsOnlyRecordedPasswords()
{
    for (const bool record : {false, true}) {
        m_fixture.reset();
        m_fixture = std::make_unique<WindowFixture>(record);
        QVERIFY(QTest::qWaitForWindowExposed(&m_fixture->window()));
        SessionListModel *sessions = m_fixture->window().sessionModel();
        SmtpTestClient client;
        client.send(m_fixture->port(), {WindowFixture::message("with auth")}, false);
        QTRY_COMPARE(sessions->rowCount(), 1);
        client.command("AUTH PLAIN " + QByteArray("\0carol\0s3cret-pw", 16).toBase64() + "\r\n");
        QTRY_COMPARE(sessions->data(sessions->index(0, SessionListModel::Auth), Qt::DisplayRole).toString(),
                     QStringLiteral("carol"));
        QSignalSpy shown(m_fixture->window().messageView(), &MessageView::sessionShown);
        m_fixture->window().sessionList()->setCurrentIndex(sessions->index(0, 0));
        QVERIFY(shown.wait(5000));
        QTreeView *view = m_fixture->window().messageView()->transcriptView();
        QAbstractItemModel *transcript = view->model();
        const QString mask = QStringLiteral("AUTH PLAIN [PLAIN: user \"carol\", password of 9 octets, masked]");
        int row = -1;
        QTRY_VERIFY((row = [&] {
            for (int r = 0; r < transcript->rowCount(); ++r) {
                if (transcript->data(transcript->index(r, TranscriptModel::Line)).toString() == mask)
                    return r;
            }
            return -1;
        }()) >= 0);
        QAction *reveal = view->findChild<QAction *>(QStringLiteral("revealPasswordAction"));
        QVERIFY(reveal);
        QVERIFY(view->actions().contains(reveal)); // in the line's context menu
        view->setCurrentIndex(transcript->index(row - 1, 0));
        QVERIFY(!reveal->isEnabled());
        view->setCurrentIndex(transcript->index(row, 0));
        QCOMPARE(reveal->isEnabled(), record);
        reveal->trigger();
        const QString shownText = transcript->data(transcript->index(row, TranscriptModel::Line)).toString();
        QCOMPARE(shownText.contains(QLatin1String("s3cret-pw")), record);
        QCOMPARE(shownText == mask, !record);
        client.close();
    }
}

void MainWindowLiveTest::deleteAndReadState()
{
    QVERIFY(m_fixture->deliver({WindowFixture::message("keep"), WindowFixture::message("remove me"), WindowFixture::message("last")}));
    MessageListModel *model = m_fixture->window().messageModel();
    MessageListView *view = m_fixture->window().messageList();
    view->setCurrentIndex(model->index(1, MessageListModel::Subject));
    QSignalSpy shown(m_fixture->window().messageView(), &MessageView::messageShown);
    QVERIFY(shown.wait(5000));
    const qint64 removed = currentId();
    Store::Reader reader(m_fixture->databasePath());
    QTRY_COMPARE(reader.unreadCount(), 2);

    action("markUnreadAction")->trigger();
    QVERIFY(model->data(model->index(1, 0), MessageListModel::UnreadRole).toBool());
    QTRY_COMPARE(reader.unreadCount(), 3);
    action("markAllReadAction")->trigger();
    QTRY_COMPARE(reader.unreadCount(), 0);

    view->setFocus();
    action("deleteAction")->trigger();
    QTRY_COMPARE(model->rowCount(), 2);
    QCOMPARE(model->rowOf(removed), -1);
    QVERIFY(!reader.message(removed));
    QCOMPARE(reader.messageCount(), 2);
    QTRY_COMPARE(model->at(view->currentIndex().row()).subject, QStringLiteral("keep")); // the next one down
}

void MainWindowLiveTest::followsReadStateAndTagsFromTheStore()
{
    // What the API does: writer tasks on the capture's store, not the window's commands.
    QVERIFY(m_fixture->deliver({WindowFixture::message("first"), WindowFixture::message("second")}));
    MessageListModel *model = m_fixture->window().messageModel();
    QTabWidget *tabs = m_fixture->window().listTabs();
    QTRY_COMPARE(tabs->tabText(0), QStringLiteral("&Messages (2 unread)"));
    const qint64 id = model->idAt(1);
    QSignalSpy resets(model, &QAbstractItemModel::modelReset);

    m_fixture->window().capture()->perform(Store::Maintenance::setSeen({id}, true));
    QTRY_VERIFY(!model->data(model->index(model->rowOf(id), 0), MessageListModel::UnreadRole).toBool());
    QVERIFY(model->data(model->index(model->rowOf(id) == 0 ? 1 : 0, 0), MessageListModel::UnreadRole).toBool());
    QTRY_COMPARE(tabs->tabText(0), QStringLiteral("&Messages (1 unread)"));

    m_fixture->window().capture()->perform(Store::Maintenance::setTags({id}, {QStringLiteral("invoice"), QStringLiteral("Alpha")}));
    QTRY_COMPARE(model->data(model->index(model->rowOf(id), MessageListModel::Tags), Qt::DisplayRole).toString(),
                 QStringLiteral("Alpha, invoice"));
    m_fixture->window().capture()->perform(Store::Maintenance::renameTag(QStringLiteral("invoice"), QStringLiteral("bill")));
    QTRY_COMPARE(model->data(model->index(model->rowOf(id), MessageListModel::Tags), Qt::DisplayRole).toString(),
                 QStringLiteral("Alpha, bill"));

    m_fixture->window().capture()->perform(Store::Maintenance::setSeen({id}, false));
    QTRY_VERIFY(model->data(model->index(model->rowOf(id), 0), MessageListModel::UnreadRole).toBool());
    QTRY_COMPARE(tabs->tabText(0), QStringLiteral("&Messages (2 unread)"));
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(resets.count(), 0); // rows changed in place, the list was not reloaded
}

void MainWindowLiveTest::clearAllKeepsListening()
{
    QVERIFY(m_fixture->deliver({WindowFixture::message("x"), WindowFixture::message("y")}));
    SessionListModel *sessions = m_fixture->window().sessionModel();
    QTRY_VERIFY(sessions->rowCount() == 1 && !sessions->data(sessions->index(0, 0), SessionListModel::InProgressRole).toBool());
    deleteAllConfirmed();
    QTRY_COMPARE(m_fixture->window().messageModel()->rowCount(), 0);
    QTRY_COMPARE(m_fixture->window().sessionModel()->rowCount(), 0);
    QCOMPARE(Store::Reader(m_fixture->databasePath()).messageCount(), 0);
    QVERIFY(m_fixture->deliver({WindowFixture::message("after clear")}));
    QCOMPARE(m_fixture->window().messageModel()->at(0).subject, QStringLiteral("after clear"));

    // A session still connected survives "Delete all" with its transcript, as with `mailscope clear`.
    SmtpTestClient open;
    open.send(m_fixture->port(), {WindowFixture::message("held open")}, false); // no QUIT
    QTRY_VERIFY(sessions->rowCount() == 2 && sessions->data(sessions->index(0, 0), SessionListModel::InProgressRole).toBool()
                && sessions->data(sessions->index(0, SessionListModel::Messages), Qt::DisplayRole).toInt() == 1);
    const qint64 openId = sessions->data(sessions->index(0, 0), SessionListModel::IdRole).toLongLong();
    deleteAllConfirmed();
    QTRY_COMPARE(m_fixture->window().messageModel()->rowCount(), 0);
    QTRY_COMPARE(sessions->rowCount(), 1);
    QCOMPARE(sessions->data(sessions->index(0, 0), SessionListModel::IdRole).toLongLong(), openId);
    QVERIFY(sessions->data(sessions->index(0, 0), SessionListModel::InProgressRole).toBool());
    const Store::Reader reader(m_fixture->databasePath());
    QCOMPARE(reader.messageCount(), 0);
    QCOMPARE(reader.sessionCount(), 1);
    QCOMPARE(reader.sessions().first().id, openId);
    const QList<Records::TranscriptLine> before = reader.transcript(openId);
    QVERIFY(!before.isEmpty());
    QVERIFY(std::any_of(before.cbegin(), before.cend(),
                        [](const Records::TranscriptLine &l) { return l.data == "EHLO test-client.example\r\n"; }));
    open.command("NOOP\r\n");
    QTRY_COMPARE(reader.transcript(openId).size(), before.size() + 2);
    open.close();
}

void MainWindowLiveTest::pauseAndSettingsKeepMail()
{
    QVERIFY(m_fixture->deliver({WindowFixture::message("before pause")}));
    CaptureController *capture = m_fixture->window().capture();
    const quint16 port = m_fixture->port();
    action("pauseAction")->trigger();
    QVERIFY(!capture->isRunning());
    QTcpSocket refused;
    refused.connectToHost(QStringLiteral("127.0.0.1"), port);
    QTRY_COMPARE(refused.state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(refused.error(), QAbstractSocket::ConnectionRefusedError);
    // Still usable while paused: the list and maintenance work.
    action("markAllReadAction")->trigger();
    QTRY_COMPARE(Store::Reader(m_fixture->databasePath()).unreadCount(), 0);

    action("pauseAction")->trigger();
    QVERIFY(capture->isRunning());
    QVERIFY(m_fixture->deliver({WindowFixture::message("after resume")}));
    QCOMPARE(m_fixture->window().messageModel()->rowCount(), 2);

    // A new listen address and limits restart the listener; the mail stays.
    AppSettings settings = AppSettings::load(m_fixture->settings());
    settings.hostname = QStringLiteral("restarted.example");
    settings.listen = {QStringLiteral("127.0.0.1:0")};
    settings.limits.maxRecipients = 3;
    m_fixture->window().applySettings(settings);
    QVERIFY(capture->isRunning());
    QCOMPARE(m_fixture->window().messageModel()->rowCount(), 2);
    QCOMPARE(Store::Reader(m_fixture->databasePath()).messageCount(), 2);
    QCOMPARE(AppSettings::load(m_fixture->settings()).hostname, QStringLiteral("restarted.example"));
    SmtpTestClient client;
    client.send(m_fixture->port(), {WindowFixture::message("after restart")});
    QTRY_VERIFY(client.isDone());
    QVERIFY(client.transcript().contains("220 restarted.example"));
    QTRY_COMPARE(m_fixture->window().messageModel()->rowCount(), 3);

    // Retention applies at once, without a restart.
    settings.retention.maxMessages = 1;
    m_fixture->window().applySettings(settings);
    QTRY_COMPARE(m_fixture->window().messageModel()->rowCount(), 1);
    QCOMPARE(m_fixture->window().messageModel()->at(0).subject, QStringLiteral("after restart"));
}

void MainWindowLiveTest::importAndSearch()
{
    QTemporaryDir dir;
    const QString mbox = dir.filePath(QStringLiteral("old.mbox"));
    {
        QFile f(mbox);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(MailFiles::mboxEntry("From: archive@example.com\r\nSubject: Archived invoice\r\n\r\nPaid in full.\r\n", "archive@example.com", 0)
                + MailFiles::mboxEntry("From: archive@example.com\r\nSubject: Archived note\r\n\r\nNothing here.\r\n", "archive@example.com", 0));
    }
    QVERIFY(m_fixture->deliver({WindowFixture::message("live one")}));
    QSignalSpy queued(&m_fixture->window(), &MainWindow::importQueued);
    m_fixture->window().importFiles({mbox});
    QVERIFY(queued.wait(5000));
    QCOMPARE(queued.first().first().toInt(), 2);
    QTRY_COMPARE(m_fixture->window().messageModel()->rowCount(), 3);

    SearchField *search = m_fixture->window().searchField();
    QSignalSpy requested(search, &SearchField::searchRequested);
    search->setFocus();
    QTest::keyClicks(search, QStringLiteral("paid"));
    QVERIFY(requested.wait(2000));
    QCOMPARE(m_fixture->window().messageModel()->rowCount(), 1);
    QCOMPARE(m_fixture->window().messageModel()->at(0).subject, QStringLiteral("Archived invoice"));
    // New mail that does not match stays out of the filtered list. Its session ends after it
    // is published, so once the session shows as ended the list has seen the message.
    SessionListModel *sessions = m_fixture->window().sessionModel();
    const int sessionsBefore = sessions->rowCount();
    SmtpTestClient client;
    QSignalSpy done(&client, &SmtpTestClient::finished);
    client.send(m_fixture->port(), {WindowFixture::message("unrelated")});
    QVERIFY(done.wait(5000));
    QTRY_VERIFY(sessions->rowCount() == sessionsBefore + 1
                && !sessions->data(sessions->index(0, 0), SessionListModel::InProgressRole).toBool());
    QCOMPARE(m_fixture->window().messageModel()->rowCount(), 1);
    QTest::keyClick(search, Qt::Key_Escape);
    QTRY_COMPARE(m_fixture->window().messageModel()->rowCount(), 4);
}

// .eml and mbox files dropped on the window are stored by the import the CLI uses, bytes
// exact; a URL that is not a local file is ignored.
void MainWindowLiveTest::droppedFilesAreImported()
{
    QTemporaryDir dir;
    const QByteArray eml = "From: drop@example.com\r\nSubject: Dropped eml\r\n\r\nbare\nLF kept\r\n";
    const QString emlPath = dir.filePath(QStringLiteral("one.eml"));
    const QString mboxPath = dir.filePath(QStringLiteral("two.mbox"));
    {
        QFile f(emlPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(eml);
        QFile m(mboxPath);
        QVERIFY(m.open(QIODevice::WriteOnly));
        m.write(MailFiles::mboxEntry("Subject: Boxed one\r\n\r\nx\r\n", "a@example.com", 0)
                + MailFiles::mboxEntry("Subject: Boxed two\r\n\r\ny\r\n", "a@example.com", 0));
    }
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(emlPath), QUrl::fromLocalFile(mboxPath), QUrl(QStringLiteral("https://example.com/x.eml"))});
    MainWindow &window = m_fixture->window();
    QSignalSpy queued(&window, &MainWindow::importQueued);
    const QPoint at(window.width() / 2, window.height() / 2);
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    QVERIFY(queued.wait(5000));
    QCOMPARE(queued.first().first().toInt(), 3);
    MessageListModel *messages = window.messageModel();
    QTRY_COMPARE(messages->rowCount(), 3);
    QStringList subjects;
    for (int row = 0; row < 3; ++row)
        subjects.append(messages->at(row).subject);
    subjects.sort();
    QCOMPARE(subjects, (QStringList{QStringLiteral("Boxed one"), QStringLiteral("Boxed two"), QStringLiteral("Dropped eml")}));
    int row = 0;
    while (row < 3 && messages->at(row).subject != QLatin1String("Dropped eml"))
        ++row;
    QVERIFY(row < 3);
    QCOMPARE(Store::Reader(m_fixture->databasePath()).raw(messages->idAt(row)).value_or(QByteArray()), eml);
}

// The row menu: open in the mail application (a .eml with the exact bytes), copy fields,
// show the session, and a tag taken off and put back.
void MainWindowLiveTest::rowMenuActsOnTheSelection()
{
    const QByteArray data = "From: Sender <sender@example.com>\r\nTo: Rcpt <rcpt@example.org>\r\nSubject: Menu test\r\n"
                            "Message-ID: <menu.1@example.com>\r\nX-Tags: urgent\r\n\r\nHello\r\n";
    QVERIFY(m_fixture->deliver({{"sender@example.com", {"rcpt@example.org"}, data}}));
    MainWindow &window = m_fixture->window();
    MessageListModel *messages = window.messageModel();
    window.messageList()->setCurrentIndex(messages->index(0, MessageListModel::Subject));
    auto *rowMenu = window.findChild<MessageRowMenu *>(QStringLiteral("messageRowMenu"));
    QVERIFY(rowMenu);
    const auto trigger = [rowMenu, &window](const QString &name) {
        std::unique_ptr<QMenu> menu(rowMenu->create(&window));
        QAction *a = menu->findChild<QAction *>(name);
        if (!a || !a->isEnabled())
            return false;
        a->trigger();
        return true;
    };
    {
        std::unique_ptr<QMenu> menu(rowMenu->create(&window));
        QStringList texts;
        for (QAction *a : menu->actions())
            texts.append(a->objectName());
        for (const char *name : {"openMessageAction", "exportAction", "showSessionAction", "markReadAction",
                                 "markUnreadAction", "deleteAction"})
            QVERIFY2(texts.contains(QLatin1String(name)), name);
    }

    QVERIFY(trigger(QStringLiteral("copySenderAction")));
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("Sender <sender@example.com>"));
    QVERIFY(trigger(QStringLiteral("copyRecipientsAction")));
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("Rcpt <rcpt@example.org>"));
    QVERIFY(trigger(QStringLiteral("copySubjectAction")));
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("Menu test"));
    QVERIFY(trigger(QStringLiteral("copyMessageIdAction")));
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("<menu.1@example.com>"));

    QDesktopServices::setUrlHandler(QStringLiteral("file"), this, "openUrl");
    QVERIFY(trigger(QStringLiteral("openMessageAction")));
    QDesktopServices::unsetUrlHandler(QStringLiteral("file"));
    QCOMPARE(m_opened.size(), 1);
    QFile opened(m_opened.first().toLocalFile());
    QVERIFY(opened.open(QIODevice::ReadOnly));
    QVERIFY(opened.fileName().endsWith(QLatin1String(".eml")));
    const QByteArray openedBytes = opened.readAll();
    QCOMPARE(openedBytes, data); // exactly as the client sent it

    // The tag the message arrived with is checked; unchecking takes it off, the new state
    // comes back from the store.
    QTRY_COMPARE(messages->at(0).tags, QStringList{QStringLiteral("urgent")});
    {
        std::unique_ptr<QMenu> menu(rowMenu->create(&window));
        QAction *tag = menu->findChild<QAction *>(QStringLiteral("tagAction:urgent"));
        QVERIFY(tag && tag->isChecked());
        tag->trigger();
    }
    QTRY_VERIFY(messages->at(0).tags.isEmpty());
    window.findChild<MessageCommands *>()->tagSelected(QStringLiteral("Billing"), true);
    QTRY_COMPARE(messages->at(0).tags, QStringList{QStringLiteral("Billing")});

    const qint64 session = messages->at(0).sessionId;
    QVERIFY(session > 0);
    QVERIFY(trigger(QStringLiteral("showSessionAction")));
    QCOMPARE(window.mainView()->listTabs()->currentWidget(), window.sessionList());
    QCOMPARE(window.sessionList()->currentIndex().data(SessionListModel::IdRole).toLongLong(), session);
}

// On the Sessions tab the search box filters sessions with their own keys; each list keeps
// its search when the user switches between them.
void MainWindowLiveTest::searchFiltersTheListShown()
{
    QVERIFY(m_fixture->deliver({WindowFixture::message("kept")}));
    MainWindow &window = m_fixture->window();
    SessionListModel *sessions = window.sessionModel();
    QTRY_COMPARE(sessions->rowCount(), 1);
    SearchField *search = window.searchField();
    window.mainView()->listTabs()->setCurrentWidget(window.sessionList());
    QCOMPARE(search->syntax(), SearchField::Syntax::Sessions);
    QSignalSpy requested(search, &SearchField::searchRequested);
    search->setFocus();
    QTest::keyClicks(search, QStringLiteral("is:rejected"));
    QVERIFY(requested.wait(2000));
    QCOMPARE(sessions->rowCount(), 0);
    QCOMPARE(window.messageModel()->rowCount(), 1); // the message list is not filtered

    window.mainView()->listTabs()->setCurrentWidget(window.messageList());
    QCOMPARE(search->syntax(), SearchField::Syntax::Messages);
    QCOMPARE(search->text(), QString());
    window.mainView()->listTabs()->setCurrentWidget(window.sessionList());
    QCOMPARE(search->text(), QStringLiteral("is:rejected"));
    search->clear();
    QCOMPARE(sessions->rowCount(), 1);
    QTest::keyClicks(search, QStringLiteral("helo:test-client has:mail"));
    QVERIFY(requested.wait(2000));
    QCOMPARE(sessions->rowCount(), 1);
    QCOMPARE(sessions->filterText(), QStringLiteral("helo:test-client has:mail"));
}

// The session on screen stays highlighted while the search still lists it; a session the
// search hides leaves the screen, unless it is there as the shown message's transcript.
void MainWindowLiveTest::sessionSearchFollowsTheShownSession()
{
    QVERIFY(m_fixture->deliver({WindowFixture::message("only")}));
    MainWindow &window = m_fixture->window();
    SessionListModel *sessions = window.sessionModel();
    QTRY_COMPARE(sessions->rowCount(), 1);
    const qint64 session = sessions->at(0).id;
    MessageView *view = window.messageView();
    QTreeView *sessionList = window.sessionList();
    SearchField *search = window.searchField();
    window.mainView()->listTabs()->setCurrentWidget(sessionList);
    QSignalSpy sessionShown(view, &MessageView::sessionShown);
    sessionList->setCurrentIndex(sessions->index(0, 0));
    QVERIFY(sessionShown.wait(5000));
    QCOMPARE(view->sessionId(), session);

    QSignalSpy requested(search, &SearchField::searchRequested);
    const auto searchFor = [&](const QString &text) {
        search->clear();
        requested.clear();
        search->setFocus();
        QTest::keyClicks(search, text);
        return requested.wait(2000);
    };
    QVERIFY(searchFor(QStringLiteral("has:mail")));
    QCOMPARE(sessions->rowCount(), 1);
    QCOMPARE(view->sessionId(), session);
    QCOMPARE(sessionList->currentIndex().data(SessionListModel::IdRole).toLongLong(), session);

    QVERIFY(searchFor(QStringLiteral("is:rejected")));
    QCOMPARE(sessions->rowCount(), 0);
    QCOMPARE(view->sessionId(), 0);
    QCOMPARE(view->messageId(), 0);

    // The message, shown from the message list, keeps its transcript under the same search.
    search->clear();
    window.mainView()->listTabs()->setCurrentWidget(window.messageList());
    QSignalSpy messageShown(view, &MessageView::messageShown);
    window.messageList()->setCurrentIndex(window.messageModel()->index(0, MessageListModel::Subject));
    QVERIFY(messageShown.wait(5000));
    const qint64 message = view->messageId();
    QVERIFY(message > 0);
    window.mainView()->listTabs()->setCurrentWidget(sessionList);
    QVERIFY(searchFor(QStringLiteral("is:rejected")));
    QCOMPARE(sessions->rowCount(), 0);
    QCOMPARE(view->messageId(), message);
    QCOMPARE(view->sessionId(), session);
}

void MainWindowLiveTest::faultPlanFromTheToolbar()
{
    QToolButton *button = m_fixture->window().faultPlanButton();
    QVERIFY(button && button->menu());
    QCOMPARE(button->text(), QStringLiteral("Faults: off"));
    const auto choose = [&](const QString &preset) {
        for (QAction *a : button->menu()->actions()) {
            if (a->isCheckable() && a->data().toString() == preset) {
                a->trigger();
                return true;
            }
        }
        return false;
    };
    QVERIFY(choose(QStringLiteral("temp-fail-rcpt")));
    QCOMPARE(button->text(), QStringLiteral("Faults: temp-fail-rcpt"));

    SmtpTestClient client;
    QSignalSpy done(&client, &SmtpTestClient::finished);
    client.send(m_fixture->port(), {WindowFixture::message("refused")});
    QVERIFY(done.wait(5000));
    QVERIFY(client.failed());
    QVERIFY(client.transcript().contains("S: 450 4.2.1"));
    SessionListModel *sessions = m_fixture->window().sessionModel();
    QTRY_COMPARE(sessions->rowCount(), 1);
    QTRY_COMPARE(sessions->data(sessions->index(0, SessionListModel::Faults), Qt::DisplayRole).toString(),
                 QStringLiteral("temp-fail-rcpt"));
    QCOMPARE(m_fixture->window().messageModel()->rowCount(), 0);

    QVERIFY(choose(QString()));
    QCOMPARE(button->text(), QStringLiteral("Faults: off"));
    QVERIFY(m_fixture->deliver({WindowFixture::message("accepted again")}));
}

void MainWindowLiveTest::lintMarkerArrivesLive()
{
    // No Date and no Message-ID: the lint count is found after ingest and reaches the row.
    QVERIFY(m_fixture->deliver({{"a@example.com", {"b@example.org"}, "From: a@example.com\r\nSubject: sloppy\r\n\r\nx\r\n"},
                                WindowFixture::message("tidy")}));
    MessageListModel *model = m_fixture->window().messageModel();
    QTRY_VERIFY(model->data(model->index(1, MessageListModel::Markers), MessageListModel::MarkersRole)
                    .toStringList().contains(QStringLiteral("lint")));
    // The two are analysed one after the other: the tidy one may still be waiting (-1).
    QTRY_COMPARE(model->at(0).lint, 0);
    QVERIFY(!model->data(model->index(0, MessageListModel::Markers), MessageListModel::MarkersRole)
                 .toStringList().contains(QStringLiteral("lint")));
    QVERIFY(model->at(1).lint >= 2);
}

void MainWindowLiveTest::switchingDatabases()
{
    QVERIFY(m_fixture->deliver({WindowFixture::message("in the first database")}));
    QTemporaryDir other;
    AppSettings settings = AppSettings::load(m_fixture->settings());
    const QString first = settings.databasePath;
    settings.databasePath = other.filePath(QStringLiteral("second.sqlite"));
    m_fixture->window().applySettings(settings);
    QCOMPARE(m_fixture->window().messageModel()->rowCount(), 0);
    QVERIFY(m_fixture->deliver({WindowFixture::message("in the second database")}));
    QCOMPARE(Store::Reader(settings.databasePath).messageCount(), 1);
    settings.databasePath = first;
    m_fixture->window().applySettings(settings);
    QCOMPARE(m_fixture->window().messageModel()->rowCount(), 1);
    QCOMPARE(m_fixture->window().messageModel()->at(0).subject, QStringLiteral("in the first database"));
}

void MainWindowLiveTest::layoutIsRemembered()
{
    MainWindow &window = m_fixture->window();
    window.resize(1000, 700);
    QSplitter *main = window.mainView()->splitter();
    QVERIFY(main);
    main->setSizes({150, 500});
    window.messageList()->setColumnHidden(MessageListModel::Markers, true);
    window.messageView()->tabs()->setCurrentIndex(MessageView::LintTab);
    const QList<int> sizes = main->sizes();
    window.close(); // saves the layout
    MainWindow again(&m_fixture->settings());
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QCOMPARE(again.size(), QSize(1000, 700));
    QCOMPARE(again.mainView()->splitter()->sizes(), sizes);
    QVERIFY(again.messageList()->isColumnHidden(MessageListModel::Markers));
    QCOMPARE(again.messageView()->tabs()->currentIndex(), int(MessageView::LintTab));
}

// Date and Cc start hidden; the header's menu shows them, and the next window has them too.
// A layout saved before they existed keeps them hidden.
void MainWindowLiveTest::columnsChosenFromTheHeaderMenu()
{
    MainWindow &window = m_fixture->window();
    QTreeView *list = window.messageList();
    QVERIFY(list->isColumnHidden(MessageListModel::Date));
    QVERIFY(list->isColumnHidden(MessageListModel::Cc));
    QStringList offered;
    QTimer::singleShot(0, this, [&offered] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        QVERIFY(menu);
        for (QAction *a : menu->actions()) {
            offered.append(a->text());
            if (a->text() == QLatin1String("Date") || a->text() == QLatin1String("Cc"))
                a->trigger();
        }
        menu->close();
    });
    Q_EMIT list->header()->customContextMenuRequested(QPoint(10, 5));
    QVERIFY(offered.contains(QStringLiteral("Date")) && offered.contains(QStringLiteral("Cc")));
    QVERIFY(!list->isColumnHidden(MessageListModel::Date));
    QVERIFY(!list->isColumnHidden(MessageListModel::Cc));
    window.close(); // saves the layout
    {
        MainWindow again(&m_fixture->settings());
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QVERIFY(!again.messageList()->isColumnHidden(MessageListModel::Date));
        QVERIFY(!again.messageList()->isColumnHidden(MessageListModel::Cc));
        again.close();
    }
    // As an older Mailscope saved it: no column count, so the columns after Tags are new.
    m_fixture->settings().remove(QStringLiteral("layout/messageColumnCount"));
    MainWindow older(&m_fixture->settings());
    older.show();
    QVERIFY(QTest::qWaitForWindowExposed(&older));
    QVERIFY(older.messageList()->isColumnHidden(MessageListModel::Date));
    QVERIFY(!older.messageList()->isColumnHidden(MessageListModel::Subject));
}

void MainWindowLiveTest::defaultLayoutGivesTheMessageMoreRoom()
{
    // Exactly two panes, the lists over the message, stretching 2 : 3 as the window grows.
    QSplitter *main = m_fixture->window().mainView()->splitter();
    QCOMPARE(main->count(), 2);
    QVERIFY(main->widget(0)->isAncestorOf(m_fixture->window().listTabs()));
    QCOMPARE(main->widget(1), m_fixture->window().messageView());
    QCOMPARE(main->widget(0)->sizePolicy().verticalStretch(), 2);
    QCOMPARE(main->widget(1)->sizePolicy().verticalStretch(), 3);
    const QList<int> before = main->sizes();
    m_fixture->window().resize(m_fixture->window().width(), m_fixture->window().height() + 100);
    QTRY_COMPARE(main->sizes().value(0) + main->sizes().value(1), before.value(0) + before.value(1) + 100);
    QCOMPARE(main->sizes().value(0), before.value(0) + 40);
}

void MainWindowLiveTest::portInUseIsFixedInSettings()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    settings.setValue(QStringLiteral("server/listen"), QStringList{QStringLiteral("127.0.0.1:%1").arg(squatter.serverPort())});
    settings.setValue(QStringLiteral("store/database"), dir.filePath(QStringLiteral("m.sqlite")));
    MainWindow window(&settings);
    window.show();
    QString error;
    QVERIFY(!window.startCapture(&error));
    QVERIFY2(error.contains(QStringLiteral("another program uses the port")), qPrintable(error));
    InfoBar *bar = window.mainView()->serverBar();
    QVERIFY(bar && bar->isVisible());
    // One message in the banner and the status bar, with the window's own way out.
    const QString why = QStringLiteral("Not listening: another program uses port %1 on 127.0.0.1").arg(squatter.serverPort());
    QCOMPARE(bar->text(), why + QStringLiteral(". Choose another port in the settings."));
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("listeningLabel"))->text(), why);
    QVERIFY(!window.capture()->isRunning());

    auto *fix = window.findChild<QPushButton *>(QStringLiteral("serverBarFix"));
    QVERIFY(fix && fix->isVisible());
    QCOMPARE(fix->text(), QStringLiteral("Choose Another Port…"));
    bool dialogSeen = false;
    QTimer::singleShot(0, this, [&] {
        auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        auto *listen = dialog->findChild<QPlainTextEdit *>(QStringLiteral("listenEdit"));
        dialogSeen = listen != nullptr && dialog->focusWidget() == listen;
        if (listen)
            listen->setPlainText(QStringLiteral("127.0.0.1:0"));
        dialog->accept();
    });
    fix->click();
    QVERIFY(dialogSeen);
    QVERIFY(window.capture()->isRunning());
    QVERIFY(!bar->isVisible());
    QVERIFY(window.findChild<QLabel *>(QStringLiteral("listeningLabel"))->text().startsWith(QStringLiteral("Listening on 127.0.0.1:")));
}

void MainWindowLiveTest::pausedStaysPausedAcrossSettings()
{
    action("pauseAction")->trigger();
    AppSettings settings = AppSettings::load(m_fixture->settings());
    settings.hostname = QStringLiteral("still-paused.example");
    m_fixture->window().applySettings(settings);
    QVERIFY(!m_fixture->window().capture()->isRunning());
    action("pauseAction")->trigger();
    QVERIFY(m_fixture->window().capture()->isRunning());
    SmtpTestClient client;
    QSignalSpy done(&client, &SmtpTestClient::finished);
    client.send(m_fixture->port(), {WindowFixture::message("resumed")});
    QVERIFY(done.wait(5000));
    QVERIFY(client.transcript().contains("220 still-paused.example"));
}

QTEST_MAIN(MainWindowLiveTest)
#include "tst_mainwindowlive.moc"
