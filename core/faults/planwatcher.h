#pragma once

#include "plan.h"

#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

#include <memory>

namespace Faults {

class Injector;

// Keeps a running injector's plan in step with its file: reloads when the file changes
// (also when an editor replaces it), and when the new file is broken reports why and keeps
// the plan in force. Lives on its front end's thread; the injector is thread-safe.
class PlanWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlanWatcher)

public:
    static constexpr int kSettleMs = 150; // editors write in steps; read once they are done

    PlanWatcher(QString path, std::shared_ptr<Injector> injector, QObject *parent = nullptr);
    ~PlanWatcher() override;

    void reloadNow();

Q_SIGNALS:
    void reloaded(const Faults::Plan &plan);
    void reloadFailed(const QString &error);

private:
    void watch();

    QString m_path;
    std::shared_ptr<Injector> m_injector;
    QFileSystemWatcher m_watcher;
    QTimer m_settle;
    QByteArray m_loaded;        // the file content now in force
};

} // namespace Faults
