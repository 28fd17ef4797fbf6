#pragma once

#include "replyreader.h"
#include "submission.h"

#include <QObject>
#include <QTimer>

class QSslSocket;

namespace Smtp {

// Delivers one message to an SMTP server, asynchronously: EHLO (HELO when EHLO is refused),
// STARTTLS or implicit TLS, AUTH PLAIN or LOGIN, MAIL with SIZE, BODY=8BITMIME and SMTPUTF8
// when offered and needed, RCPT for each recipient, DATA when at least one was accepted.
// Emits finished() exactly once, after QUIT is answered (or the connection is gone), so the
// Submitter may be deleted then. Lives on the thread that calls submit(); never blocks.
class Submitter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Submitter)

public:
    explicit Submitter(QObject *parent = nullptr);
    ~Submitter() override;

    // Once per Submitter.
    void submit(const SubmitTarget &target, const Submission &submission);

Q_SIGNALS:
    void lineSent(const QByteArray &line);       // commands, CRLF included; not the message
    void lineReceived(const QByteArray &line);   // reply lines exactly as read
    void finished(const Smtp::SubmitOutcome &outcome);

private:
    enum class Step { Idle, Connecting, Greeting, Ehlo, Helo, StartTls, Handshake, AuthPlain, AuthLogin, AuthLoginUser,
                      AuthLoginPassword, Mail, Rcpt, Data, Body, Quit, Done };
    struct Reply
    {
        int code = 0;
        QList<QByteArray> texts;
        QByteArray text() const { return texts.join(' '); }
    };

    void onConnected();
    void onEncrypted();
    void onReadyRead();
    void onSocketError();
    void onReply(const Reply &reply);
    void onEhloReply(const Reply &reply);
    void afterHello();
    void authenticate();
    void sendMail();
    void sendRcpt();
    void send(const QByteArray &command, Step next);
    void sendSecret(const QByteArray &line, const QByteArray &shown, Step next);
    void fail(SubmitFailure failure, SubmitStage stage, int code, const QByteArray &text);
    void finish();
    void done();
    SubmitStage stage() const;

    QSslSocket *m_socket;
    QTimer m_timer;
    ReplyReader m_reader;
    Reply m_reply;              // lines read so far of the reply being read
    SubmitTarget m_target;
    Submission m_submission;
    SubmitOutcome m_outcome;
    Step m_step = Step::Idle;
    bool m_tcpConnected = false; // with implicit TLS, the handshake has begun
    qsizetype m_rcpt = 0;       // the recipient whose RCPT is being answered
    // What the last EHLO reply offered.
    bool m_offersStartTls = false;
    bool m_offersSize = false;
    bool m_offers8BitMime = false;
    bool m_offersSmtpUtf8 = false;
    QList<QByteArray> m_authMechanisms;
};

} // namespace Smtp
