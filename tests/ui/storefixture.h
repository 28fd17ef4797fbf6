#pragma once

#include "store/records.h"
#include "store/writer.h"

#include <QTemporaryDir>

// A temporary database with a running writer, for model and view tests. Stored summaries
// are what the writer committed, exactly as the capture service would publish them.
class StoreFixture
{
public:
    StoreFixture();
    ~StoreFixture();

    QString path() const { return m_path; }
    Store::Writer &writer() { return *m_writer; }

    // Stores the messages in one commit and returns their summaries, oldest first.
    QList<Store::MessageSummary> store(const QList<QByteArray> &raws, quint64 sessionToken = 0);
    Store::MessageSummary storeOne(const QByteArray &raw) { return store({raw}).constFirst(); }
    QList<Store::MessageSummary> storeNumbered(int count, const QByteArray &subjectPrefix = "Message");
    Store::CommitBatch perform(Store::Writer::Task task);
    Store::CommitBatch flushBatches();

private:
    QTemporaryDir m_dir;
    QString m_path;
    Store::Writer *m_writer;
    QList<Store::CommitBatch> m_batches;
};
