// The window's fault rules, held sessions, console and transcript export, against its own
// listener with a real SMTP client.
#include "windowfixture.h"

#include "capturecontroller.h"
#include "records/authsecret.h"
#include "dialogs/faultruledialog.h"
#include "mainwindow.h"
#include "models/faultrulemodel.h"
#include "models/messagelistmodel.h"
#include "models/sessionlistmodel.h"
#include "models/smtpexplain.h"
#include "store/reader.h"
#include "transcriptexport.h"
#include "views/messageview.h"
#include "views/previewengine.h"
#include "widgets/faultplanbutton.h"
#include "widgets/faultrulespanel.h"
#include "widgets/holdpanel.h"
#include "widgets/smtpconsolewidget.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTcpSocket>
#include <QTest>
#include <QToolButton>

namespace {

Faults::Rule holdRule(Faults::Stage stage)
{
    Faults::Rule r;
    r.name = QStringLiteral("ask-teacher");
    r.stage = stage;
    r.action.type = Faults::ActionType::Hold;
    r.action.holdTimeoutMs = 30000;
    return r;
}

// Waits for the client without blocking the loop the server runs on.
bool finish(SmtpTestClient &client)
{
    return QTest::qWaitFor([&] { return client.isDone(); }, 10000);
}

} // namespace

class TestTeachWindow : public QObject
{
    Q_OBJECT

public:
    static void initMain() { Ui::PreviewEngine::prepare(); }

private Q_SLOTS:
    void ruleMadeInTheEditorChangesTheReply();
    void editorShowsProblemsAtTheField_data();
    void editorShowsProblemsAtTheField();
    void heldSessionsAreAnsweredFromThePanel();
    void stepModeHoldsEveryCommand();
    void editedPresetIsNamedSo();
    void stepModeLeavesOpenSessionsAlone();
    void consoleTransactionIsStoredAndItsTranscriptShown();
    void transcriptExportsAsTextAndHtml();
};

void TestTeachWindow::ruleMadeInTheEditorChangesTheReply()
{
    WindowFixture f;
    Ui::FaultRulesPanel *panel = f.window().faultRules();
    QVERIFY(panel);
    panel->editRule(panel->model()->rowCount());
    auto *dialog = panel->findChild<Ui::FaultRuleDialog *>();
    QVERIFY(dialog);
    auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("name"));
    name->clear();
    QTest::keyClicks(name, QStringLiteral("mailbox-full"));
    auto *stage = dialog->findChild<QComboBox *>(QStringLiteral("stage"));
    stage->setCurrentIndex(stage->findData(int(Faults::Stage::Rcpt)));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("argument")), QStringLiteral("@example\\.org$"));
    auto *action = dialog->findChild<QComboBox *>(QStringLiteral("action"));
    action->setCurrentIndex(action->findData(int(Faults::ActionType::Reply)));
    dialog->findChild<QCheckBox *>(QStringLiteral("replyOn"))->setChecked(true);
    dialog->findChild<QSpinBox *>(QStringLiteral("code"))->setValue(452);
    auto *enhanced = dialog->findChild<QLineEdit *>(QStringLiteral("enhanced"));
    enhanced->setText(QStringLiteral("4.2.2"));
    dialog->findChild<QLineEdit *>(QStringLiteral("text"))->setText(QStringLiteral("Mailbox full"));
    auto *summary = dialog->findChild<QLabel *>(QStringLiteral("ruleSummary"));
    QVERIFY2(summary->text().contains(QLatin1String("RCPT")) && summary->text().contains(QLatin1String("gets 452 4.2.2 Mailbox full")),
             qPrintable(summary->text()));
    auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
    QCOMPARE(panel->model()->names(), QStringList{QStringLiteral("mailbox-full")});
    QVERIFY(panel->isActive());
    QCOMPARE(f.window().capture()->faultPlan().rules.size(), 1);

    SmtpTestClient client;
    client.send(f.port(), {WindowFixture::message("refused")});
    QVERIFY(finish(client));
    QVERIFY2(client.transcript().contains("S: 452 4.2.2 Mailbox full\r\n"), client.transcript().constData());
    panel->refreshStats();
    QCOMPARE(panel->model()->hits(QStringLiteral("mailbox-full")), 1);

    // The global switch turns the plan off without forgetting it; the next session is normal.
    panel->setActive(false);
    QVERIFY(f.deliver({WindowFixture::message("accepted")}));
    QCOMPARE(panel->model()->rowCount(), 1);
    panel->refreshStats();
    QCOMPARE(panel->model()->hits(QStringLiteral("mailbox-full")), 1);
}

