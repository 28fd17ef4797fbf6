#include "faultrulespanel.h"

#include "capturecontroller.h"
#include "dialogs/faultruledialog.h"
#include "models/faultrulemodel.h"

#include "faults/presets.h"

#include <QCheckBox>
#include <algorithm>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSettings>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace Ui {

namespace {

// Where keepIn() keeps the plan: its JSON, its name, whether it differs from the preset or
// file of that name, and whether it is on.
const QString kPlanKey = QStringLiteral("faults/plan");
const QString kNameKey = QStringLiteral("faults/name");
const QString kEditedKey = QStringLiteral("faults/edited");
const QString kOnKey = QStringLiteral("faults/on");

// Holds every command (not the greeting) for up to ten minutes. Nothing but 421 is a legal
// reply to every command (RSET and QUIT cannot fail), so an unanswered step ends the session.
Faults::Rule stepRule()
{
    Faults::Rule r;
    r.name = FaultRulesPanel::kStepRule;
    r.stage = Faults::Stage::Any;
    r.when.newSessionsOnly = true; // a session already open goes on as it was
    r.action.type = Faults::ActionType::Hold;
    r.action.holdTimeoutMs = 10 * 60 * 1000;
    r.action.reply = Records::Reply::make(421, "4.3.2", "Nobody answered this step in 10 minutes, closing");
    return r;
}

QToolButton *toolButton(QWidget *parent, const QString &name, const QString &text, const QString &tip)
{
    auto *b = new QToolButton(parent);
    b->setObjectName(name);
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
}

} // namespace

FaultRulesPanel::FaultRulesPanel(CaptureController *capture, QWidget *parent)
    : QWidget(parent), m_capture(capture), m_model(new FaultRuleModel(this)), m_view(new QTreeView(this)),
      m_active(new QCheckBox(tr("Faults &on"), this)), m_step(new QCheckBox(tr("Step mode"), this)),
      m_seed(new QLineEdit(this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("faultRulesPanel"));
    m_active->setObjectName(QStringLiteral("faultsActive"));
    m_active->setToolTip(tr("Switch the whole plan; hit counts are kept while it is off"));
    m_step->setObjectName(QStringLiteral("stepMode"));
    m_step->setToolTip(tr("Hold every command until you choose its reply, to show a conversation one step at a time"));
    m_seed->setObjectName(QStringLiteral("faultSeed"));
    m_seed->setPlaceholderText(tr("random"));
    m_seed->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{0,19}")), m_seed));
    m_seed->setToolTip(tr("The same seed, plan and traffic give the same faults"));
    m_seed->setMaximumWidth(170);

    auto *presets = toolButton(this, QStringLiteral("faultPresets"), tr("&Presets"), tr("Start from a ready plan"));
    presets->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(presets);
    menu->setToolTipsVisible(true);
    for (const Faults::PresetInfo &p : Faults::presets()) {
        QAction *a = menu->addAction(p.name, this, [this, name = p.name] { loadPreset(name); });
        a->setToolTip(p.summary);
    }
    presets->setMenu(menu);
    auto *add = toolButton(this, QStringLiteral("addRule"), tr("&Add…"), tr("A new rule at the end of the plan"));
    auto *edit = toolButton(this, QStringLiteral("editRule"), tr("Edit…"), tr("Edit the selected rule"));
    auto *duplicate = toolButton(this, QStringLiteral("duplicateRule"), tr("D&uplicate"), tr("Copy the selected rule below it"));
    auto *remove = toolButton(this, QStringLiteral("deleteRule"), tr("&Delete"), tr("Remove the selected rule"));
    auto *open = toolButton(this, QStringLiteral("openPlan"), tr("Open…"), tr("Load a plan from a JSON file"));
    auto *save = toolButton(this, QStringLiteral("savePlan"), tr("Save…"), tr("Save the plan as JSON"));

    auto *top = new QHBoxLayout;
    top->addWidget(m_active);
    top->addWidget(m_step);
    top->addWidget(presets);
    top->addWidget(open);
    top->addWidget(save);
    top->addStretch(1);
    top->addWidget(new QLabel(tr("Seed:"), this));
    top->addWidget(m_seed);
    auto *rules = new QHBoxLayout;
    for (QToolButton *b : {add, edit, duplicate, remove})
        rules->addWidget(b);
    rules->addStretch(1);
    rules->addWidget(m_status);

    m_view->setObjectName(QStringLiteral("faultRuleList"));
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setAlternatingRowColors(true);
    m_view->setDragDropMode(QAbstractItemView::InternalMove);
    m_view->setDragEnabled(true);
    m_view->setDropIndicatorShown(true);
    m_view->setDefaultDropAction(Qt::MoveAction);
    m_view->setColumnWidth(FaultRuleModel::Name, 150);
    m_view->setColumnWidth(FaultRuleModel::Stage, 80);
    m_view->setColumnWidth(FaultRuleModel::Rule, 420);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(FaultRuleModel::Rule, QHeaderView::Stretch);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    layout->addLayout(rules);

    connect(add, &QToolButton::clicked, this, [this] { editRule(m_model->rowCount()); });
    connect(edit, &QToolButton::clicked, this, [this] { editRule(currentRow()); });
    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex &index) { editRule(index.row()); });
    connect(duplicate, &QToolButton::clicked, this, [this] { m_model->duplicate(currentRow()); });
    connect(remove, &QToolButton::clicked, this, [this] { m_model->remove(currentRow()); });
    connect(open, &QToolButton::clicked, this, &FaultRulesPanel::openPlan);
    connect(save, &QToolButton::clicked, this, &FaultRulesPanel::savePlan);
    connect(m_active, &QCheckBox::toggled, this, &FaultRulesPanel::apply);
    connect(m_step, &QCheckBox::toggled, this, [this](bool on) {
        apply();
        Q_EMIT stepModeChanged(on);
    });
    connect(m_seed, &QLineEdit::editingFinished, this, &FaultRulesPanel::applySeed);
    connect(m_model, &FaultRuleModel::planEdited, this, &FaultRulesPanel::apply);
    connect(m_capture, &CaptureController::faultPlanChanged, this, &FaultRulesPanel::onPlanChanged);

    m_statsTimer.setInterval(500);
    connect(&m_statsTimer, &QTimer::timeout, this, [this] {
        if (isVisible())
            refreshStats();
    });
    m_statsTimer.start();
    onPlanChanged(m_capture->faultPlanName());
}

