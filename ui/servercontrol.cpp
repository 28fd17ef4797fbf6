#include "servercontrol.h"

#include "appsettings.h"
#include "capturecontroller.h"
#include "notifier.h"
#include "widgets/infobar.h"

#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>

namespace Ui {

ServerControl::ServerControl(CaptureController *capture, InfoBar *banner, Notifier *notifier, QStatusBar *statusBar,
                             QWidget *window)
    : QObject(window), m_capture(capture), m_serverBar(banner), m_notifier(notifier), m_statusBar(statusBar),
      m_window(window), m_listening(new QLabel(window)), m_fix(banner->addButton(tr("Settings…")))
{
    m_listening->setObjectName(QStringLiteral("listeningLabel"));
    m_fix->setObjectName(QStringLiteral("serverBarFix"));
    connect(m_fix, &QPushButton::clicked, this, &ServerControl::settingsRequested);
    connect(m_capture, &CaptureController::runningChanged, this, &ServerControl::updateServerState);
}

ServerControl::~ServerControl() = default;

bool ServerControl::start(const AppSettings &settings, QString *error)
{
    QString why;
    const auto config = settings.captureConfig(&why);
    bool ok = false;
    std::optional<Smtp::ListenAddress> inUse;
    if (config) {
        ok = m_capture->configure(*config, false, &why);
        inUse = m_capture->addressInUse();
        if (!ok) // keep the store usable for browsing and maintenance while not listening
            m_capture->configure(*config, true, nullptr);
    }
    m_notListening.clear();
    if (!ok) {
        showListenFailure(inUse ? tr("Not listening: another program uses port %1 on %2")
                                      .arg(inUse->port)
                                      .arg(Smtp::addressText(inUse->address))
                                : tr("Not listening: %1").arg(why));
        if (error)
            *error = why;
    }
    updateServerState();
    return ok;
}

void ServerControl::showListenFailure(const QString &why)
{
    m_notListening = why;
    m_serverBar->setText(tr("%1. Choose another port in the settings.").arg(why));
    m_fix->setText(tr("Choose Another Port…"));
    m_serverBar->show();
}

void ServerControl::restart(const AppSettings &settings)
{
    // Paused by the user stays paused; a listener that failed to start tries again.
    if (m_pausedByUser) {
        if (const auto config = settings.captureConfig(nullptr))
            m_capture->configure(*config, true, nullptr);
    } else {
        m_serverBar->hide();
        start(settings, nullptr);
    }
}

void ServerControl::togglePause()
{
    if (m_capture->isRunning()) {
        m_capture->pause();
        m_pausedByUser = true;
        m_statusBar->showMessage(tr("Paused: new connections are refused; stored mail is kept."), 5000);
        return;
    }
    QString error;
    if (!m_capture->resume(&error)) {
        if (const auto inUse = m_capture->addressInUse()) {
            m_pausedByUser = false;
            showListenFailure(tr("Not listening: another program uses port %1 on %2")
                                  .arg(inUse->port)
                                  .arg(Smtp::addressText(inUse->address)));
            updateServerState();
        } else {
            QMessageBox::warning(m_window, tr("Resume server"), error);
        }
        return;
    }
    m_pausedByUser = false;
    m_notListening.clear();
    m_serverBar->hide();
}

void ServerControl::showProblem(const QString &text)
{
    m_serverBar->setText(text);
    m_fix->setText(tr("Settings…"));
    m_serverBar->show();
}

void ServerControl::updateServerState()
{
    const bool running = m_capture->isRunning();
    QStringList addresses;
    for (const auto &a : m_capture->addresses())
        addresses.append(a.toString());
    const bool failed = !running && !m_pausedByUser && !m_notListening.isEmpty();
    m_listening->setText(running  ? tr("Listening on %1").arg(addresses.join(QStringLiteral(", ")))
                         : failed ? m_notListening
                                  : tr("Paused"));
    m_listening->setToolTip(tr("Database: %1").arg(m_capture->databasePath()));
    m_notifier->setRunning(running);
    m_window->setWindowTitle(running  ? QStringLiteral("Mailscope — %1").arg(addresses.join(QStringLiteral(", ")))
                             : failed ? tr("Mailscope — not listening")
                                      : QStringLiteral("Mailscope — paused"));
    Q_EMIT stateChanged(running);
}

} // namespace Ui
