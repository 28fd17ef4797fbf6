#pragma once

#include "records/commitbatch.h"
#include "store/sessionsearch.h"

#include <QAbstractTableModel>

#include <memory>

namespace Store {
class Reader;
}

namespace Ui {

// Every connection, newest first, paged by keyset like the message list. Sessions in
// progress update live: their facts (HELO, TLS, user, faults) from the records the writer
// publishes while they run, activity from transcript lines, message counts from stored mail,
// the outcome when they end. A filter (the search box's language, Store::SessionQuery) runs in
// SQL; under one, live sessions come and go as they start or stop matching. GUI thread.
class SessionListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionListModel)

public:
    enum Column { Id, Started, Client, Helo, Tls, Auth, Outcome, Messages, Duration, Defects, Faults, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, InProgressRole };
    static constexpr int kPageSize = 200;
    static constexpr int kMaxRows = 50000;

    explicit SessionListModel(QObject *parent = nullptr);
    ~SessionListModel() override;

    void setDatabase(const QString &path);
    void reload();
    void setFilter(const QString &text);          // reloads
    QString filterText() const { return m_filterText; }

    void addStarted(const QList<Records::SessionRecord> &sessions);
    void addUpdated(const QList<Records::SessionRecord> &sessions); // still open: TLS, user, faults, count
    void addEnded(const QList<Records::SessionRecord> &sessions);
    void addLines(const QList<Records::TranscriptLine> &lines);
    void addMessages(const QList<Records::MessageSummary> &messages);
    void applyRemovals(const Records::CommitBatch &removals);
    void refreshDurations();     // once a second, for the sessions still open

    int rowOf(qint64 id) const;
    bool matchesFilter(qint64 id) const;   // loaded or not; true without a filter
    // A session's TLS details in one line ("TLSv1.3, TLS_AES_256_GCM_SHA384, SNI localhost").
    static QString tlsText(const QJsonObject &tls, bool used);
    const Records::SessionRecord &at(int row) const { return m_rows.at(row).record; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

private:
    struct Row
    {
        Records::SessionRecord record;
        qint64 lastUs = 0;      // last activity, for sessions in progress
    };
    void changed(int row);
    // Under a filter: the live sessions that match now get a row (updated from the record),
    // those that stopped matching lose theirs. Returns the sessions to update in place.
    QList<Records::SessionRecord> applyFilter(const QList<Records::SessionRecord> &sessions);
    void insertRow(const Records::SessionRecord &session);

    std::unique_ptr<Store::Reader> m_reader;
    QList<Row> m_rows;          // ids strictly decreasing
    bool m_exhausted = true;
    bool m_changing = false; // between begin*() and end*()
    QString m_filterText;
    Store::SessionQuery m_filter;
};

} // namespace Ui
