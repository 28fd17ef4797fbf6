#include "faultruledialog.h"

#include "faults/explain.h"
#include "faults/validation.h"

#include <QCheckBox>
#include <climits>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Ui {

namespace {

using Faults::ActionType;

constexpr ActionType kActions[] = {ActionType::Reply,      ActionType::Delay,    ActionType::Throttle,
                                   ActionType::Disconnect, ActionType::Close,    ActionType::Hang,
                                   ActionType::Drop,       ActionType::Hold,     ActionType::Greylist,
                                   ActionType::RateLimit,  ActionType::Quota};

// Which field an engine message is about, from the words it uses (validation.cpp).
QString fieldOf(const QString &problem)
{
    static const std::pair<const char *, const char *> kWords[] = {
        {"rule name", "name"},          {"works at stage", "stage"},  {"need stage", "stage"},
        {"command argument", "argument"}, {"argument \"", "argument"}, {"EHLO/HELO", "helo"},
        {"helo \"", "helo"},            {"authenticated", "authUser"}, {"authUser", "authUser"},
        {"header \"", "header"},        {"client \"", "clients"},     {"size min", "size"},
        {"nth counts", "nth"},
        {"probability", "probability"}, {"delayMs", "delay"},         {"bytesPerSecond", "rate"},
        {"timeoutMs", "holdTimeout"},   {"rate-limit", "limit"},      {"quota", "quota"},
    };
    for (const auto &[word, key] : kWords) {
        if (problem.contains(QLatin1String(word)))
            return QLatin1String(key);
    }
    return QStringLiteral("reply");
}

QSpinBox *spin(QWidget *parent, int min, int max, const QString &suffix = {})
{
    auto *s = new QSpinBox(parent);
    s->setRange(min, max);
    s->setSuffix(suffix);
    s->setGroupSeparatorShown(true);
    return s;
}

QWidget *pair(QWidget *parent, QWidget *a, QWidget *b, const QString &between = QStringLiteral("to"))
{
    auto *w = new QWidget(parent);
    auto *l = new QHBoxLayout(w);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(a, 1);
    if (b) {
        l->addWidget(new QLabel(between, w));
        l->addWidget(b, 1);
    }
    return w;
}

QStringList splitList(const QString &text)
{
    QStringList out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!part.trimmed().isEmpty())
            out.append(part.trimmed());
    }
    return out;
}

} // namespace

