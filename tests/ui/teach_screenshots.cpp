// Takes the README's screenshots of fault injection and teaching: the rule editor, a held
// session and the SMTP console beside its transcript. Run by teach-screenshots.sh under Xvfb;
// writes PNGs into the folder given as the first argument.
#include "windowfixture.h"

#include "capturecontroller.h"
#include "dialogs/faultruledialog.h"
#include "mainwindow.h"
#include "teachingdocks.h"
#include "views/previewengine.h"
#include "models/faultrulemodel.h"
#include "widgets/faultrulespanel.h"
#include "widgets/holdpanel.h"
#include "widgets/smtpconsolewidget.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLineEdit>
#include <QScreen>
#include <QTest>

namespace {

void shoot(const QString &folder, const QString &name)
{
    QTest::qWait(600);
    const QString path = folder + QLatin1Char('/') + name + QStringLiteral(".png");
    QGuiApplication::primaryScreen()->grabWindow(0).save(path);
    qInfo("wrote %s", qPrintable(path));
}

void showDock(QDockWidget *dock)
{
    dock->show();
    dock->raise();
}

} // namespace

int main(int argc, char **argv)
{
    Ui::PreviewEngine::prepare();
    QApplication app(argc, argv);
    const QString folder = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("docs/screenshots");
    WindowFixture f;
    Ui::MainWindow &w = f.window();
    w.move(0, 0);
    w.resize(1400, 900);
    Ui::FaultRulesPanel *panel = w.faultRules();
    f.deliver({WindowFixture::message("Weekly report"), WindowFixture::message("Invoice 2026-114")});
    panel->loadPreset(QStringLiteral("temp-fail-rcpt"));
    panel->model()->setData(panel->model()->index(0, Ui::FaultRuleModel::Name), Qt::Unchecked, Qt::CheckStateRole);
    showDock(w.teaching()->faultRulesDock());

    // The rule editor on a rule that refuses every 3rd recipient at example.com.
    Faults::Rule rule;
    rule.name = QStringLiteral("third-rcpt-full");
    rule.stage = Faults::Stage::Rcpt;
    rule.when.argument = QStringLiteral("@example\\.com$");
    rule.when.every = 3;
    rule.action.reply = Records::Reply{452, "4.2.2", {"Mailbox full", "Try again tomorrow"}};
    panel->model()->setRule(panel->model()->rowCount(), rule);
    panel->editRule(panel->model()->rowCount() - 1);
    auto *dialog = panel->findChild<Ui::FaultRuleDialog *>();
    dialog->move(380, 60);
    shoot(folder, QStringLiteral("fault-rule-editor"));
    dialog->reject();

    // A session held at RCPT, waiting for the teacher's answer.
    Faults::Rule hold;
    hold.name = QStringLiteral("ask-teacher");
    hold.stage = Faults::Stage::Rcpt;
    hold.action.type = Faults::ActionType::Hold;
    hold.action.holdTimeoutMs = 120000;
    panel->model()->setRule(panel->model()->rowCount(), hold);
    panel->model()->moveRows({}, panel->model()->rowCount() - 1, 1, {}, 0);
    SmtpTestClient held;
    held.send(f.port(), {WindowFixture::message("Held at RCPT")});
    if (!QTest::qWaitFor([&] { return w.holds()->pendingCount() == 1; }, 5000))
        qWarning("no session was held");
    w.resizeDocks({w.teaching()->holdDock()}, {330}, Qt::Horizontal);
    shoot(folder, QStringLiteral("held-session"));

    // The console beside the server's side of the same conversation.
    panel->setActive(false);
    w.teaching()->faultRulesDock()->hide();
    w.findChild<QAction *>(QStringLiteral("toggleRawAction"))->setChecked(false); // room for the meanings
    showDock(w.teaching()->consoleDock());
    w.resizeDocks({w.teaching()->consoleDock()}, {520}, Qt::Horizontal);
    auto *input = w.console()->findChild<QLineEdit *>(QStringLiteral("consoleInput"));
    for (const char *line : {"EHLO classroom.example", "MAIL FROM:<teacher@example.edu>", "RCPT TO:<student@example.edu>"}) {
        QTest::keyClicks(input, QLatin1String(line));
        QTest::keyClick(input, Qt::Key_Return);
        QTest::qWait(400);
    }
    shoot(folder, QStringLiteral("smtp-console"));
    return 0;
}
