// The window's fault rules, held sessions, console and transcript export, against its own
// listener with a real SMTP client.
#include "windowfixture.h"

#include "capturecontroller.h"
#include "records/authsecret.h"
#include "dialogs/faultruledialog.h"
#include "faults/holdbroker.h"
#include "faults/presets.h"
#include "mainwindow.h"
#include "models/faultrulemodel.h"
#include "models/messagelistmodel.h"
#include "models/sessionlistmodel.h"
#include "models/smtpexplain.h"
#include "models/transcriptmodel.h"
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
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
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

// The button of the "replace the plan?" question that replaces it.
QAbstractButton *replaceButton(QMessageBox *question)
{
    for (QAbstractButton *b : question->buttons()) {
        if (question->buttonRole(b) == QMessageBox::DestructiveRole)
            return b;
    }
    return nullptr;
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
    void editorWritesMultiLineReplies();
    void editorKeepsItsPlaceWhileTyping();
    void heldSessionsAreAnsweredFromThePanel();
    void stepModeHoldsEveryCommand();
    void editedPresetIsNamedSo();
    void planIsKeptAcrossRestarts();
    void faultsHaveTheirOwnMenu();
    void heldCardFitsANarrowDock();
    void preGreetTrafficShowsInTheTranscript();
    void presetOverEditedPlanAsksFirst();
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
    dialog->findChild<QPlainTextEdit *>(QStringLiteral("text"))->setPlainText(QStringLiteral("Mailbox full"));
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

// Each line typed in the reply text is a line of the reply, on the wire as RFC 5321 4.2.1 has it.
void TestTeachWindow::editorWritesMultiLineReplies()
{
    Faults::Rule rule;
    rule.name = QStringLiteral("r1");
    rule.stage = Faults::Stage::Rcpt;
    rule.action.reply = Records::Reply::make(452, "4.2.2", "Mailbox full");
    Ui::FaultRuleDialog dialog(rule, {});
    dialog.show();
    auto *text = dialog.findChild<QPlainTextEdit *>(QStringLiteral("text"));
    QVERIFY(text);
    text->clear();
    QTest::keyClicks(text, QStringLiteral("Mailbox full"));
    QTest::keyClick(text, Qt::Key_Return);
    QTest::keyClicks(text, QStringLiteral("Try again tomorrow"));
    QTest::keyClick(text, Qt::Key_Return); // a last line break adds no empty line
    const Faults::Rule written = dialog.rule();
    QVERIFY(written.action.reply);
    QCOMPARE(written.action.reply->format(true), QByteArray("452-4.2.2 Mailbox full\r\n452 4.2.2 Try again tomorrow\r\n"));
    QVERIFY2(dialog.problems().isEmpty(), qPrintable(dialog.problems().join(QLatin1Char('\n'))));
    QVERIFY(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());

    // A rule with several lines opens with each on its own line.
    Ui::FaultRuleDialog again(written, {});
    QCOMPARE(again.findChild<QPlainTextEdit *>(QStringLiteral("text"))->toPlainText(),
             QStringLiteral("Mailbox full\nTry again tomorrow"));
    QCOMPARE(again.rule(), written);
}

// Messages come and go as a field is typed in; the fields below them stay where they are,
// and a message shown is never cut off.
void TestTeachWindow::editorKeepsItsPlaceWhileTyping()
{
    Faults::Rule rule;
    rule.name = QStringLiteral("r1");
    rule.stage = Faults::Stage::Rcpt;
    rule.action.reply = Records::Reply::make(452, "4.2.2", "Mailbox full");
    Ui::FaultRuleDialog dialog(rule, {});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *name = dialog.findChild<QLineEdit *>(QStringLiteral("name"));
    auto *argument = dialog.findChild<QLineEdit *>(QStringLiteral("argument"));
    auto *nameError = dialog.findChild<QLabel *>(QStringLiteral("nameError"));
    auto *argumentError = dialog.findChild<QLabel *>(QStringLiteral("argumentError"));
    QWidget *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    const auto place = [&](QWidget *w) {
        for (int i = 0; i < 5; ++i) { // nested layouts settle one level per round
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
            QCoreApplication::processEvents();
        }
        return w->mapTo(&dialog, QPoint(0, 0)).y();
    };
    const auto unclipped = [&](QLabel *label) {
        return label->isHidden() || label->height() >= label->heightForWidth(label->width());
    };

    name->setFocus();
    QTest::keyClicks(name, QStringLiteral(" x")); // "r1 x": no spaces in a name
    QTRY_VERIFY(nameError->isVisible());
    QVERIFY(unclipped(nameError));
    const int stageAt = place(dialog.findChild<QWidget *>(QStringLiteral("stage")));
    const int okAt = place(ok);
    QTest::keyClick(name, Qt::Key_Backspace);
    QTest::keyClick(name, Qt::Key_Backspace); // "r1": valid again
    QTRY_VERIFY(nameError->isHidden());
    QCOMPARE(place(dialog.findChild<QWidget *>(QStringLiteral("stage"))), stageAt);
    QCOMPARE(place(ok), okAt);
    QTest::keyClicks(name, QStringLiteral("!"));
    QTRY_VERIFY(nameError->isVisible());
    QCOMPARE(place(dialog.findChild<QWidget *>(QStringLiteral("stage"))), stageAt);

    // A long message wraps and the dialog makes room for all of it.
    QTest::keyClick(name, Qt::Key_Backspace);
    QTest::keyClicks(argument, QStringLiteral("(unclosed[group"));
    QTRY_VERIFY(argumentError->isVisible());
    QTRY_VERIFY2(unclipped(argumentError), qPrintable(QStringLiteral("%1 < %2: %3").arg(argumentError->height())
                                                     .arg(argumentError->heightForWidth(argumentError->width()))
                                                     .arg(argumentError->text())));
    QVERIFY(dialog.rect().contains(QRect(ok->mapTo(&dialog, QPoint(0, 0)), ok->size())));
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
    // (zero-width spaces let a long address wrap)
    QVERIFY(card->findChild<QLabel *>(QStringLiteral("holdCommand"))->text().remove(QChar(0x200B)).contains(QLatin1String("RCPT TO:&lt;rcpt@example.org&gt;")));
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

// The plan in the dock, its name and its switch come back with the window; step mode does not.
void TestTeachWindow::planIsKeptAcrossRestarts()
{
    WindowFixture f;
    Ui::FaultRulesPanel *panel = f.window().faultRules();
    panel->loadPreset(QStringLiteral("temp-fail-rcpt"));
    Faults::Rule changed = panel->model()->plan().rules.first();
    changed.action.reply->code = 451;
    panel->model()->setRule(0, changed);
    panel->setStepMode(true);
    const Faults::Plan edited = panel->model()->plan();

    f.restart();
    panel = f.window().faultRules();
    QCOMPARE(panel->model()->plan(), edited);
    QVERIFY(panel->isActive());
    QVERIFY(!panel->stepMode());
    QVERIFY(panel->isEdited());
    QCOMPARE(f.window().faultPlanButton()->text(), QStringLiteral("Faults: temp-fail-rcpt (edited)"));
    SmtpTestClient client;
    client.send(f.port(), {WindowFixture::message("refused")});
    QVERIFY(finish(client));
    QVERIFY2(client.transcript().contains("S: 451 4.2.1"), client.transcript().constData());

    // Switched off, it comes back off and still there.
    panel->setActive(false);
    f.restart();
    panel = f.window().faultRules();
    QCOMPARE(panel->model()->plan(), edited);
    QVERIFY(!panel->isActive());
    QCOMPARE(f.window().faultPlanButton()->text(), QStringLiteral("Faults: off"));
    QVERIFY(f.deliver({WindowFixture::message("accepted")}));

    // An unchanged preset is itself again, not "edited".
    panel->loadPreset(QStringLiteral("unknown-user"));
    QTRY_VERIFY(panel->findChild<QMessageBox *>(QStringLiteral("replacePlanQuestion")));
    QTest::mouseClick(replaceButton(panel->findChild<QMessageBox *>(QStringLiteral("replacePlanQuestion"))), Qt::LeftButton);
    QCOMPARE(f.window().faultPlanButton()->text(), QStringLiteral("Faults: unknown-user"));
    f.restart();
    QCOMPARE(f.window().faultPlanButton()->text(), QStringLiteral("Faults: unknown-user"));
    QVERIFY(!f.window().faultRules()->isEdited());
}

// The plan has a menu of its own; Teach keeps step mode, held sessions, the console and
// export; both come before Help.
void TestTeachWindow::faultsHaveTheirOwnMenu()
{
    WindowFixture f;
    QMenuBar *bar = f.window().menuBar();
    auto *faults = bar->findChild<QMenu *>(QStringLiteral("faultsMenu"));
    auto *teach = bar->findChild<QMenu *>(QStringLiteral("teachMenu"));
    auto *help = bar->findChild<QMenu *>(QStringLiteral("helpMenu"));
    QVERIFY(faults && teach && help);
    const QList<QAction *> menus = bar->actions();
    QVERIFY(menus.indexOf(faults->menuAction()) < menus.indexOf(teach->menuAction()));
    QCOMPARE(menus.indexOf(teach->menuAction()) + 1, menus.indexOf(help->menuAction()));

    auto *rulesDock = f.window().findChild<QDockWidget *>(QStringLiteral("faultRulesDock"));
    QVERIFY(faults->actions().contains(rulesDock->toggleViewAction()));
    QVERIFY(!teach->actions().contains(rulesDock->toggleViewAction()));
    QVERIFY(teach->actions().contains(f.window().findChild<QAction *>(QStringLiteral("stepModeAction"))));
    QVERIFY(teach->actions().contains(f.window().findChild<QDockWidget *>(QStringLiteral("holdDock"))->toggleViewAction()));
    QVERIFY(teach->actions().contains(f.window().findChild<QDockWidget *>(QStringLiteral("consoleDock"))->toggleViewAction()));

    // Its presets load into the dock; its switch and the dock's are one.
    QMenu *presets = nullptr;
    for (QAction *a : faults->actions()) {
        if (a->menu())
            presets = a->menu();
    }
    QVERIFY(presets);
    QAction *unknownUser = nullptr;
    for (QAction *a : presets->actions()) {
        if (a->text() == QLatin1String("unknown-user"))
            unknownUser = a;
    }
    QVERIFY(unknownUser);
    unknownUser->trigger();
    QCOMPARE(f.window().faultRules()->model()->plan().rules, Faults::preset(QStringLiteral("unknown-user"))->rules);
    auto *on = faults->findChild<QAction *>(QStringLiteral("faultsOnAction"));
    QVERIFY(on && on->isChecked());
    on->trigger();
    QVERIFY(!f.window().faultRules()->isActive());
    QCOMPARE(f.window().faultPlanButton()->text(), QStringLiteral("Faults: off"));
    f.window().faultRules()->setActive(true);
    QVERIFY(on->isChecked());
}

// A held session's card in a narrow dock: nothing is cut off at the right, and every
// label is as tall as its wrapped text.
void TestTeachWindow::heldCardFitsANarrowDock()
{
    Faults::HoldBroker broker;
    Ui::HoldPanel panel(&broker);
    Faults::HoldRequest r;
    r.session = 1;
    r.rule = QStringLiteral("ask-the-teacher-about-every-recipient");
    r.stage = Faults::Stage::Rcpt;
    r.command = "RCPT TO:<a.rather.long.recipient.address@subdomain.example.org> NOTIFY=SUCCESS,FAILURE";
    r.defaultReply = Records::Reply::make(451, "4.3.0", "Requested action aborted: local error in processing");
    r.timeoutMs = 120000;
    const quint64 id = broker.request(r);
    QTRY_VERIFY(panel.card(id));
    panel.resize(280, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QWidget *card = panel.card(id);
    QTRY_VERIFY(card->isVisible());
    QVERIFY2(card->minimumSizeHint().width() <= 280 - 20, qPrintable(QString::number(card->minimumSizeHint().width())));
    const QRect inPanel(card->mapTo(&panel, QPoint(0, 0)), card->size());
    QVERIFY2(inPanel.right() < panel.width(), qPrintable(QStringLiteral("%1 > %2").arg(inPanel.right()).arg(panel.width())));
    for (QLabel *label : card->findChildren<QLabel *>()) {
        if (label->isHidden() || label->text().isEmpty())
            continue;
        QVERIFY2(label->wordWrap(), qPrintable(label->objectName()));
        QVERIFY2(label->height() >= label->heightForWidth(label->width()), qPrintable(label->text()));
    }
}

// A client that talks while a rule delays the greeting: the session list counts the defect,
// and the session's transcript has it as a row before the greeting.
void TestTeachWindow::preGreetTrafficShowsInTheTranscript()
{
    WindowFixture f;
    QString error;
    const auto plan = Faults::Plan::fromJson(R"({"version": 1, "rules": [{"name": "slow-banner", "stage": "greeting",
        "action": {"type": "delay", "delayMs": 300}}]})", &error);
    QVERIFY2(plan, qPrintable(error));
    f.window().capture()->setFaultPlan(*plan, QStringLiteral("slow-banner"));
    QTcpSocket eager;
    eager.connectToHost(QHostAddress::LocalHost, f.port());
    eager.write("EHLO eager.example\r\nQUIT\r\n");
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT((received += eager.readAll()).contains("221 "), 10000);

    Ui::SessionListModel *sessions = f.window().sessionModel();
    QTRY_COMPARE(sessions->rowCount(), 1);
    QTRY_COMPARE(sessions->data(sessions->index(0, Ui::SessionListModel::Defects), Qt::DisplayRole).toString(), QStringLiteral("1"));
    const qint64 id = sessions->data(sessions->index(0, 0), Ui::SessionListModel::IdRole).toLongLong();
    f.window().messageView()->showSession(id);
    Ui::TranscriptModel *t = f.window().messageView()->transcriptModel();
    QTRY_VERIFY(t->sessionId() == id && t->rowCount() >= 4);
    QStringList rows;
    for (int row = 0; row < t->rowCount(); ++row)
        rows.append(t->data(t->index(row, Ui::TranscriptModel::Who), Qt::DisplayRole).toString() + QLatin1Char(' ')
                    + t->data(t->index(row, Ui::TranscriptModel::Line), Qt::DisplayRole).toString());
    const qsizetype defect = rows.indexOf(QStringLiteral("-! Client sent data before the server's greeting (RFC 5321 4.3.1)"));
    qsizetype greeting = -1;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (rows[i].startsWith(QLatin1String("S: 220 ")))
            greeting = i;
    }
    QVERIFY2(defect >= 0 && greeting > defect, qPrintable(rows.join(QLatin1Char('\n'))));
}

