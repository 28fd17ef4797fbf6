#pragma once

#include "appsettings.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace Ui {

// Edits AppSettings: where to listen, limits, the database and retention, and desktop
// notifications. Refuses to close with an address it cannot parse.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    explicit SettingsDialog(const AppSettings &settings, QWidget *parent = nullptr);
    AppSettings settings() const;

    void accept() override;

private:
    AppSettings m_base;
    QPlainTextEdit *m_listen;
    QLineEdit *m_hostname;
    QSpinBox *m_maxSizeMb;
    QSpinBox *m_maxRecipients;
    QSpinBox *m_maxLineLength;
    QSpinBox *m_idleTimeout;
    QSpinBox *m_maxConnections;
    QLineEdit *m_database;
    QCheckBox *m_fullDurability;
    QSpinBox *m_maxMessages;
    QCheckBox *m_notifications;
    QCheckBox *m_notifyWhenActive;
    QCheckBox *m_closeToTray;
    QLabel *m_restartNote;
};

} // namespace Ui
