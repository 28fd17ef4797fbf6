#include "faultplanbutton.h"

#include "capturecontroller.h"
#include "theme.h"
#include "widgets/faultrulespanel.h"

#include "faults/presets.h"

#include <QActionGroup>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>

namespace Ui {

FaultPlanButton::FaultPlanButton(CaptureController *capture, QStatusBar *statusBar, QWidget *parent)
    : QToolButton(parent), m_capture(capture), m_statusBar(statusBar)
{
    setObjectName(QStringLiteral("faultsButton"));
    setPopupMode(QToolButton::InstantPopup);
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto *menu = new QMenu(this);
    auto *group = new QActionGroup(menu);
    m_group = group;
    const auto add = [&](const QString &text, const QString &preset, const QString &tip) {
        QAction *a = menu->addAction(text, this, [this, preset] { chooseFaultPlan(preset); });
        a->setCheckable(true);
        a->setToolTip(tip);
        a->setData(preset);
        group->addAction(a);
        return a;
    };
    add(tr("Off: answer every command normally"), QString(), {})->setChecked(true);
    menu->addSection(tr("Presets"));
    for (const Faults::PresetInfo &p : Faults::presets())
        add(p.name + QStringLiteral(" — ") + p.summary, p.name, p.summary);
    menu->addSeparator();
    menu->addAction(tr("Open plan file…"), this, [this] { chooseFaultPlan(QStringLiteral("file:")); });
    menu->setToolTipsVisible(true);
    setMenu(menu);
    connect(m_capture, &CaptureController::faultPlanChanged, this, &FaultPlanButton::showPlan);
    showPlan(m_capture->faultPlanName());
}

FaultPlanButton::~FaultPlanButton() = default;

void FaultPlanButton::showPlan(const QString &name)
{
    setText(name.isEmpty() ? tr("Faults: off") : tr("Faults: %1").arg(name));
    setIcon(name.isEmpty() ? QIcon() : Theme::icon("dialog-warning", QStyle::SP_MessageBoxWarning));
    setToolTip(name.isEmpty() ? tr("Fault injection is off: every command gets the normal reply.")
                              : tr("Fault plan \"%1\" decides some replies; sessions and messages it "
                                   "touched are marked \"fault\".").arg(name));
    for (QAction *a : m_group->actions())
        a->setChecked(a->data().toString() == name || (name.isEmpty() && a->data().toString().isEmpty()));
}

void FaultPlanButton::chooseFaultPlan(const QString &preset)
{
    if (preset.isEmpty()) {
        if (m_panel)
            m_panel->setActive(false);
        else
            m_capture->setFaultPlan({}, {});
        return;
    }
    const auto keep = [this] { showPlan(m_capture->faultPlanName()); };
    QString error;
    std::optional<Faults::Plan> plan;
    QString name = preset;
    if (preset == QLatin1String("file:")) {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open fault plan"), {}, tr("Fault plans (*.json)"));
        if (path.isEmpty()) {
            keep(); // the menu checked what was clicked; show the plan in force again
            return;
        }
        plan = Faults::Plan::load(path, &error);
        name = QFileInfo(path).fileName();
    } else {
        plan = Faults::preset(preset);
    }
    if (!plan) {
        QMessageBox::warning(this, tr("Fault plan"), error.isEmpty() ? tr("No such plan.") : error);
        keep();
        return;
    }
    if (m_panel) {
        m_panel->replacePlan(*plan, name);
        keep(); // the menu shows the plan in force until the question is answered
        if (m_capture->faultPlanName() != name)
            return;
    } else {
        m_capture->setFaultPlan(*plan, name);
    }
    m_statusBar->showMessage(tr("Fault plan \"%1\" applies from the next command of every session.").arg(name), 6000);
}

} // namespace Ui