// Loading a preset over rules changed in the dock asks first, from the dock and from the
// toolbar; a preset as it came is replaced without a question.
void TestTeachWindow::presetOverEditedPlanAsksFirst()
{
    WindowFixture f;
    Ui::FaultRulesPanel *panel = f.window().faultRules();
    const auto question = [&] { return panel->findChild<QMessageBox *>(QStringLiteral("replacePlanQuestion")); };
    panel->loadPreset(QStringLiteral("temp-fail-rcpt"));
    panel->loadPreset(QStringLiteral("mailbox-full"));
    QVERIFY(!question());
    QCOMPARE(panel->model()->plan().rules, Faults::preset(QStringLiteral("mailbox-full"))->rules);

    Faults::Rule changed = panel->model()->plan().rules.first();
    changed.name = QStringLiteral("my-rule");
    panel->model()->setRule(0, changed);
    const Faults::Plan edited = panel->model()->plan();
    panel->loadPreset(QStringLiteral("unknown-user"));
    QTRY_VERIFY(question() && question()->isVisible());
    QCOMPARE(panel->model()->plan(), edited); // nothing replaced while the question is open
    QTest::mouseClick(question()->button(QMessageBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY(!question());
    QCOMPARE(panel->model()->plan(), edited);
    QCOMPARE(f.window().capture()->faultPlan().rules.first().name, QStringLiteral("my-rule"));

    // The toolbar's menu asks the same, and its tick stays on the plan in force.
    QToolButton *button = f.window().faultPlanButton();
    QAction *greylisting = nullptr;
    for (QAction *a : button->menu()->actions()) {
        if (a->data().toString() == QLatin1String("greylisting"))
            greylisting = a;
    }
    QVERIFY(greylisting);
    greylisting->trigger();
    QTRY_VERIFY(question() && question()->isVisible());
    QVERIFY(!greylisting->isChecked());
    QCOMPARE(panel->model()->plan(), edited);
    QAbstractButton *replace = replaceButton(question());
    QVERIFY(replace);
    QTest::mouseClick(replace, Qt::LeftButton);
    QCOMPARE(panel->model()->plan().rules, Faults::preset(QStringLiteral("greylisting"))->rules);
    QCOMPARE(button->text(), QStringLiteral("Faults: greylisting"));
    QVERIFY(greylisting->isChecked());

    // "Off" in the toolbar switches the plan off and keeps its rules.
    for (QAction *a : button->menu()->actions()) {
        if (a->isCheckable() && a->data().toString().isEmpty())
            a->trigger();
    }
    QCOMPARE(button->text(), QStringLiteral("Faults: off"));
    QVERIFY(!panel->isActive());
    QCOMPARE(panel->model()->plan().rules, Faults::preset(QStringLiteral("greylisting"))->rules);
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
    QVERIFY(client.transcript().contains("S: 250-Hello, class\r\nS: 250-PIPELINING\r\n"));
    QVERIFY(client.transcript().contains("S: 250 2.1.0 Sender <sender@example.com> OK\r\n")); // the 250 button sends the server's reply
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