void TestTeachWindow::editorShowsProblemsAtTheField_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("errorLabel");
    QTest::addColumn<QString>("words");
    QTest::newRow("bad name") << "name" << "no spaces" << "nameError" << "rule name";
    QTest::newRow("taken name") << "name" << "taken" << "nameError" << "has this name";
    QTest::newRow("bad regex") << "argument" << "(" << "argumentError" << "not a valid regular expression";
    QTest::newRow("success code at RCPT") << "code" << "354" << "replyError" << "354";
}

void TestTeachWindow::editorShowsProblemsAtTheField()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, errorLabel);
    QFETCH(QString, words);
    Faults::Rule rule;
    rule.name = QStringLiteral("r1");
    rule.stage = Faults::Stage::Rcpt;
    rule.action.reply = Records::Reply::make(452, "4.2.2", "Mailbox full");
    Ui::FaultRuleDialog dialog(rule, {QStringLiteral("taken")});
    dialog.show();
    auto *error = dialog.findChild<QLabel *>(errorLabel);
    QVERIFY(error);
    QVERIFY(error->isHidden());
    if (auto *spin = dialog.findChild<QSpinBox *>(field))
        spin->setValue(value.toInt());
    else
        dialog.findChild<QLineEdit *>(field)->setText(value);
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(words), qPrintable(error->text()));
    QVERIFY(!dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
}

void TestTeachWindow::heldSessionsAreAnsweredFromThePanel()
{
    WindowFixture f;
    Ui::FaultRulesPanel *panel = f.window().faultRules();
    panel->model()->setRule(0, holdRule(Faults::Stage::Rcpt));
    panel->setActive(true);
    Ui::HoldPanel *holds = f.window().holds();

    // Two sessions held at once; the second is answered first and neither waits for the other.
    SmtpTestClient first, second;
    first.send(f.port(), {WindowFixture::message("one")});
    QTRY_COMPARE(holds->pendingCount(), 1);
    second.send(f.port(), {WindowFixture::message("two")});
    QTRY_COMPARE(holds->pendingCount(), 2);
    QVERIFY(holds->isVisible());
    const QList<Faults::HoldRequest> pending = f.window().capture()->holdBroker()->pending();
    QCOMPARE(pending.size(), 2);
    const quint64 firstId = std::min(pending[0].id, pending[1].id), secondId = std::max(pending[0].id, pending[1].id);
    QWidget *card = holds->card(firstId);
    QVERIFY(card);
    QVERIFY(card->findChild<QLabel *>(QStringLiteral("holdCommand"))->text().contains(QLatin1String("RCPT TO:&lt;rcpt@example.org&gt;")));
    QVERIFY2(card->findChild<QLabel *>(QStringLiteral("holdCountdown"))->text().startsWith(QLatin1String("Default reply 451 4.3.0")),
             qPrintable(card->findChild<QLabel *>(QStringLiteral("holdCountdown"))->text()));
    QVERIFY(!card->findChild<QPushButton *>(QStringLiteral("reply354"))); // not legal at RCPT
    QVERIFY(card->findChild<QPushButton *>(QStringLiteral("reply421")));

    auto *custom = holds->card(secondId)->findChild<QLineEdit *>(QStringLiteral("customReply"));
    QTest::keyClicks(custom, QStringLiteral("452 4.2.2 Over quota, try tomorrow"));
    QTest::keyClick(custom, Qt::Key_Return);
    QVERIFY(finish(second));
    QVERIFY2(second.transcript().contains("S: 452 4.2.2 Over quota, try tomorrow\r\n"), second.transcript().constData());
    QVERIFY(!first.isDone());

    QTest::mouseClick(holds->card(firstId)->findChild<QPushButton *>(QStringLiteral("reply550")), Qt::LeftButton);
    QVERIFY(finish(first));
    QVERIFY2(first.transcript().contains("S: 550 5.1.1 Mailbox unavailable\r\n"), first.transcript().constData());
    QTRY_COMPARE(holds->pendingCount(), 0);

    // A client that gives up while held takes its card with it.
    SmtpTestClient quitter;
    quitter.send(f.port(), {WindowFixture::message("three")});
    QTRY_COMPARE(holds->pendingCount(), 1);
    quitter.close();
    QTRY_COMPARE(holds->pendingCount(), 0);
}

