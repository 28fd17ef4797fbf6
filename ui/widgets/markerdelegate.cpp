#include "markerdelegate.h"

#include "theme.h"

#include <QApplication>
#include <QPainter>

namespace Ui {

namespace {

QColor badgeColour(const QString &marker, bool dark)
{
    if (marker == QLatin1String("lint"))
        return dark ? QColor(0x8a, 0x5a, 0x10) : QColor(0xf6, 0xc3, 0x6b);
    if (marker == QLatin1String("att"))
        return dark ? QColor(0x2d, 0x4f, 0x7c) : QColor(0xbf, 0xd7, 0xf5);
    if (marker == QLatin1String("tls") || marker == QLatin1String("auth"))
        return dark ? QColor(0x25, 0x5c, 0x3a) : QColor(0xc4, 0xe8, 0xcf);
    if (marker == QLatin1String("fault"))
        return dark ? QColor(0x7c, 0x2d, 0x2d) : QColor(0xf5, 0xc2, 0xc2);
    return dark ? QColor(0x4a, 0x4a, 0x4a) : QColor(0xe2, 0xe2, 0xe2);
}

} // namespace

MarkerDelegate::MarkerDelegate(int role, QObject *parent)
    : QStyledItemDelegate(parent), m_role(role)
{
}

void MarkerDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QStringList markers = index.data(m_role).toStringList();
    if (markers.isEmpty())
        return;
    QFont font = option.font;
    font.setPointSizeF(font.pointSizeF() * 0.8);
    font.setBold(false);
    const QFontMetrics fm(font);
    const bool dark = Theme::isDark(option.palette);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setFont(font);
    int x = option.rect.left() + 3;
    const int h = fm.height() + 2;
    const int y = option.rect.center().y() - h / 2;
    for (const QString &marker : markers) {
        const int w = fm.horizontalAdvance(marker) + 8;
        if (x + w > option.rect.right())
            break;
        painter->setPen(Qt::NoPen);
        painter->setBrush(badgeColour(marker, dark));
        painter->drawRoundedRect(QRect(x, y, w, h), 3, 3);
        painter->setPen(option.palette.color(QPalette::Text));
        painter->drawText(QRect(x, y, w, h), Qt::AlignCenter, marker);
        x += w + 3;
    }
    painter->restore();
}

QSize MarkerDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(std::max(size.width(), 90));
    return size;
}

} // namespace Ui
