#pragma once

#include "faults/holdbroker.h"
#include "faults/injector.h"
#include "records/commitbatch.h"
#include "smtp/relay.h"
#include "store/writer.h"

#include <QObject>

namespace Capture {
class CaptureService;
struct Config;
}

#include <functional>
#include <memory>

namespace Api {

// What a front end (serve, the window) lends the API: its store, its fault engine and its
// limits. The API lives on the front end's thread, so these are called there.
struct Backend
{
    QString databasePath;
    std::function<void(Store::Writer::Task task)> perform; // queued for the writer's next commit
    std::function<void()> flush;                           // returns once what was queued is committed
    std::function<void()> flushIndexed;                    // the same, and the search index caught up
    std::function<void(const Records::MessageRecord &message)> store;
    std::shared_ptr<Faults::Injector> injector;            // null: fault injection unavailable
    std::shared_ptr<Faults::HoldBroker> holds;             // null: no held sessions
    std::function<void(const Faults::Plan &plan)> setFaultPlan;
    std::function<Smtp::RelayConfig()> relay;             // where a release goes now; null: relaying is off
    qint64 maxMessageSize = 0;
    QString hostname;

    // The backend of a capture service that runs as long as the API (serve's).
    static Backend of(Capture::CaptureService &service, const Capture::Config &config);
};

// The capture's live events as the routes see them. A front end connects its signals to these
// (signal to signal); everything arrives on the front end's thread, batched.
class Live final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Live)

public:
    using QObject::QObject;

Q_SIGNALS:
    void sessionsStarted(const QList<Records::SessionRecord> &sessions);
    void transcriptAppended(const QList<Records::TranscriptLine> &lines);
    void messagesStored(const QList<Records::MessageSummary> &messages);
    void sessionsUpdated(const QList<Records::SessionRecord> &sessions);
    void sessionsEnded(const QList<Records::SessionRecord> &sessions);
    // What the store did besides ingest: deletions (removed, messagesRemovedUpTo), read state
    // and tags (updated messages), lint found after ingest.
    void storeChanged(const Records::CommitBatch &changes);

public:
    // Forwards a capture service's signals (a CaptureService, or the window's controller,
    // which has the same).
    template<typename Source>
    void follow(Source *source)
    {
        connect(source, &Source::sessionsStarted, this, &Live::sessionsStarted);
        connect(source, &Source::transcriptAppended, this, &Live::transcriptAppended);
        connect(source, &Source::messagesStored, this, &Live::messagesStored);
        connect(source, &Source::sessionsUpdated, this, &Live::sessionsUpdated);
        connect(source, &Source::sessionsEnded, this, &Live::sessionsEnded);
        connect(source, &Source::storeChanged, this, &Live::storeChanged);
    }
};

} // namespace Api
