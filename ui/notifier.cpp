#include "notifier.h"

#include "counted.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusInterface>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QMenu>
#include <QPainter>
#include <QSystemTrayIcon>
#include <QWidget>

namespace Ui {

namespace {

const QString kService = QStringLiteral("org.freedesktop.Notifications");

QString senderOf(const Records::MessageSummary &m)
{
    return m.headerFrom.isEmpty() ? QString::fromUtf8(m.mailFrom) : m.headerFrom;
}

} // namespace

Notifier::Notifier(QWidget *window, QObject *parent)
    : QObject(parent), m_window(window), m_icon(window->windowIcon())
{
    m_throttle.setSingleShot(true);
    m_throttle.setInterval(kThrottleMs);
    connect(&m_throttle, &QTimer::timeout, this, &Notifier::flush);
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(m_icon, this);
    m_menu = new QMenu(window);
    m_menu->addAction(tr("Show Mailscope"), this, &Notifier::showWindowRequested);
    m_pause = m_menu->addAction(tr("Pause server"), this, &Notifier::pauseToggleRequested);
    m_menu->addSeparator();
    m_menu->addAction(tr("Quit"), this, &Notifier::quitRequested);
    m_tray->setContextMenu(m_menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger)
            Q_EMIT showWindowRequested();
    });
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, &Notifier::showWindowRequested);
    m_tray->setToolTip(QStringLiteral("Mailscope"));
    m_tray->show();
}

Notifier::~Notifier()
{
    delete m_menu;
}

void Notifier::setEnabled(bool notifications, bool whenActive)
{
    m_enabled = notifications;
    m_whenActive = whenActive;
}

void Notifier::messagesArrived(const QList<Records::MessageSummary> &messages)
{
    if (!m_enabled || messages.isEmpty())
        return;
    if (!m_whenActive && m_window->isActiveWindow())
        return;
    if (!m_throttle.isActive()) {
        const Records::MessageSummary &m = messages.last();
        if (messages.size() == 1)
            send(tr("New mail from %1").arg(senderOf(m)), m.subject);
        else
            send(counted(messages.size(), "new message", "new messages"),
                 tr("Latest from %1: %2").arg(senderOf(m), m.subject));
        m_throttle.start();
        return;
    }
    m_held += int(messages.size());
    m_latest = messages.last();
}

void Notifier::flush()
{
    if (m_held == 0)
        return;
    send(counted(m_held, "more new message", "more new messages"), tr("Latest from %1: %2").arg(senderOf(m_latest), m_latest.subject));
    m_held = 0;
    m_throttle.start(); // keep throttling while the burst goes on
}

void Notifier::send(const QString &title, const QString &body)
{
    Q_EMIT notified(title, body);
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (bus.isConnected() && bus.interface() && bus.interface()->isServiceRegistered(kService)) {
        QDBusInterface notifications(kService, QStringLiteral("/org/freedesktop/Notifications"), kService, bus);
        const QDBusPendingCall call = notifications.asyncCall(
            QStringLiteral("Notify"), QStringLiteral("Mailscope"), m_lastId, QStringLiteral("mail-unread"), title,
            body.toHtmlEscaped(), QStringList(), QVariantMap{{QStringLiteral("category"), QStringLiteral("email.arrived")}},
            int(-1));
        auto *watcher = new QDBusPendingCallWatcher(call, this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *w) {
            const QDBusPendingReply<uint> reply = *w;
            if (reply.isValid())
                m_lastId = reply.value();
            w->deleteLater();
        });
        return;
    }
    if (m_tray)
        m_tray->showMessage(title, body, QSystemTrayIcon::Information, 6000);
}

void Notifier::setUnread(qint64 count)
{
    if (!m_tray || count == std::exchange(m_unread, count))
        return;
    m_tray->setIcon(badgeIcon(count));
    m_tray->setToolTip(count > 0 ? tr("Mailscope: %L1 unread").arg(count)
                                 : QStringLiteral("Mailscope"));
}

void Notifier::setRunning(bool running)
{
    if (m_pause)
        m_pause->setText(running ? tr("Pause server") : tr("Resume server"));
}

void Notifier::alert(const QString &title, const QString &body)
{
    if (m_enabled && !m_window->isActiveWindow())
        send(title, body);
}

QIcon Notifier::badgeIcon(qint64 count) const
{
    if (count <= 0)
        return m_icon;
    QPixmap pixmap = m_icon.pixmap(64, 64);
    if (pixmap.isNull()) {
        pixmap = QPixmap(64, 64);
        pixmap.fill(Qt::transparent);
    }
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const QString text = count > 99 ? QStringLiteral("99+") : QString::number(count);
    QFont font = QApplication::font();
    font.setBold(true);
    font.setPixelSize(text.size() > 2 ? 20 : 26);
    p.setFont(font);
    const QRect badge(64 - 40, 0, 40, 34);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0xd3, 0x2f, 0x2f));
    p.drawRoundedRect(badge, 16, 16);
    p.setPen(Qt::white);
    p.drawText(badge, Qt::AlignCenter, text);
    return QIcon(pixmap);
}

} // namespace Ui