// A preset changed in the dock is no longer the preset: the toolbar says so, and says the
// preset's name again once the rules are as the preset has them.
void TestTeachWindow::editedPresetIsNamedSo()
{
    WindowFixture f;
    Ui::FaultRulesPanel *panel = f.window().faultRules();
    QToolButton *button = f.window().faultPlanButton();
    QVERIFY(panel && button);
    panel->loadPreset(QStringLiteral("temp-fail-rcpt"));
    QCOMPARE(button->text(), QStringLiteral("Faults: temp-fail-rcpt"));
    const Faults::Rule original = panel->model()->plan().rules.first();
    Faults::Rule changed = original;
    QVERIFY(changed.action.reply);
    changed.action.reply->code = 451;
    panel->model()->setRule(0, changed);
    QCOMPARE(button->text(), QStringLiteral("Faults: temp-fail-rcpt (edited)"));
    QCOMPARE(f.window().capture()->faultPlan().rules.first().action.reply->code, 451);
    panel->setStepMode(true);
    QCOMPARE(button->text(), QStringLiteral("Faults: temp-fail-rcpt (edited) + step mode"));
    panel->setStepMode(false);
    panel->model()->setRule(0, original);
    QCOMPARE(button->text(), QStringLiteral("Faults: temp-fail-rcpt"));
}

// Step mode holds new sessions; one already open when it was switched on goes on as it was.
void TestTeachWindow::stepModeLeavesOpenSessionsAlone()
{
    WindowFixture f;
    QTcpSocket open;
    open.connectToHost(QHostAddress::LocalHost, f.port());
    QVERIFY(open.waitForConnected(5000));
    QTRY_VERIFY(open.canReadLine());
    QVERIFY(open.readLine().startsWith("220 "));
    f.window().faultRules()->setStepMode(true);
    open.write("EHLO before.example\r\n");
    QByteArray reply;
    QTRY_VERIFY((reply += open.readAll()).contains("250 "));
    QCOMPARE(f.window().holds()->pendingCount(), 0);

    SmtpTestClient client;
    client.send(f.port(), {WindowFixture::message("stepped")});
    Faults::HoldBroker *broker = f.window().capture()->holdBroker();
    QTRY_COMPARE(f.window().holds()->pendingCount(), 1);
    QCOMPARE(broker->pending().first().command, QByteArray("EHLO test-client.example"));
    open.write("NOOP\r\n"); // the open session is still not held
    reply.clear();
    QTRY_VERIFY((reply += open.readAll()).startsWith("250 "));
    f.window().faultRules()->setStepMode(false);
    QVERIFY(f.window().holds()->answer(broker->pending().first().id, QStringLiteral("250 Hello")));
    QVERIFY(finish(client));
}

void TestTeachWindow::stepModeHoldsEveryCommand()
{
    WindowFixture f;
    Ui::HoldPanel *holds = f.window().holds();
    auto *stepAction = f.window().findChild<QAction *>(QStringLiteral("stepModeAction"));
    stepAction->trigger();
    QVERIFY(f.window().faultRules()->stepMode());
    SmtpTestClient client;
    client.send(f.port(), {WindowFixture::message("stepped")});
    Faults::HoldBroker *broker = f.window().capture()->holdBroker();
    QTRY_COMPARE(holds->pendingCount(), 1);
    QCOMPARE(broker->pending().first().command, QByteArray("EHLO test-client.example"));
    QVERIFY(holds->answer(broker->pending().first().id, QStringLiteral("250 Hello, class")));
    QTRY_COMPARE(holds->pendingCount(), 1);
    QCOMPARE(broker->pending().first().command, QByteArray("MAIL FROM:<sender@example.com>"));
    // Step mode off: the held command still waits for its answer, the rest flows.
    f.window().faultRules()->setStepMode(false);
    QVERIFY(!stepAction->isChecked());
    QTest::mouseClick(holds->card(broker->pending().first().id)->findChild<QPushButton *>(QStringLiteral("reply250")), Qt::LeftButton);
    QVERIFY(finish(client));
    QVERIFY2(!client.failed(), client.transcript().constData());
    QVERIFY(client.transcript().contains("Hello, class"));
    QTRY_COMPARE(f.window().messageModel()->rowCount(), 1);
}