FaultRulesPanel::~FaultRulesPanel() = default;

bool FaultRulesPanel::isActive() const
{
    return m_active->isChecked();
}

void FaultRulesPanel::setActive(bool on)
{
    m_active->setChecked(on);
}

bool FaultRulesPanel::stepMode() const
{
    return m_step->isChecked();
}

void FaultRulesPanel::setStepMode(bool on)
{
    m_step->setChecked(on);
}

int FaultRulesPanel::currentRow() const
{
    const QModelIndex index = m_view->currentIndex();
    return index.isValid() ? index.row() : -1;
}

// What the injector gets: the edited plan (every rule off while the switch is off, so hit
// counts and scenario state survive), behind the step rule in step mode.
void FaultRulesPanel::apply()
{
    Faults::Plan plan = m_model->plan();
    for (Faults::Rule &r : plan.rules)
        r.enabled = r.enabled && m_active->isChecked();
    if (m_step->isChecked())
        plan.rules.prepend(stepRule());
    const QStringList problems = plan.problems();
    if (!problems.isEmpty()) { // e.g. a rule called step-mode in a loaded file
        m_status->setText(problems.first());
        return;
    }
    const bool any = std::any_of(plan.rules.cbegin(), plan.rules.cend(), [](const Faults::Rule &r) { return r.enabled; });
    QString planName = m_name.isEmpty() ? tr("custom") : m_name;
    if (!m_name.isEmpty() && m_model->plan().rules != m_namedRules)
        planName = tr("%1 (edited)").arg(m_name);
    QString name = m_step->isChecked() ? tr("step mode") : planName;
    if (m_step->isChecked() && m_active->isChecked() && !m_model->plan().isEmpty())
        name = planName + tr(" + step mode");
    m_applying = true;
    m_capture->setFaultPlan(plan, any ? name : QString());
    m_applying = false;
    m_status->setText(any ? tr("Applies from the next command of every session") : tr("Off: every command gets the normal reply"));
    refreshStats();
    remember();
}

// The plan was set elsewhere (the HTTP API): show it here, switched on.
void FaultRulesPanel::onPlanChanged(const QString &name)
{
    if (m_applying)
        return;
    Faults::Plan plan = m_capture->faultPlan();
    plan.rules.removeIf([](const Faults::Rule &r) { return r.name == kStepRule; });
    m_name = name;
    m_namedRules = plan.rules;
    m_model->setPlan(plan);
    const QSignalBlocker blockActive(m_active), blockStep(m_step);
    m_active->setChecked(!plan.isEmpty());
    m_step->setChecked(false);
    Q_EMIT stepModeChanged(false);
    m_seed->setText(plan.seed ? QString::number(*plan.seed) : QString());
    if (plan.seed)
        m_capture->injector()->setSeed(*plan.seed);
    remember();
}

bool FaultRulesPanel::isEdited() const
{
    const Faults::Plan plan = m_model->plan();
    return !plan.isEmpty() && (m_name.isEmpty() || plan.rules != m_namedRules);
}

void FaultRulesPanel::loadPreset(const QString &name)
{
    auto plan = Faults::preset(name);
    if (!plan)
        return;
    if (!plan->seed)
        plan->seed = m_model->plan().seed; // a preset without a seed keeps the one typed
    replacePlan(*plan, name);
}

