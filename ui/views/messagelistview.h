#pragma once

#include <QTreeView>

namespace Ui {

// A list of newest-first rows that live mail is inserted above. When the user is at the top
// the view follows new rows; otherwise it keeps the rows on screen where they are. The
// selection is kept by the model's persistent indexes, so it stays on the same message.
class MessageListView final : public QTreeView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageListView)

public:
    explicit MessageListView(QWidget *parent = nullptr);
    void setModel(QAbstractItemModel *model) override;
    bool isAtTop() const;

protected:
    void updateGeometries() override;

private:
    void beforeInsert(const QModelIndex &parent, int first, int last);
    void afterInsert(const QModelIndex &parent, int first, int last);

    bool m_wasAtTop = true;
    int m_pendingShift = 0;     // rows inserted above the viewport, applied after layout
};

} // namespace Ui
