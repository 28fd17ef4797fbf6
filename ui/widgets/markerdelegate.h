#pragma once

#include <QStyledItemDelegate>

namespace Ui {

// Paints a message's markers (attachment, HTML, lint, ...) as small labelled badges, so
// they read without special fonts or icons and follow the palette.
class MarkerDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MarkerDelegate)

public:
    explicit MarkerDelegate(int role, QObject *parent = nullptr);
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_role;
};

} // namespace Ui
