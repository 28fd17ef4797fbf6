#pragma once

#include "mainwindow.h"
#include "smtptestclient.h"

#include <QSettings>
#include <QTemporaryDir>

#include <memory>

// A main window on a temporary database and settings file, listening on a free port.
class WindowFixture
{
public:
    // recordPasswords: the server keeps AUTH lines with their passwords (Record passwords).
    explicit WindowFixture(bool recordPasswords = false);
    Ui::MainWindow &window() { return *m_window; }
    quint16 port() const;
    QString databasePath() const { return m_dir.filePath(QStringLiteral("mail.sqlite")); }
    QSettings &settings() { return *m_settings; }
    // Closes the window and opens a new one on the same settings and database.
    void restart();

    // Sends the messages over one SMTP connection and waits until the list shows them all.
    bool deliver(const QList<SmtpTestClient::Message> &messages);
    static SmtpTestClient::Message message(const QByteArray &subject, const QByteArray &body = "Hello\r\n");

private:
    void open();

    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<Ui::MainWindow> m_window;
};