FaultRuleDialog::FaultRuleDialog(const Faults::Rule &rule, const QStringList &takenNames, QWidget *parent)
    : QDialog(parent), m_taken(takenNames), m_name(new QLineEdit(this)), m_enabled(new QCheckBox(tr("Enabled"), this)),
      m_stage(new QComboBox(this)), m_argument(new QLineEdit(this)), m_helo(new QLineEdit(this)),
      m_authUser(new QLineEdit(this)), m_clients(new QLineEdit(this)), m_sizeOn(new QCheckBox(tr("Size from"), this)),
      m_sizeMin(spin(this, 0, INT_MAX, tr(" octets"))), m_sizeMax(spin(this, 0, INT_MAX, tr(" octets"))),
      m_headerName(new QLineEdit(this)), m_headerRegex(new QLineEdit(this)), m_nth(new QLineEdit(this)),
      m_every(spin(this, 0, 1000000)), m_scope(new QComboBox(this)), m_times(spin(this, 0, 1000000)),
      m_probability(new QDoubleSpinBox(this)),
      m_newSessions(new QCheckBox(tr("Only sessions that begin after the rule is loaded"), this)),
      m_action(new QComboBox(this)),
      m_replyOn(new QCheckBox(tr("Reply with"), this)), m_code(spin(this, 200, 599)), m_enhanced(new QLineEdit(this)),
      m_text(new QPlainTextEdit(this)), m_delayMin(spin(this, 0, INT_MAX, tr(" ms"))), m_delayMax(spin(this, 0, INT_MAX, tr(" ms"))),
      m_rateMin(spin(this, 0, INT_MAX, tr(" B/s"))), m_rateMax(spin(this, 0, INT_MAX, tr(" B/s"))),
      m_holdTimeout(spin(this, 0, INT_MAX, tr(" ms"))), m_retryAfter(spin(this, 0, 86400, tr(" s"))),
      m_limit(spin(this, 0, 1000000)), m_window(spin(this, 0, 86400, tr(" s"))), m_per(new QComboBox(this)),
      m_quotaMessages(spin(this, 0, INT_MAX)), m_quotaBytes(spin(this, 0, INT_MAX, tr(" octets"))),
      m_summary(new QLabel(this)), m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("faultRuleDialog"));
    setWindowTitle(tr("Fault rule"));
    for (Faults::Stage s : Faults::allStages())
        m_stage->addItem(Faults::stageName(s) + QStringLiteral(" — ") + Faults::stageLabel(s), int(s));
    for (ActionType a : kActions)
        m_action->addItem(Faults::actionTypeName(a), int(a));
    m_scope->addItem(tr("in each session"), int(Faults::Scope::Session));
    m_scope->addItem(tr("since the plan was loaded"), int(Faults::Scope::Overall));
    m_per->addItem(tr("per client"), int(Faults::RatePer::Client));
    m_per->addItem(tr("per sender"), int(Faults::RatePer::Sender));
    m_probability->setRange(0, 100);
    m_probability->setDecimals(2);
    m_probability->setSuffix(QStringLiteral(" %"));
    m_argument->setPlaceholderText(tr("regular expression, e.g. @example\\.com>?$"));
    m_clients->setPlaceholderText(tr("addresses or ranges, comma separated: 127.0.0.1, 10.0.0.0/8"));
    m_nth->setPlaceholderText(tr("e.g. 1, 3"));
    m_every->setSpecialValueText(tr("—"));
    m_times->setSpecialValueText(tr("no limit"));
    m_enhanced->setPlaceholderText(QStringLiteral("4.2.2"));
    m_enhanced->setMaximumWidth(80);
    m_text->setPlaceholderText(tr("Mailbox full\n(one line per reply line)"));
    m_text->setToolTip(tr("Each line becomes a line of the reply: all but the last start \"%1-\" (RFC 5321 4.2.1)")
                           .arg(tr("code")));
    m_text->setTabChangesFocus(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    // Three lines tall whatever is typed, so the form below does not move.
    m_text->setFixedHeight(m_text->fontMetrics().lineSpacing() * 3 + 2 * m_text->frameWidth()
                           + int(m_text->document()->documentMargin() * 2) + 2);

    const std::pair<QWidget *, const char *> names[] = {
        {m_name, "name"}, {m_stage, "stage"}, {m_argument, "argument"}, {m_action, "action"}, {m_replyOn, "replyOn"},
        {m_code, "code"}, {m_enhanced, "enhanced"}, {m_text, "text"}, {m_holdTimeout, "holdTimeout"}, {m_every, "every"},
        {m_newSessions, "newSessions"}};
    for (const auto &[widget, name] : names)
        widget->setObjectName(QLatin1String(name));

    auto *ruleBox = new QGroupBox(tr("Rule"), this);
    auto *ruleForm = new QFormLayout(ruleBox);
    field(ruleForm, tr("&Name:"), pair(this, m_name, m_enabled, QString()), QStringLiteral("name"));
    field(ruleForm, tr("&Stage:"), m_stage, QStringLiteral("stage"));

    auto *whenBox = new QGroupBox(tr("When (all that are filled in must hold)"), this);
    auto *when = new QFormLayout(whenBox);
    field(when, tr("&Argument matches:"), m_argument, QStringLiteral("argument"));
    field(when, tr("&HELO matches:"), m_helo, QStringLiteral("helo"));
    field(when, tr("A&uth user matches:"), m_authUser, QStringLiteral("authUser"));
    field(when, tr("&Clients:"), m_clients, QStringLiteral("clients"));
    auto *size = pair(this, m_sizeMin, m_sizeMax);
    field(when, QString(), pair(this, m_sizeOn, size, QString()), QStringLiteral("size"));
    field(when, tr("Hea&der:"), pair(this, m_headerName, m_headerRegex, tr("matches")), QStringLiteral("header"));
    field(when, tr("N-th &time:"), m_nth, QStringLiteral("nth"));
    field(when, tr("&Every k-th time:"), pair(this, m_every, m_scope, QString()), QStringLiteral("every"));
    field(when, tr("Only the next:"), m_times, QStringLiteral("times"));
    field(when, tr("&Probability:"), m_probability, QStringLiteral("probability"));
    field(when, tr("Sessions:"), m_newSessions, QStringLiteral("newSessions"));

    auto *actionBox = new QGroupBox(tr("Then"), this);
    m_actionForm = new QFormLayout(actionBox);
    field(m_actionForm, tr("Ac&tion:"), m_action, QStringLiteral("action"));
    auto *replyRow = new QWidget(this);
    auto *replyLayout = new QHBoxLayout(replyRow);
    replyLayout->setContentsMargins(0, 0, 0, 0);
    m_code->setMaximumWidth(80);
    for (QWidget *w : {static_cast<QWidget *>(m_replyOn), static_cast<QWidget *>(m_code), static_cast<QWidget *>(m_enhanced)})
        replyLayout->addWidget(w);
    replyLayout->addWidget(m_text, 1);
    m_rows.insert(QStringLiteral("reply"), field(m_actionForm, QString(), replyRow, QStringLiteral("reply")));
    m_rows.insert(QStringLiteral("delay"), field(m_actionForm, tr("Delay:"), pair(this, m_delayMin, m_delayMax), QStringLiteral("delay")));
    m_rows.insert(QStringLiteral("rate"), field(m_actionForm, tr("Speed:"), pair(this, m_rateMin, m_rateMax), QStringLiteral("rate")));
    m_rows.insert(QStringLiteral("holdTimeout"), field(m_actionForm, tr("Default reply after:"), m_holdTimeout, QStringLiteral("holdTimeout")));
    m_rows.insert(QStringLiteral("retry"), field(m_actionForm, tr("Retry accepted after:"), m_retryAfter, QStringLiteral("retry")));
    m_rows.insert(QStringLiteral("limit"), field(m_actionForm, tr("Messages allowed:"),
                                                 pair(this, m_limit, pair(this, m_window, m_per, QString()), tr("per")),
                                                 QStringLiteral("limit")));
    m_rows.insert(QStringLiteral("quota"), field(m_actionForm, tr("Mailbox full at:"),
                                                 pair(this, m_quotaMessages, m_quotaBytes, tr("messages or")),
                                                 QStringLiteral("quota")));

    m_summary->setObjectName(QStringLiteral("ruleSummary"));
    m_summary->setWordWrap(true);
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);
    m_summary->setMinimumHeight(QFontMetrics(bold).lineSpacing() * 2); // one line or two: OK stays put
    m_summary->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(ruleBox);
    layout->addWidget(whenBox);
    layout->addWidget(actionBox);
    layout->addWidget(m_summary);
    layout->addStretch(1); // room the dialog has beyond its content stays here, not between fields
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    load(rule);
    for (QLineEdit *e : findChildren<QLineEdit *>())
        connect(e, &QLineEdit::textChanged, this, &FaultRuleDialog::revalidate);
    connect(m_text, &QPlainTextEdit::textChanged, this, &FaultRuleDialog::revalidate);
    for (QAbstractSpinBox *s : findChildren<QAbstractSpinBox *>()) {
        if (auto *i = qobject_cast<QSpinBox *>(s))
            connect(i, &QSpinBox::valueChanged, this, &FaultRuleDialog::revalidate);
    }
    connect(m_probability, &QDoubleSpinBox::valueChanged, this, &FaultRuleDialog::revalidate);
    for (QComboBox *c : findChildren<QComboBox *>())
        connect(c, &QComboBox::currentIndexChanged, this, &FaultRuleDialog::revalidate);
    for (QCheckBox *c : findChildren<QCheckBox *>())
        connect(c, &QCheckBox::toggled, this, &FaultRuleDialog::revalidate);
    revalidate();
}

