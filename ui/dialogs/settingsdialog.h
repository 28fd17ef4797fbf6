#pragma once

#include "appsettings.h"

#include <QDialog>

#include <functional>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QRadioButton;
class QSpinBox;

namespace Ui {

// Edits AppSettings: where to listen, TLS and AUTH, limits, the database and retention, the
// relay that releases messages, the HTTP API, and desktop notifications. Refuses to close with a setting the server could not start with.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    explicit SettingsDialog(const AppSettings &settings, QWidget *parent = nullptr);
    AppSettings settings() const;
    // Counts the stored messages a retention would delete now; with it, tighter limits that
    // would delete mail are confirmed first, saying how many.
    using RetentionCount = std::function<std::optional<qint64>(const Store::Retention &)>;
    void setRetentionCount(RetentionCount count) { m_retentionCount = std::move(count); }

    void focusListenAddresses();     // the field to pick another port in, all selected

    void accept() override;

private:
    bool confirmRetention(const AppSettings &s);

    AppSettings m_base;
    RetentionCount m_retentionCount;
    QPlainTextEdit *m_listen;
    QLineEdit *m_hostname;
    QCheckBox *m_tls;
    QRadioButton *m_selfSigned;
    QRadioButton *m_certificateFiles;
    QLineEdit *m_certificate;
    QLineEdit *m_key;
    QPlainTextEdit *m_implicitTls;
    QCheckBox *m_requireTls;
    QRadioButton *m_anyCredentials;
    QRadioButton *m_usersFile;
    QLineEdit *m_authUsers;
    QCheckBox *m_authTlsOnly;
    QCheckBox *m_requireAuth;
    QCheckBox *m_recordPasswords;
    QSpinBox *m_maxSizeMb;
    QSpinBox *m_maxRecipients;
    QSpinBox *m_maxLineLength;
    QSpinBox *m_idleTimeout;
    QSpinBox *m_maxConnections;
    QLineEdit *m_database;
    QCheckBox *m_fullDurability;
    QSpinBox *m_maxMessages;
    QSpinBox *m_maxAgeDays;
    QSpinBox *m_maxTotalSizeMb;
    QSpinBox *m_minFreeSpaceMb;
    QLineEdit *m_relayServer;
    QComboBox *m_relaySecurity;
    QLineEdit *m_relayUser;
    QLineEdit *m_relayPasswordFile;
    QLineEdit *m_relayAllowedRecipients;
    QLineEdit *m_relayReturnPath;
    QCheckBox *m_httpEnabled;
    QPlainTextEdit *m_httpListen;
    QLineEdit *m_httpAuthFile;
    QLineEdit *m_httpCors;
    QCheckBox *m_httpInsecure;
    QLabel *m_httpInsecureWarning;
    QLineEdit *m_spamAssassin;
    QCheckBox *m_notifications;
    QCheckBox *m_notifyWhenActive;
    QCheckBox *m_closeToTray;
    QLabel *m_restartNote;
};

} // namespace Ui
