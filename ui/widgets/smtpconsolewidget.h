#pragma once

#include <QWidget>

class QCheckBox;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace Smtp {
class ConsoleClient;
}

namespace Ui {

// A pane for typing SMTP by hand: connect to Mailscope's own listener or any host:port,
// type commands (with completion) and message data, see the replies. The other side of the
// same conversation appears live in the Transcript, so both can be shown side by side.
class SmtpConsoleWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmtpConsoleWidget)

public:
    explicit SmtpConsoleWidget(QWidget *parent = nullptr);
    ~SmtpConsoleWidget() override;

    void setTarget(const QString &host, quint16 port);   // prefilled: the own listener
    QString text() const;                                 // the conversation as shown
    Smtp::ConsoleClient *client() const { return m_client; }
    // What Tab makes of the typed text: the one command it starts, or as much as all the
    // commands it starts share; choices gets every command it starts (case-insensitive).
    static QString completeCommand(const QString &typed, const QStringList &commands, QStringList *choices = nullptr);

private:
    void connectOrDisconnect();
    void sendTyped();
    void completeInput();
    void sendSample();
    void append(const QString &prefix, const QByteArray &line, const QColor &color);
    void updateState();

    Smtp::ConsoleClient *m_client;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QCheckBox *m_implicitTls;
    QPushButton *m_connect;
    QPushButton *m_sample;
    QPlainTextEdit *m_output;
    QLineEdit *m_input;
};

} // namespace Ui