FaultRuleDialog::~FaultRuleDialog() = default;

QWidget *FaultRuleDialog::field(QFormLayout *form, const QString &label, QWidget *widget, const QString &key)
{
    auto *error = new QLabel(this);
    error->setObjectName(key + QStringLiteral("Error"));
    error->setWordWrap(true);
    error->setStyleSheet(QStringLiteral("color: #b3261e"));
    error->installEventFilter(this); // keeps its height to its wrapped text
    error->hide();
    auto *row = new QWidget(this);
    auto *l = new QVBoxLayout(row);
    l->setContentsMargins(0, 0, 0, 0);
    l->setSpacing(2);
    l->addWidget(widget);
    l->addWidget(error);
    form->addRow(label, row);
    m_errors.insert(key, error);
    return row;
}

void FaultRuleDialog::load(const Faults::Rule &r)
{
    m_name->setText(r.name);
    m_enabled->setChecked(r.enabled);
    m_stage->setCurrentIndex(m_stage->findData(int(r.stage)));
    const Faults::Conditions &c = r.when;
    m_argument->setText(c.argument);
    m_helo->setText(c.helo);
    m_authUser->setText(c.authUser);
    m_clients->setText(c.clients.join(QStringLiteral(", ")));
    m_sizeOn->setChecked(c.size.has_value());
    m_sizeMin->setValue(int(c.size ? c.size->min : 0));
    m_sizeMax->setValue(int(c.size ? c.size->max : 10 * 1024 * 1024));
    m_headerName->setText(c.headerName);
    m_headerRegex->setText(c.headerRegex);
    QStringList nth;
    for (int n : c.nth)
        nth.append(QString::number(n));
    m_nth->setText(nth.join(QStringLiteral(", ")));
    m_every->setValue(c.every);
    m_scope->setCurrentIndex(m_scope->findData(int(c.scope)));
    m_times->setValue(c.times);
    m_probability->setValue(c.probability);
    m_newSessions->setChecked(c.newSessionsOnly);
    const Faults::Action &a = r.action;
    m_action->setCurrentIndex(m_action->findData(int(a.type)));
    m_replyOn->setChecked(a.reply.has_value());
    const Records::Reply reply = a.reply.value_or(Faults::defaultReply(a.type));
    m_code->setValue(reply.code);
    m_enhanced->setText(QString::fromLatin1(reply.enhanced));
    m_text->setPlainText(QString::fromLatin1(reply.lines.join("\n")));
    m_delayMin->setValue(int(a.delayMs.min));
    m_delayMax->setValue(int(a.delayMs.max));
    m_rateMin->setValue(int(a.bytesPerSecond.min));
    m_rateMax->setValue(int(a.bytesPerSecond.max));
    m_holdTimeout->setValue(a.holdTimeoutMs);
    m_retryAfter->setValue(a.retryAfterSeconds);
    m_limit->setValue(a.limit);
    m_window->setValue(a.windowSeconds);
    m_per->setCurrentIndex(m_per->findData(int(a.per)));
    m_quotaMessages->setValue(int(a.quotaMessages));
    m_quotaBytes->setValue(int(a.quotaBytes));
}