void TestTeachWindow::consoleTransactionIsStoredAndItsTranscriptShown()
{
    WindowFixture f;
    Ui::SmtpConsoleWidget *console = f.window().console();
    QVERIFY(console);
    auto *input = console->findChild<QLineEdit *>(QStringLiteral("consoleInput"));
    const auto type = [&](const QString &line, const char *reply) {
        QTest::keyClicks(input, line);
        QTest::keyClick(input, Qt::Key_Return);
        return QTest::qWaitFor([&] { return console->text().contains(QLatin1String(reply)); }, 5000);
    };
    QVERIFY(type(QStringLiteral("EHLO teacher.example"), "S: 250 "));
    // The server's side of this very session is open in the Transcript tab beside the console.
    QTRY_VERIFY(f.window().messageView()->sessionId() > 0);
    QCOMPARE(f.window().messageView()->tabs()->currentIndex(), 3);
    QVERIFY(type(QStringLiteral("MAIL FROM:<t@example.com>"), "S: 250 2.1.0"));
    QVERIFY(type(QStringLiteral("RCPT TO:<s@example.com>"), "S: 250 2.1.5"));
    QVERIFY(type(QStringLiteral("DATA"), "S: 354"));
    QVERIFY(type(QStringLiteral("Subject: typed by hand"), "C: Subject: typed by hand"));
    type(QString(), "C: Subject: typed by hand");
    QVERIFY(type(QStringLiteral("."), "queued as"));
    QTRY_COMPARE(f.window().messageModel()->rowCount(), 1);
    Store::Reader reader(f.databasePath());
    QCOMPARE(reader.raw(reader.messages(0, 1).first().id).value(), QByteArray("Subject: typed by hand\r\n\r\n"));
    const qint64 session = f.window().messageView()->sessionId();
    const auto sawEhlo = [&] {
        const QList<Records::TranscriptLine> lines = reader.transcript(session);
        return std::any_of(lines.cbegin(), lines.cend(),
                           [](const Records::TranscriptLine &l) { return l.data == "EHLO teacher.example\r\n"; });
    };
    QTRY_VERIFY(sawEhlo());
}

void TestTeachWindow::transcriptExportsAsTextAndHtml()
{
    WindowFixture f;
    QVERIFY(f.deliver({WindowFixture::message("exported")}));
    Store::Reader reader(f.databasePath());
    const qint64 session = reader.sessions(0, 1).value(0).id;
    QTRY_VERIFY(reader.session(session) && reader.session(session)->outcome != Records::Outcome::InProgress);
    QTemporaryDir dir;
    QString error;
    QVERIFY2(f.window().writeTranscript(session, dir.filePath(QStringLiteral("t.txt")), false, &error), qPrintable(error));
    QVERIFY2(f.window().writeTranscript(session, dir.filePath(QStringLiteral("t.html")), true, &error), qPrintable(error));
    QFile text(dir.filePath(QStringLiteral("t.txt"))), html(dir.filePath(QStringLiteral("t.html")));
    QVERIFY(text.open(QIODevice::ReadOnly) && html.open(QIODevice::ReadOnly));
    const QString t = QString::fromUtf8(text.readAll()), h = QString::fromUtf8(html.readAll());
    static const QRegularExpression mail(QStringLiteral("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} C: MAIL FROM:<sender@example.com>$"),
                                         QRegularExpression::MultilineOption);
    QVERIFY2(mail.match(t).hasMatch(), qPrintable(t));
    QVERIFY(t.contains(QLatin1String(" S: 221 ")));
    QVERIFY(h.contains(QLatin1String("MAIL FROM:&lt;sender@example.com&gt;")));
    const QString meaning = Ui::SmtpExplain::command("MAIL FROM:<sender@example.com>").brief;
    QVERIFY(!meaning.isEmpty());
    QVERIFY2(h.contains(meaning.toHtmlEscaped()), qPrintable(h));

    // A recorded AUTH line is exported as its mask unless revealing is asked for.
    Records::TranscriptLine line;
    line.kind = Records::LineKind::AuthSecret;
    const QByteArray wire = "AUTH PLAIN " + QByteArray("\0alice\0hunter2", 14).toBase64() + "\r\n";
    line.data = Records::AuthSecret{"AUTH PLAIN", "PLAIN", Records::AuthSecret::Holds::Password, "alice", 7, wire,
                                    "hunter2"}.encode();
    QVERIFY(Ui::TranscriptExport::toText({}, {line}).contains(QLatin1String("password of 7 octets, masked")));
    QVERIFY(!Ui::TranscriptExport::toText({}, {line}).contains(QLatin1String("hunter2")));
    QVERIFY(!Ui::TranscriptExport::toHtml({}, {line}).contains(QLatin1String("hunter2")));
    QVERIFY(Ui::TranscriptExport::toText({}, {line}, true).contains(QLatin1String("hunter2")));
}

QTEST_MAIN(TestTeachWindow)
#include "tst_teachwindow.moc"
