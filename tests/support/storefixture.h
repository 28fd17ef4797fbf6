#pragma once

#include "records/commitbatch.h"
#include "store/writer.h"

#include <QMutex>
#include <QTemporaryDir>

// A temporary database with a running writer, for store, model and view tests. Stored summaries
// are what the writer committed, exactly as the capture service would publish them.
class StoreFixture
{
public:
    StoreFixture();
    ~StoreFixture();

    QString path() const { return m_path; }
    Store::Writer &writer() { return *m_writer; }

    // Stores the messages in one commit and returns their summaries, oldest first.
    QList<Records::MessageSummary> store(const QList<QByteArray> &raws, quint64 sessionToken = 0);
    Records::MessageSummary storeOne(const QByteArray &raw) { return store({raw}).constFirst(); }
    QList<Records::MessageSummary> storeNumbered(int count, const QByteArray &subjectPrefix = "Message");
    Records::CommitBatch perform(Store::Writer::Task task);
    Records::CommitBatch flushBatches();

private:
    QTemporaryDir m_dir;
    QString m_path;
    Store::Writer *m_writer;
    QMutex m_batchesMutex;       // the writer's thread appends, also for the indexer's own commits
    QList<Records::CommitBatch> m_batches;
};
