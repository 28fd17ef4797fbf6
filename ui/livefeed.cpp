#include "livefeed.h"

#include "capturecontroller.h"
#include "mainview.h"
#include "messagecounts.h"
#include "models/messagelistmodel.h"
#include "models/sessionlistmodel.h"
#include "notifier.h"
#include "views/messageview.h"

#include <QStatusBar>

namespace Ui {

LiveFeed::LiveFeed(CaptureController *capture, MainView *view, MessageCounts *counts, Notifier *notifier,
                   QStatusBar *statusBar, QObject *parent)
    : QObject(parent), m_view(view), m_messages(view->messageModel()), m_sessions(view->sessionModel()),
      m_messageView(view->messageView()), m_counts(counts), m_notifier(notifier), m_statusBar(statusBar)
{
    CaptureController *c = capture;
    connect(c, &CaptureController::messagesStored, this, [this](const QList<Records::MessageSummary> &batch) {
        m_messages->addStored(batch);
        m_sessions->addMessages(batch);
        m_notifier->messagesArrived(batch);
        // Counted here rather than in SQL: a flood brings twenty batches a second.
        m_counts->addMessages(batch.size());
    });
    connect(c, &CaptureController::sessionsStarted, this, [this](const QList<Records::SessionRecord> &sessions) {
        m_sessions->addStarted(sessions);
        m_counts->addSessions(sessions.size());
    });
    connect(c, &CaptureController::sessionsUpdated, m_sessions, &SessionListModel::addUpdated);
    connect(c, &CaptureController::sessionsEnded, m_sessions, &SessionListModel::addEnded);
    connect(c, &CaptureController::transcriptAppended, this, [this](const QList<Records::TranscriptLine> &lines) {
        m_sessions->addLines(lines);
        m_messageView->appendTranscript(lines);
    });
    connect(c, &CaptureController::storeChanged, this, &LiveFeed::onStoreChanged);
    connect(c, &CaptureController::storeFailed, this, [this](const QString &error) {
        m_statusBar->showMessage(tr("The database could not be written: %1").arg(error), 15000);
    });

    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, m_sessions, &SessionListModel::refreshDurations);
    m_ticker.start();
}

LiveFeed::~LiveFeed() = default;

void LiveFeed::onStoreChanged(const Records::CommitBatch &changes)
{
    m_messages->addAnalysed(changes.analysed);
    // Read state and tags change from the API too: the rows follow the store, whoever asked.
    QList<qint64> read, unread;
    for (const auto &[id, seen] : changes.seen)
        (seen ? read : unread).append(id);
    m_messages->setSeen(read, true);
    m_messages->setSeen(unread, false);
    m_messages->refreshTags(changes.tagsChanged);
    if (!changes.seen.isEmpty())
        m_counts->recountSoon();
    if (changes.removed.isEmpty() && !changes.messagesRemovedUpTo && !changes.sessionsRemovedUpTo)
        return;
    m_view->applyRemovals(changes);
    m_counts->recountSoon();
}

} // namespace Ui