Faults::Rule FaultRuleDialog::rule() const
{
    Faults::Rule r;
    r.name = m_name->text().trimmed();
    r.enabled = m_enabled->isChecked();
    r.stage = Faults::Stage(m_stage->currentData().toInt());
    Faults::Conditions &c = r.when;
    c.argument = m_argument->text();
    c.helo = m_helo->text();
    c.authUser = m_authUser->text();
    c.clients = splitList(m_clients->text());
    if (m_sizeOn->isChecked())
        c.size = Faults::Range{m_sizeMin->value(), m_sizeMax->value()};
    c.headerName = m_headerName->text().trimmed();
    c.headerRegex = m_headerRegex->text();
    for (const QString &n : splitList(m_nth->text()))
        c.nth.append(n.toInt()); // a non-number becomes 0, which validation names
    c.every = m_every->value();
    c.scope = Faults::Scope(m_scope->currentData().toInt());
    c.times = m_times->value();
    c.probability = m_probability->value();
    c.newSessionsOnly = m_newSessions->isChecked();
    Faults::Action &a = r.action;
    a.type = ActionType(m_action->currentData().toInt());
    if (m_replyOn->isChecked()) {
        // One reply line per line typed; a trailing line break adds no empty line.
        QString text = m_text->toPlainText();
        while (text.endsWith(QLatin1Char('\n')))
            text.chop(1);
        Records::Reply reply{m_code->value(), m_enhanced->text().trimmed().toLatin1(), {}};
        for (const QString &line : text.split(QLatin1Char('\n')))
            reply.lines.append(line.toLatin1());
        a.reply = reply;
    }
    a.delayMs = {m_delayMin->value(), m_delayMax->value()};
    a.bytesPerSecond = {m_rateMin->value(), m_rateMax->value()};
    a.holdTimeoutMs = m_holdTimeout->value();
    a.retryAfterSeconds = m_retryAfter->value();
    a.limit = m_limit->value();
    a.windowSeconds = m_window->value();
    a.per = Faults::RatePer(m_per->currentData().toInt());
    a.quotaMessages = m_quotaMessages->value();
    a.quotaBytes = m_quotaBytes->value();
    return r;
}

