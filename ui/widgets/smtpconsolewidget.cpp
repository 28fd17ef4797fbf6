#include "smtpconsolewidget.h"

#include "smtp/consoleclient.h"

#include <QCheckBox>
#include <QCompleter>
#include <QFontDatabase>
#include <QAbstractItemView>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <functional>

namespace Ui {

namespace {

// The console's input line: Tab completes the command instead of moving the focus, also
// when the completer's popup has the key first (it hands keys to event(), not to filters).
class CommandInput final : public QLineEdit
{
public:
    using QLineEdit::QLineEdit;
    std::function<void()> onTab;

protected:
    bool event(QEvent *e) override
    {
        if (e->type() == QEvent::KeyPress && onTab) {
            const auto *key = static_cast<QKeyEvent *>(e);
            if (key->key() == Qt::Key_Tab && !(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier))) {
                onTab();
                return true;
            }
        }
        return QLineEdit::event(e);
    }
};

} // namespace

QString SmtpConsoleWidget::completeCommand(const QString &typed, const QStringList &commands, QStringList *choices)
{
    QStringList matches;
    for (const QString &c : commands) {
        if (c.startsWith(typed, Qt::CaseInsensitive) && c.size() > typed.size())
            matches.append(c);
    }
    if (choices)
        *choices = matches;
    if (matches.isEmpty())
        return typed;
    if (matches.size() == 1)
        return matches.first();
    // Several: as far as they all agree, in the commands' own spelling.
    qsizetype common = matches.first().size();
    for (const QString &m : std::as_const(matches)) {
        qsizetype i = 0;
        while (i < common && i < m.size() && m.at(i).toUpper() == matches.first().at(i).toUpper())
            ++i;
        common = i;
    }
    return common > typed.size() ? matches.first().left(common) : typed;
}

void SmtpConsoleWidget::completeInput()
{
    QCompleter *completer = m_input->completer();
    if (completer->popup()->isVisible() && completer->popup()->currentIndex().isValid()) {
        m_input->setText(completer->popup()->currentIndex().data().toString());
        completer->popup()->hide();
        return;
    }
    QStringList choices;
    m_input->setText(completeCommand(m_input->text(), Smtp::ConsoleClient::commands(), &choices));
    if (choices.size() > 1) {
        completer->setCompletionPrefix(m_input->text());
        completer->complete();
    } else {
        completer->popup()->hide();
    }
}

SmtpConsoleWidget::SmtpConsoleWidget(QWidget *parent)
    : QWidget(parent), m_client(new Smtp::ConsoleClient(this)), m_host(new QLineEdit(QStringLiteral("127.0.0.1"), this)),
      m_port(new QSpinBox(this)), m_implicitTls(new QCheckBox(tr("Implicit TLS"), this)),
      m_connect(new QPushButton(tr("Connect"), this)), m_sample(new QPushButton(tr("Send sample message"), this)),
      m_output(new QPlainTextEdit(this)), m_input(new CommandInput(this))
{
    m_port->setRange(1, 65535);
    m_port->setValue(1025);
    m_host->setObjectName(QStringLiteral("consoleHost"));
    m_port->setObjectName(QStringLiteral("consolePort"));
    m_input->setObjectName(QStringLiteral("consoleInput"));
    m_output->setObjectName(QStringLiteral("consoleOutput"));
    m_sample->setObjectName(QStringLiteral("consoleSample"));
    m_output->setReadOnly(true);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setMaximumBlockCount(20000);
    m_input->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_input->setPlaceholderText(tr("Type an SMTP command and press Enter (Tab completes)"));
    auto *completer = new QCompleter(Smtp::ConsoleClient::commands(), this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_input->setCompleter(completer);
    static_cast<CommandInput *>(m_input)->onTab = [this] { completeInput(); };

    auto *target = new QHBoxLayout;
    target->addWidget(new QLabel(tr("Server"), this));
    target->addWidget(m_host, 1);
    target->addWidget(m_port);
    target->addWidget(m_implicitTls);
    target->addWidget(m_connect);
    target->addWidget(m_sample);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(target);
    layout->addWidget(m_output, 1);
    layout->addWidget(m_input);

    connect(m_connect, &QPushButton::clicked, this, &SmtpConsoleWidget::connectOrDisconnect);
    connect(m_input, &QLineEdit::returnPressed, this, &SmtpConsoleWidget::sendTyped);
    connect(m_sample, &QPushButton::clicked, this, &SmtpConsoleWidget::sendSample);
    const QColor client = palette().color(QPalette::Link);
    const QColor server = palette().color(QPalette::Text);
    const QColor note = palette().color(QPalette::PlaceholderText);
    connect(m_client, &Smtp::ConsoleClient::lineSent, this,
            [this, client](const QByteArray &l) { append(QStringLiteral("C: "), l, client); });
    connect(m_client, &Smtp::ConsoleClient::lineReceived, this,
            [this, server](const QByteArray &l) { append(QStringLiteral("S: "), l, server); });
    connect(m_client, &Smtp::ConsoleClient::encrypted, this,
            [this, note](const QString &d) { append(QStringLiteral("-- "), d.toUtf8(), note); });
    connect(m_client, &Smtp::ConsoleClient::errorOccurred, this,
            [this, note](const QString &e) { append(QStringLiteral("-- "), e.toUtf8(), note); });
    connect(m_client, &Smtp::ConsoleClient::connected, this, &SmtpConsoleWidget::updateState);
    connect(m_client, &Smtp::ConsoleClient::disconnected, this, [this, note] {
        append(QStringLiteral("-- "), tr("Connection closed").toUtf8(), note);
        updateState();
    });
    updateState();
}

SmtpConsoleWidget::~SmtpConsoleWidget() = default;

void SmtpConsoleWidget::setTarget(const QString &host, quint16 port)
{
    m_host->setText(host);
    m_port->setValue(port);
}

QString SmtpConsoleWidget::text() const
{
    return m_output->toPlainText();
}

void SmtpConsoleWidget::connectOrDisconnect()
{
    if (m_client->isConnected()) {
        m_client->disconnectFromServer();
        return;
    }
    m_client->connectTo(m_host->text().trimmed(), quint16(m_port->value()), m_implicitTls->isChecked());
    m_input->setFocus();
}

void SmtpConsoleWidget::sendTyped()
{
    if (!m_client->isConnected())
        connectOrDisconnect();
    m_client->sendScript({m_input->text().toUtf8()});
    m_input->clear();
}

void SmtpConsoleWidget::sendSample()
{
    if (!m_client->isConnected())
        connectOrDisconnect();
    m_client->sendScript(Smtp::ConsoleClient::sampleMessage("sender@example.com", "recipient@example.com"));
}

void SmtpConsoleWidget::append(const QString &prefix, const QByteArray &line, const QColor &color)
{
    QString text = QString::fromUtf8(line);
    while (text.endsWith(QLatin1Char('\n')) || text.endsWith(QLatin1Char('\r')))
        text.chop(1);
    m_output->appendHtml(QStringLiteral("<span style=\"color:%1\">%2</span>")
                             .arg(color.name(), QString(prefix + text).toHtmlEscaped().replace(QLatin1Char(' '), QStringLiteral("&nbsp;"))));
}

void SmtpConsoleWidget::updateState()
{
    const bool connected = m_client->isConnected();
    m_connect->setText(connected ? tr("Disconnect") : tr("Connect"));
    m_host->setEnabled(!connected);
    m_port->setEnabled(!connected);
    m_implicitTls->setEnabled(!connected);
}

} // namespace Ui
