#pragma once

#include "records/commitbatch.h"
#include "store/search.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>

#include <memory>

class QTemporaryDir;

namespace Store {
class Reader;
}

namespace Ui {

// The message list, newest first. Holds a bounded window of rows paged from SQLite by
// keyset (never OFFSET); new mail arrives in batches, each inserted at the top with one
// rowsInserted, as handed over when unfiltered; the search filter runs in SQL. Reads on its own connection, GUI thread.
class MessageListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageListModel)

public:
    // Date (the Date header) and Cc come last and start hidden: the user shows them from the
    // header's menu, and layouts saved before they existed keep their columns.
    enum Column { Id, Received, Markers, EnvelopeFrom, From, To, Subject, Size, Tags, Date, Cc, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, SessionIdRole, UnreadRole, MarkersRole };
    static constexpr int kPageSize = 200;
    static constexpr int kMaxRows = 50000;

    explicit MessageListModel(QObject *parent = nullptr);
    ~MessageListModel() override;

    void setDatabase(const QString &path);        // reloads
    void setFilter(const QString &text);          // reloads; the search box's language
    QString filterText() const { return m_filterText; }
    QString lastError() const { return m_error; }
    void reload();

    // Live updates from the capture service and the writer.
    void addStored(const QList<Records::MessageSummary> &batch);
    void applyRemovals(const Records::CommitBatch &removals);
    void setSeen(const QList<qint64> &ids, bool seen); // what the list shows; the store is told elsewhere
    // Messages the store analysed after ingest (id, lint): their lint count, and, under a text
    // search, whether they match now that their body is indexed.
    void addAnalysed(const QList<QPair<qint64, int>> &analysed);
    // Messages whose tags changed in the store (by the window or the API): their loaded rows
    // read their tags again; under a tag search, rows that stopped matching go.
    void refreshTags(const QList<qint64> &ids);

    int rowOf(qint64 id) const;                   // -1 when not loaded
    qint64 idAt(int row) const { return m_rows.at(row).id; }
    const Records::MessageSummary &at(int row) const { return m_rows.at(row); }
    bool isComplete() const { return m_exhausted; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    Qt::DropActions supportedDragActions() const override { return Qt::CopyAction; }

Q_SIGNALS:
    void filterFailed(const QString &error);

private:
    void removeRowRange(int first, int last);
    void removeIds(const QList<qint64> &ids);
    void setLint(const QList<QPair<qint64, int>> &counts);
    void trimTail();
    void addMatching(const QList<Records::MessageSummary> &batch);
    void insertAtTop(QList<Records::MessageSummary> rows); // newest first, all newer than the top row

    std::unique_ptr<Store::Reader> m_reader;
    QString m_databasePath;
    QString m_filterText;
    Store::SearchQuery m_filter;
    QList<Records::MessageSummary> m_rows;           // ids strictly decreasing
    bool m_exhausted = true;
    // Removed by the store before a live batch that carries them arrives (ids are never reused).
    qint64 m_removedUpTo = 0;
    QSet<qint64> m_removedAhead;             // newer than the top row
    QHash<qint64, int> m_lintAhead;          // the same for lint counts found after ingest
    bool m_changing = false; // between begin*() and end*()
    QString m_error;
    mutable std::unique_ptr<QTemporaryDir> m_dragDir; // .eml files handed to drag targets
};

} // namespace Ui
