#include "transcriptpager.h"

#include "messageloader.h"

#include <QFutureWatcher>
#include <QScrollBar>
#include <QTreeView>
#include <QtConcurrent>

namespace Ui {

namespace {

int slot(TranscriptModel::Gap gap)
{
    return gap == TranscriptModel::Gap::Earlier ? 0 : 1;
}

} // namespace

TranscriptPager::TranscriptPager(QTreeView *view, TranscriptModel *model, QObject *parent)
    : QObject(parent), m_view(view), m_model(model)
{
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        ++m_generation;
        m_loading[0] = m_loading[1] = false;
        m_waiting.clear();
    });
    // Only the user's scrolling reads more, not the view scrolling to a message it shows.
    connect(m_view->verticalScrollBar(), &QScrollBar::actionTriggered, this,
            [this] { QMetaObject::invokeMethod(this, &TranscriptPager::loadVisibleGaps, Qt::QueuedConnection); });
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        loadMore(m_model->gapAt(index.row()));
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &current) {
        if (current.isValid())
            loadMore(m_model->gapAt(current.row()));
    });
}

TranscriptPager::~TranscriptPager()
{
    ++m_generation; // reads still on their way are dropped
}

void TranscriptPager::loadVisibleGaps()
{
    const QRect viewport = m_view->viewport()->rect();
    for (const TranscriptModel::Gap gap : {TranscriptModel::Gap::Earlier, TranscriptModel::Gap::Later}) {
        const int row = m_model->rowOfGap(gap);
        if (row >= 0 && m_view->visualRect(m_model->index(row, 0)).intersects(viewport))
            loadMore(gap);
    }
}

void TranscriptPager::loadMore(TranscriptModel::Gap gap)
{
    if (gap == TranscriptModel::Gap::None || !m_model->hasGap(gap) || m_loading[slot(gap)] || m_databasePath.isEmpty())
        return;
    m_loading[slot(gap)] = true;
    const quint64 generation = m_generation;
    const qint64 after = m_model->lineIdBefore(gap);
    const qint64 before = m_model->lineIdAfter(gap);
    auto *watcher = new QFutureWatcher<TranscriptSlice>(this);
    connect(watcher, &QFutureWatcher<TranscriptSlice>::finished, this, [this, watcher, generation, gap] {
        watcher->deleteLater();
        if (generation == m_generation)
            land(gap, watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(&loadTranscriptPart, m_databasePath, m_model->sessionId(), after, before));
}

void TranscriptPager::land(TranscriptModel::Gap gap, const TranscriptSlice &part)
{
    m_loading[slot(gap)] = false;
    if (gap == TranscriptModel::Gap::Later) {
        m_model->insertLater(part);
        m_model->append(std::exchange(m_waiting, {}));
        Q_EMIT partLoaded(gap);
        return;
    }
    // The first line below the gap stays where it was on screen while lines go in above it.
    const qint64 anchor = m_model->lineIdAfter(gap);
    const int rowBefore = m_model->rowOfLineId(anchor);
    const QRect anchorRect = m_view->visualRect(m_model->index(rowBefore, 0));
    m_model->insertEarlier(part);
    const int shift = m_model->rowOfLineId(anchor) - rowBefore;
    if (shift > 0 && anchorRect.bottom() >= 0) {
        m_view->doItemsLayout();
        const int step = m_view->verticalScrollMode() == QAbstractItemView::ScrollPerItem ? 1 : qMax(1, anchorRect.height());
        QScrollBar *bar = m_view->verticalScrollBar();
        bar->setValue(bar->value() + shift * step);
    }
    Q_EMIT partLoaded(gap);
}

void TranscriptPager::append(const QList<Records::TranscriptLine> &lines)
{
    if (m_loading[slot(TranscriptModel::Gap::Later)])
        m_waiting += lines;
    else
        m_model->append(lines);
}

} // namespace Ui
