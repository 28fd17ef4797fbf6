#pragma once

#include "faults/rule.h"

#include <QDialog>
#include <QHash>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace Ui {

// Edits one fault rule: every stage, condition and action of the engine. The engine's own
// validation runs on each change and its messages appear under the field they are about;
// a line below says in words what the rule will do. OK stays disabled while the rule is
// invalid or its name is taken.
class FaultRuleDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FaultRuleDialog)

public:
    // takenNames: the other rules' names in the plan.
    explicit FaultRuleDialog(const Faults::Rule &rule, const QStringList &takenNames, QWidget *parent = nullptr);
    ~FaultRuleDialog() override;

    Faults::Rule rule() const;
    QStringList problems() const { return m_problems; }
    QString summary() const;

protected:
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void fitHeight();
    void fitToText(QLabel *label);
    QWidget *field(QFormLayout *form, const QString &label, QWidget *widget, const QString &key);
    void load(const Faults::Rule &rule);
    void revalidate();
    void showActionFields();

    QStringList m_taken;
    QStringList m_problems;
    QHash<QString, QLabel *> m_errors;    // field key -> message under it
    QHash<QString, QWidget *> m_rows;     // action field key -> its row, shown per action
    QFormLayout *m_actionForm = nullptr;

    QLineEdit *m_name;
    QCheckBox *m_enabled;
    QComboBox *m_stage;
    QLineEdit *m_argument;
    QLineEdit *m_helo;
    QLineEdit *m_authUser;
    QLineEdit *m_clients;
    QCheckBox *m_sizeOn;
    QSpinBox *m_sizeMin;
    QSpinBox *m_sizeMax;
    QLineEdit *m_headerName;
    QLineEdit *m_headerRegex;
    QLineEdit *m_nth;
    QSpinBox *m_every;
    QComboBox *m_scope;
    QSpinBox *m_times;
    QDoubleSpinBox *m_probability;
    QCheckBox *m_newSessions;
    QComboBox *m_action;
    QCheckBox *m_replyOn;
    QSpinBox *m_code;
    QLineEdit *m_enhanced;
    QPlainTextEdit *m_text;         // the reply's text, one line per reply line
    QSpinBox *m_delayMin;
    QSpinBox *m_delayMax;
    QSpinBox *m_rateMin;
    QSpinBox *m_rateMax;
    QSpinBox *m_holdTimeout;
    QSpinBox *m_retryAfter;
    QSpinBox *m_limit;
    QSpinBox *m_window;
    QComboBox *m_per;
    QSpinBox *m_quotaMessages;
    QSpinBox *m_quotaBytes;
    QLabel *m_summary;
    QDialogButtonBox *m_buttons;
};

} // namespace Ui
