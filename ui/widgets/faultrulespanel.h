#pragma once

#include "faults/plan.h"

#include <QTimer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QSettings;
class QToolButton;
class QTreeView;

namespace Ui {

class CaptureController;
class FaultRuleModel;

// The fault rules dock: the plan being edited (FaultRuleModel), a switch for the whole plan,
// step mode, presets, open/save as JSON and the seed. Every edit goes to the capture's
// injector at once, so it applies from the next command of every session; hit counts are
// read back from the injector twice a second. The plan, its name and the switch are kept in
// the settings (keepIn) and come back with the window; step mode does not. GUI thread.
class FaultRulesPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FaultRulesPanel)

public:
    // The rule step mode puts first: it holds every command until someone answers.
    static inline const QString kStepRule = QStringLiteral("step-mode");

    explicit FaultRulesPanel(CaptureController *capture, QWidget *parent = nullptr);
    ~FaultRulesPanel() override;

    FaultRuleModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    bool isActive() const;
    void setActive(bool on);
    void setStepMode(bool on);
    bool stepMode() const;
    // Loads the settings' plan, then writes every change back to them. Not owned.
    void keepIn(QSettings *settings);
    // True when the rules are not as a preset or file has them, or were written here.
    bool isEdited() const;
    // Both replace the plan; over an edited one, only once the user agrees (asked in a
    // "replacePlanQuestion" message box).
    void loadPreset(const QString &name);
    void replacePlan(const Faults::Plan &plan, const QString &name);
    void editRule(int row);          // row == rowCount: a new rule; opens FaultRuleDialog
    void refreshStats();
    void openPlan();                 // asks for a JSON file
    void savePlan();

Q_SIGNALS:
    void stepModeChanged(bool on);

private:
    void apply();
    void setPlan(const Faults::Plan &plan, const QString &name);
    void remember() const;
    void onPlanChanged(const QString &name);
    int currentRow() const;
    void applySeed();

    CaptureController *m_capture;
    FaultRuleModel *m_model;
    QTreeView *m_view;
    QCheckBox *m_active;
    QCheckBox *m_step;
    QLineEdit *m_seed;
    QLabel *m_status;
    QString m_name;              // the plan's name for the toolbar: preset or file name
    QList<Faults::Rule> m_namedRules; // the rules as m_name has them; others are "edited"
    bool m_applying = false;
    QSettings *m_settings = nullptr;
    QTimer m_statsTimer;
};

} // namespace Ui
