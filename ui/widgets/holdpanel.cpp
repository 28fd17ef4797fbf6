#include "holdpanel.h"

#include "faults/explain.h"
#include "faults/validation.h"

#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QVBoxLayout>

namespace Ui {

namespace {

// The replies a teacher or tester reaches for; each card shows those legal at its stage.
// The positive ones carry no text: they let the command run and send the server's own
// reply unchanged (an EHLO keeps its extensions, a RCPT its "2.1.5 Recipient OK").
const Records::Reply kUsual[] = {
    Records::Reply::make(250, "", ""),
    Records::Reply::make(354, "", ""),
    Records::Reply::make(220, "", ""),
    Records::Reply::make(221, "", ""),
    Records::Reply::make(235, "", ""),
    Records::Reply::make(450, "4.2.1", "Mailbox unavailable, try again later"),
    Records::Reply::make(451, "4.3.0", "Local error in processing"),
    Records::Reply::make(452, "4.2.2", "Mailbox full"),
    Records::Reply::make(454, "4.7.0", "Temporary authentication failure"),
    Records::Reply::make(535, "5.7.8", "Authentication credentials invalid"),
    Records::Reply::make(550, "5.1.1", "Mailbox unavailable"),
    Records::Reply::make(552, "5.2.2", "Mailbox full"),
    Records::Reply::make(553, "5.1.3", "Mailbox name not allowed"),
    Records::Reply::make(554, "5.7.1", "Transaction failed"),
    Records::Reply::make(421, "4.3.2", "Service not available, closing transmission channel"),
};

// Lets a long address or rule name wrap: a zero-width space after the characters that
// separate its parts. Only for display; the command itself is untouched.
QString breakable(const QString &text)
{
    QString out;
    out.reserve(text.size() + text.size() / 4);
    for (const QChar c : text) {
        out += c;
        if (c == QLatin1Char('@') || c == QLatin1Char('.') || c == QLatin1Char('<') || c == QLatin1Char(':')
            || c == QLatin1Char('-') || c == QLatin1Char('='))
            out += QChar(0x200B);
    }
    return out;
}

} // namespace

HoldPanel::HoldPanel(Faults::HoldBroker *broker, QWidget *parent)
    : QWidget(parent), m_broker(broker), m_list(new QVBoxLayout), m_empty(new QLabel(this))
{
    setObjectName(QStringLiteral("holdPanel"));
    m_empty->setText(tr("No session is held. A rule with action \"hold\", or step mode in the fault rules, "
                        "pauses a session here until you choose its reply."));
    m_empty->setWordWrap(true);
    m_empty->setEnabled(false);
    auto *inner = new QWidget(this);
    auto *innerLayout = new QVBoxLayout(inner);
    innerLayout->addWidget(m_empty);
    innerLayout->addLayout(m_list);
    innerLayout->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    // Cards wrap their text to the dock's width; a dock narrower than the reply buttons
    // scrolls sideways rather than cutting a card off.
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    scroll->setWidget(inner);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    // The broker signals on the network thread; the context object queues them here.
    connect(broker, &Faults::HoldBroker::holdRequested, this, &HoldPanel::onRequested);
    connect(broker, &Faults::HoldBroker::holdResolved, this, [this](quint64 id) { onResolved(id); });
    for (const Faults::HoldRequest &r : broker->pending())
        onRequested(r);
    m_ticker.setInterval(250);
    connect(&m_ticker, &QTimer::timeout, this, &HoldPanel::tick);
}

HoldPanel::~HoldPanel() = default;

QList<Records::Reply> HoldPanel::usualReplies(Faults::Stage stage)
{
    QList<Records::Reply> out;
    const bool auth = stage == Faults::Stage::Auth || stage == Faults::Stage::StartTls;
    for (const Records::Reply &r : kUsual) {
        const bool authOnly = r.code == 454 || r.code == 535; // mean nothing at other commands
        if (Faults::checkReply(stage, r).isEmpty() && (auth || !authOnly))
            out.append(r);
    }
    return out;
}

std::optional<Records::Reply> HoldPanel::parseReply(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^\\s*([2-5][0-9][0-9])(?:[ -]+([245]\\.[0-9]{1,3}\\.[0-9]{1,3}))?\\s*(.*)$"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    return Records::Reply::make(m.captured(1).toInt(), m.captured(2).toLatin1(), m.captured(3).trimmed().toLatin1());
}

void HoldPanel::addSessions(const QList<Records::SessionRecord> &sessions)
{
    for (const Records::SessionRecord &s : sessions)
        m_clients.insert(s.token, QStringLiteral("%1:%2").arg(s.clientAddress).arg(s.clientPort));
}

QString HoldPanel::clientOf(quint64 session) const
{
    return m_clients.value(session, tr("a client"));
}

QWidget *HoldPanel::card(quint64 holdId) const
{
    return m_cards.value(holdId).widget;
}

void HoldPanel::onRequested(const Faults::HoldRequest &request)
{
    if (m_cards.contains(request.id))
        return;
    Card c;
    c.request = request;
    c.deadline = QDeadlineTimer(request.timeoutMs);
    auto *frame = new QFrame(this);
    frame->setObjectName(QStringLiteral("hold-%1").arg(request.id));
    frame->setFrameShape(QFrame::StyledPanel);
    auto *l = new QVBoxLayout(frame);
    c.client = new QLabel(frame);
    c.client->setObjectName(QStringLiteral("holdClient"));
    c.client->setWordWrap(true);
    auto *command = new QLabel(tr("Rule <b>%1</b> holds <code>%2</code>")
                                   .arg(breakable(request.rule).toHtmlEscaped(),
                                        breakable(QString::fromLatin1(request.command)).toHtmlEscaped()),
                               frame);
    command->setObjectName(QStringLiteral("holdCommand"));
    command->setWordWrap(true);
    c.countdown = new QLabel(frame);
    c.countdown->setObjectName(QStringLiteral("holdCountdown"));
    c.countdown->setWordWrap(true);
    l->addWidget(c.client);
    l->addWidget(command);
    auto *buttons = new QGridLayout;
    const quint64 id = request.id;
    int n = 0;
    for (const Records::Reply &r : usualReplies(request.stage)) {
        auto *b = new QPushButton(QString::number(r.code), frame);
        // Narrower than a style's usual button minimum, so four fit a narrow dock.
        b->setMinimumWidth(b->fontMetrics().horizontalAdvance(QStringLiteral("0000")) + 12);
        b->setObjectName(QStringLiteral("reply%1").arg(r.code));
        b->setToolTip(r.code < 400 ? tr("%1 with the server's own reply text").arg(r.code) : Faults::replyText(r));
        connect(b, &QPushButton::clicked, this, [this, id, r] { send(id, r); });
        buttons->addWidget(b, n / 4, n % 4);
        ++n;
    }
    l->addLayout(buttons);
    auto *custom = new QHBoxLayout;
    auto *edit = new QLineEdit(frame);
    edit->setObjectName(QStringLiteral("customReply"));
    edit->setPlaceholderText(tr("Custom reply, e.g. 452 4.2.2 Mailbox full"));
    auto *sendButton = new QPushButton(tr("Send"), frame);
    sendButton->setObjectName(QStringLiteral("sendCustom"));
    const auto sendTyped = [this, id, edit] { answer(id, edit->text()); };
    connect(edit, &QLineEdit::returnPressed, this, sendTyped);
    connect(sendButton, &QPushButton::clicked, this, sendTyped);
    custom->addWidget(edit, 1);
    custom->addWidget(sendButton);
    l->addLayout(custom);
    c.error = new QLabel(frame);
    c.error->setObjectName(QStringLiteral("holdError"));
    c.error->setWordWrap(true);
    c.error->setStyleSheet(QStringLiteral("color: #b3261e"));
    c.error->hide();
    l->addWidget(c.error);
    l->addWidget(c.countdown);
    c.widget = frame;
    m_cards.insert(id, c);
    m_list->addWidget(frame);
    m_empty->hide();
    tick();
    m_ticker.start();
    Q_EMIT holdArrived(request);
}

void HoldPanel::onResolved(quint64 id)
{
    const auto it = m_cards.find(id);
    if (it == m_cards.end())
        return;
    it->widget->deleteLater();
    m_cards.erase(it);
    if (m_cards.isEmpty()) {
        m_ticker.stop();
        m_empty->show();
    }
}

bool HoldPanel::answer(quint64 holdId, const QString &replyText)
{
    const auto reply = parseReply(replyText);
    if (!reply) {
        if (m_cards.contains(holdId)) {
            m_cards[holdId].error->setText(tr("Type a reply as code, optional enhanced code and text: 452 4.2.2 Mailbox full"));
            m_cards[holdId].error->show();
        }
        return false;
    }
    send(holdId, *reply);
    return !m_cards.contains(holdId) || m_cards[holdId].error->isHidden();
}

void HoldPanel::send(quint64 id, const Records::Reply &reply)
{
    QString error;
    if (m_broker->answer(id, reply, &error)) {
        onResolved(id);
        return;
    }
    if (m_cards.contains(id)) {
        m_cards[id].error->setText(error);
        m_cards[id].error->show();
    }
}

void HoldPanel::tick()
{
    // A session that ends while held cancels its hold without a signal: drop its card.
    QList<quint64> gone = m_cards.keys();
    for (const Faults::HoldRequest &r : m_broker->pending())
        gone.removeOne(r.id);
    for (quint64 id : gone)
        onResolved(id);
    for (Card &c : m_cards) {
        c.client->setText(tr("<b>%1</b> is waiting").arg(clientOf(c.request.session).toHtmlEscaped()));
        const qint64 left = (c.deadline.remainingTime() + 999) / 1000;
        c.countdown->setText(tr("Default reply %1 in %2 s").arg(Faults::replyText(c.request.defaultReply)).arg(left));
    }
}

} // namespace Ui