void FaultRulesPanel::replacePlan(const Faults::Plan &plan, const QString &name)
{
    if (!isEdited() || plan.rules == m_model->plan().rules) {
        setPlan(plan, name);
        return;
    }
    auto *question = new QMessageBox(QMessageBox::Question, tr("Replace the fault plan?"),
                                     tr("The rules in the Fault rules dock have been changed. Load \"%1\" in their place "
                                        "and lose the changes?").arg(name),
                                     QMessageBox::NoButton, this);
    question->setObjectName(QStringLiteral("replacePlanQuestion"));
    question->setInformativeText(tr("Save… keeps the current rules in a file first."));
    QPushButton *replace = question->addButton(tr("&Replace"), QMessageBox::DestructiveRole);
    question->addButton(QMessageBox::Cancel);
    question->setDefaultButton(QMessageBox::Cancel);
    question->setAttribute(Qt::WA_DeleteOnClose);
    connect(question, &QMessageBox::finished, this, [this, question, replace, plan, name] {
        if (question->clickedButton() == replace)
            setPlan(plan, name);
    });
    question->open();
}

void FaultRulesPanel::setPlan(const Faults::Plan &plan, const QString &name)
{
    m_name = name;
    m_namedRules = plan.rules;
    m_model->setPlan(plan);
    m_seed->setText(plan.seed ? QString::number(*plan.seed) : QString());
    if (plan.seed)
        m_capture->injector()->setSeed(*plan.seed);
    const QSignalBlocker block(m_active);
    m_active->setChecked(true);
    apply();
}

void FaultRulesPanel::keepIn(QSettings *settings)
{
    m_settings = nullptr; // nothing is written back while the kept plan is loaded
    const QByteArray json = settings->value(kPlanKey).toByteArray();
    QString error;
    const auto plan = json.isEmpty() ? std::nullopt : Faults::Plan::fromJson(json, &error);
    if (!json.isEmpty() && !plan)
        m_status->setText(tr("The fault plan kept from the last run was not loaded: %1").arg(error));
    if (plan && !plan->isEmpty()) {
        const QString name = settings->value(kNameKey).toString();
        setPlan(*plan, name);
        if (settings->value(kEditedKey).toBool()) {
            const auto named = Faults::preset(name);
            m_namedRules = named ? named->rules : QList<Faults::Rule>{};
        }
        const bool on = settings->value(kOnKey, true).toBool();
        if (!on)
            setActive(false); // applies the plan switched off
        else
            apply();          // names the plan "edited" if it is
    }
    m_settings = settings;
    remember();
}

void FaultRulesPanel::remember() const
{
    if (!m_settings)
        return;
    const Faults::Plan plan = m_model->plan();
    m_settings->setValue(kPlanKey, plan.isEmpty() ? QByteArray() : plan.toJson());
    m_settings->setValue(kNameKey, m_name);
    m_settings->setValue(kEditedKey, isEdited() && !m_name.isEmpty());
    m_settings->setValue(kOnKey, m_active->isChecked());
}

void FaultRulesPanel::editRule(int row)
{
    if (row < 0 || row > m_model->rowCount())
        return;
    const bool adding = row == m_model->rowCount();
    Faults::Rule rule;
    if (adding) {
        rule.name = QStringLiteral("rule-%1").arg(row + 1);
        rule.stage = Faults::Stage::Rcpt;
        rule.action.reply = Records::Reply::make(452, "4.2.2", "Mailbox full");
    } else {
        rule = m_model->rule(row);
    }
    QStringList taken = m_model->names();
    if (!adding)
        taken.removeAt(row);
    taken.append(kStepRule);
    auto *dialog = new FaultRuleDialog(rule, taken, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, row] {
        if (row <= m_model->rowCount()) {
            m_model->setRule(row, dialog->rule());
            if (!m_active->isChecked())
                m_active->setChecked(true); // a rule just written is meant to act
        }
    });
    dialog->open();
}

void FaultRulesPanel::refreshStats()
{
    m_model->setStats(m_capture->injector()->stats());
}

void FaultRulesPanel::applySeed()
{
    bool ok = false;
    const quint64 seed = m_seed->text().toULongLong(&ok);
    m_model->setSeed(ok ? std::optional<quint64>(seed) : std::nullopt);
    if (ok)
        m_capture->injector()->setSeed(seed);
    remember();
}

void FaultRulesPanel::openPlan()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open fault plan"), {}, tr("Fault plans (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    const auto plan = Faults::Plan::load(path, &error);
    if (!plan) {
        QMessageBox::warning(this, tr("Open fault plan"), error);
        return;
    }
    replacePlan(*plan, QFileInfo(path).fileName());
}

void FaultRulesPanel::savePlan()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save fault plan"), m_name.endsWith(QLatin1String(".json")) ? m_name : m_name + QStringLiteral(".json"),
                                                      tr("Fault plans (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!m_model->plan().save(path, &error)) {
        QMessageBox::warning(this, tr("Save fault plan"), error);
        return;
    }
    m_name = QFileInfo(path).fileName();
    m_namedRules = m_model->plan().rules;
    apply(); // the toolbar shows the file's name
}

} // namespace Ui
