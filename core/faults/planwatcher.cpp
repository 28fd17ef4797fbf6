#include "planwatcher.h"

#include "injector.h"

#include <QFile>
#include <QFileInfo>

namespace Faults {

PlanWatcher::PlanWatcher(QString path, std::shared_ptr<Injector> injector, QObject *parent)
    : QObject(parent), m_path(QFileInfo(path).absoluteFilePath()), m_injector(std::move(injector))
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(kSettleMs);
    connect(&m_settle, &QTimer::timeout, this, &PlanWatcher::reloadNow);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, &m_settle, qOverload<>(&QTimer::start));
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, &m_settle, qOverload<>(&QTimer::start));
    watch();
    QFile file(m_path);
    if (file.open(QIODevice::ReadOnly))
        m_loaded = file.readAll();
    // The file may have been saved again between loading the plan in force and watching it.
    const auto onDisk = Plan::fromJson(m_loaded, nullptr);
    if (!onDisk || onDisk->rules != m_injector->plan().rules) {
        m_loaded.clear();
        m_settle.start();
    }
}

PlanWatcher::~PlanWatcher() = default;

void PlanWatcher::watch()
{
    // The directory too: saving by rename replaces the file and ends a watch on it.
    const QString dir = QFileInfo(m_path).absolutePath();
    if (!m_watcher.directories().contains(dir))
        m_watcher.addPath(dir);
    if (QFileInfo::exists(m_path) && !m_watcher.files().contains(m_path))
        m_watcher.addPath(m_path);
}

void PlanWatcher::reloadNow()
{
    watch();
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly)) {
        Q_EMIT reloadFailed(QStringLiteral("cannot read %1: %2").arg(m_path, file.errorString()));
        return;
    }
    const QByteArray content = file.readAll();
    if (content == m_loaded)
        return; // touched, or another file in the folder changed
    QString error;
    const auto plan = Plan::fromJson(content, &error);
    if (!plan) {
        m_loaded = content; // report a broken file once, not on every unrelated change
        Q_EMIT reloadFailed(QStringLiteral("%1: %2").arg(m_path, error));
        return;
    }
    m_loaded = content;
    m_injector->setPlan(*plan);
    Q_EMIT reloaded(*plan);
}

} // namespace Faults
