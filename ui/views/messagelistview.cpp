#include "messagelistview.h"

#include <QHeaderView>
#include <QScrollBar>

namespace Ui {

MessageListView::MessageListView(QWidget *parent)
    : QTreeView(parent)
{
    setRootIsDecorated(false);
    setUniformRowHeights(true);   // layout cost stays flat with many rows
    setAllColumnsShowFocus(true);
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    setWordWrap(false);
    header()->setSectionsMovable(true);
    header()->setStretchLastSection(false);
}

void MessageListView::setModel(QAbstractItemModel *model)
{
    if (this->model())
        disconnect(this->model(), nullptr, this, nullptr);
    QTreeView::setModel(model);
    if (!model)
        return;
    connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this, &MessageListView::beforeInsert);
    connect(model, &QAbstractItemModel::rowsInserted, this, &MessageListView::afterInsert);
}

bool MessageListView::isAtTop() const
{
    return verticalScrollBar()->value() == 0;
}

void MessageListView::beforeInsert(const QModelIndex &parent, int first, int)
{
    if (!parent.isValid() && first == 0)
        m_wasAtTop = isAtTop();
}

void MessageListView::afterInsert(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid() || first != 0 || m_wasAtTop)
        return;
    // Scroll by as many rows as arrived, once the scroll bar knows the new range.
    m_pendingShift += last - first + 1;
}

void MessageListView::updateGeometries()
{
    QTreeView::updateGeometries();
    if (m_pendingShift == 0)
        return;
    QScrollBar *bar = verticalScrollBar();
    bar->setValue(bar->value() + m_pendingShift);
    m_pendingShift = 0;
}

} // namespace Ui