QString FaultRuleDialog::summary() const
{
    return m_summary->text();
}

void FaultRuleDialog::showActionFields()
{
    const ActionType t = ActionType(m_action->currentData().toInt());
    const auto show = [this](const char *key, bool on) { m_actionForm->setRowVisible(m_rows.value(QLatin1String(key)), on); };
    show("reply", t != ActionType::Close && t != ActionType::Hang);
    show("delay", t == ActionType::Delay);
    show("rate", t == ActionType::Throttle);
    show("holdTimeout", t == ActionType::Hold);
    show("retry", t == ActionType::Greylist);
    show("limit", t == ActionType::RateLimit);
    show("quota", t == ActionType::Quota);
    for (QWidget *w : {static_cast<QWidget *>(m_code), static_cast<QWidget *>(m_enhanced), static_cast<QWidget *>(m_text)})
        w->setEnabled(m_replyOn->isChecked());
    m_sizeMin->setEnabled(m_sizeOn->isChecked());
    m_sizeMax->setEnabled(m_sizeOn->isChecked());
}

void FaultRuleDialog::revalidate()
{
    showActionFields();
    const Faults::Rule r = rule();
    m_problems = Faults::checkRule(r);
    if (m_taken.contains(r.name))
        m_problems.prepend(QStringLiteral("rule \"%1\": another rule of the plan has this name").arg(r.name));
    QHash<QString, QStringList> byField;
    const QString prefix = QStringLiteral("rule \"%1\": ").arg(r.name);
    for (const QString &p : std::as_const(m_problems)) {
        const QString text = p.startsWith(prefix) ? p.mid(prefix.size()) : p;
        byField[text.contains(QLatin1String("has this name")) ? QStringLiteral("name") : fieldOf(text)].append(text);
    }
    for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it) {
        const QStringList messages = byField.value(it.key());
        QLabel *error = it.value();
        if (messages.isEmpty()) {
            error->hide(); // keeps its text, and so its room, once it has been shown (see below)
            continue;
        }
        error->setText(messages.join(QLatin1Char('\n')));
        fitToText(error);
        // A message that comes and goes while a field is typed in would move every field
        // below it: once shown, its room stays while the dialog is open.
        QSizePolicy policy = error->sizePolicy();
        policy.setRetainSizeWhenHidden(true);
        error->setSizePolicy(policy);
        error->show();
    }
    m_summary->setText(m_problems.isEmpty() ? Faults::explain(r) + QLatin1Char('.')
                                            : tr("Not valid yet: see the messages above."));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_problems.isEmpty());
    fitHeight();
}

bool FaultRuleDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize) {
        if (auto *label = qobject_cast<QLabel *>(watched))
            fitToText(label);
    }
    return QDialog::eventFilter(watched, event);
}

// A form row gets the height its label asks for at the width the form had in mind, which is
// not always the width it gets: the label asks again for the width it got.
void FaultRuleDialog::fitToText(QLabel *label)
{
    if (label->width() <= 0)
        return;
    const int needed = label->heightForWidth(label->width());
    if (needed > 0 && label->minimumHeight() != needed) {
        label->setMinimumHeight(needed);
        fitHeight();
    }
}

// Wrapped messages need more height than a window's minimum size says (it ignores height
// for width): grow to what the layout needs at this width, so no message is cut off.
void FaultRuleDialog::fitHeight()
{
    QLayout *l = layout();
    if (!l || !isVisible())
        return;
    l->activate();
    const int needed = l->hasHeightForWidth() ? l->totalHeightForWidth(width()) : l->totalMinimumSize().height();
    if (needed > height())
        resize(width(), needed);
}

void FaultRuleDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    fitHeight();
}

} // namespace Ui
