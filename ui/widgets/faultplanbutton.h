#pragma once

#include <QToolButton>

class QActionGroup;
class QStatusBar;

namespace Ui {

class CaptureController;
class FaultRulesPanel;

// The toolbar's "Faults: …" button: says which fault plan is in force and offers the presets
// and a plan file in its menu. The plan goes to the capture controller, which every session
// consults from its next command. With the rules dock attached, the menu goes through it:
// "Off" switches its plan off without forgetting it, and a plan over edited rules asks first.
class FaultPlanButton final : public QToolButton
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FaultPlanButton)

public:
    FaultPlanButton(CaptureController *capture, QStatusBar *statusBar, QWidget *parent = nullptr);
    ~FaultPlanButton() override;

    void setRulesPanel(FaultRulesPanel *panel) { m_panel = panel; } // not owned

private:
    void chooseFaultPlan(const QString &preset);
    void showPlan(const QString &name);

    CaptureController *m_capture;
    QStatusBar *m_statusBar;
    QActionGroup *m_group;
    FaultRulesPanel *m_panel = nullptr;
};

} // namespace Ui
