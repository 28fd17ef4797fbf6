#include "smtpconsolewidget.h"

#include "smtp/consoleclient.h"

#include <QCheckBox>
#include <QCompleter>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Ui {

SmtpConsoleWidget::SmtpConsoleWidget(QWidget *parent)
    : QWidget(parent), m_client(new Smtp::ConsoleClient(this)), m_host(new QLineEdit(QStringLiteral("127.0.0.1"), this)),
      m_port(new QSpinBox(this)), m_implicitTls(new QCheckBox(tr("Implicit TLS"), this)),
      m_connect(new QPushButton(tr("Connect"), this)), m_sample(new QPushButton(tr("Send sample message"), this)),
      m_output(new QPlainTextEdit(this)), m_input(new QLineEdit(this))
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
