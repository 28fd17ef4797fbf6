#include "headermodel.h"

#include "transcriptmodel.h"

#include <QFontDatabase>

namespace Ui {

HeaderModel::HeaderModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void HeaderModel::setHeaders(const QList<Mime::HeaderField> &headers)
{
    beginResetModel();
    m_headers = headers;
    endResetModel();
}

int HeaderModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_headers.size());
}

int HeaderModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HeaderModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_headers.size())
        return {};
    const Mime::HeaderField &h = m_headers.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name:
            return QString::fromUtf8(h.name);
        case Value:
            return h.value;
        case Raw:
            return TranscriptModel::displayText(h.raw);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == Raw)
            return tr("Octets %L1 to %L2").arg(h.range.begin).arg(h.range.end);
        return data(index, Qt::DisplayRole);
    case Qt::FontRole:
        if (index.column() == Raw)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        break;
    case RangeBeginRole:
        return h.range.begin;
    case RangeEndRole:
        return h.range.end;
    }
    return {};
}

QVariant HeaderModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Value:
        return tr("Value (decoded)");
    case Raw:
        return tr("As written");
    }
    return {};
}

} // namespace Ui
