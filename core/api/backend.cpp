#include "backend.h"

#include "capture/captureservice.h"

namespace Api {

Backend Backend::of(Capture::CaptureService &service, const Capture::Config &config)
{
    Store::Writer *writer = service.writer();
    Backend backend;
    backend.databasePath = config.databasePath;
    backend.perform = [writer](Store::Writer::Task task) { writer->perform(std::move(task)); };
    backend.flush = [writer] { writer->flush(); };
    backend.flushIndexed = [writer] { writer->flushIndexed(); };
    backend.store = [writer](const Records::MessageRecord &message) { writer->storeMessage(message); };
    backend.injector = config.server.faults.injector;
    backend.holds = config.server.faults.holds;
    const std::shared_ptr<Faults::Injector> injector = backend.injector;
    backend.setFaultPlan = [injector](const Faults::Plan &plan) {
        if (injector)
            injector->setPlan(plan);
    };
    backend.relay = [&service] { return service.relay(); };
    backend.maxMessageSize = config.server.protocol.limits.maxMessageSize;
    backend.hostname = QString::fromUtf8(config.server.protocol.hostname);
    return backend;
}

} // namespace Api
