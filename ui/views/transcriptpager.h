#pragma once

#include "models/transcriptmodel.h"

#include <QObject>

class QTreeView;

namespace Ui {

// Loads more of the transcript a TranscriptModel shows, off the GUI thread, when the user asks:
// scrolling a gap's row into view, double-clicking it or moving onto it. Keeps what the user
// was reading in place when lines go in above it. Live lines that arrive while later lines are
// read wait for them. A new session in the model drops the reads on their way.
class TranscriptPager final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TranscriptPager)

public:
    TranscriptPager(QTreeView *view, TranscriptModel *model, QObject *parent = nullptr);
    ~TranscriptPager() override;

    void setDatabase(const QString &path) { m_databasePath = path; }
    // Reads the lines of the gap, if the model has it and they are not being read already.
    void loadMore(TranscriptModel::Gap gap);
    bool isLoading() const { return m_loading[0] || m_loading[1]; }
    void append(const QList<Records::TranscriptLine> &lines); // live lines

Q_SIGNALS:
    void partLoaded(TranscriptModel::Gap gap); // its lines are in the model

private:
    void loadVisibleGaps();
    void land(TranscriptModel::Gap gap, const TranscriptSlice &part);

    QTreeView *m_view;
    TranscriptModel *m_model;
    QString m_databasePath;
    quint64 m_generation = 0;
    bool m_loading[2] = {false, false}; // earlier, later
    QList<Records::TranscriptLine> m_waiting; // live lines while later ones are read
};

} // namespace Ui
