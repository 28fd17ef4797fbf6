#include "windowfixture.h"

#include "capturecontroller.h"
#include "models/messagelistmodel.h"

#include <QSignalSpy>
#include <QTest>

WindowFixture::WindowFixture(bool recordPasswords)
    : m_settings(std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat))
{
    m_settings->setValue(QStringLiteral("server/listen"), QStringList{QStringLiteral("127.0.0.1:0")});
    m_settings->setValue(QStringLiteral("http/listen"), QStringList{QStringLiteral("127.0.0.1:0")});
    m_settings->setValue(QStringLiteral("store/database"), databasePath());
    m_settings->setValue(QStringLiteral("store/fullDurability"), false);
    m_settings->setValue(QStringLiteral("desktop/notifications"), false);
    m_settings->setValue(QStringLiteral("auth/recordPasswords"), recordPasswords);
    open();
}

void WindowFixture::restart()
{
    m_window->close();
    m_window.reset();
    open();
}

void WindowFixture::open()
{
    m_window = std::make_unique<Ui::MainWindow>(m_settings.get());
    QString error;
    if (!m_window->startCapture(&error))
        qFatal("cannot start capture: %s", qPrintable(error));
    m_window->resize(1200, 800);
    m_window->show();
}

quint16 WindowFixture::port() const
{
    return m_window->capture()->addresses().value(0).port;
}

bool WindowFixture::deliver(const QList<SmtpTestClient::Message> &messages)
{
    const int before = m_window->messageModel()->rowCount();
    SmtpTestClient client;
    // A real event loop: qWaitFor would sleep between the client's many round trips. The
    // deadlines are generous for the sanitizer build on a busy machine; they cost nothing.
    QSignalSpy done(&client, &SmtpTestClient::finished);
    client.send(port(), messages);
    if ((!client.isDone() && !done.wait(60000)) || client.failed()) {
        qWarning("SMTP dialogue failed:\n%s", client.transcript().constData());
        return false;
    }
    return QTest::qWaitFor(
        [&] { return m_window->messageModel()->rowCount() >= before + messages.size(); }, 60000);
}

SmtpTestClient::Message WindowFixture::message(const QByteArray &subject, const QByteArray &body)
{
    return {"sender@example.com",
            {"rcpt@example.org"},
            "From: Sender <sender@example.com>\r\nTo: rcpt@example.org\r\nSubject: " + subject
                + "\r\nDate: Sun, 22 Nov 2026 10:00:00 +0000\r\nMessage-ID: <" + subject.toHex() + "@example.com>\r\n\r\n" + body};
}
