#include "linksmodel.h"

#include <QBrush>
#include <QColor>

namespace Ui {

LinksModel::LinksModel(QObject *parent) : QAbstractTableModel(parent) {}

void LinksModel::setLinks(const HtmlCheck::LinksReport &report)
{
    beginResetModel();
    m_report = report;
    m_status.clear();
    m_pending.clear();
    endResetModel();
}

void LinksModel::clear()
{
    setLinks({});
}

void LinksModel::setPending(const QStringList &urls)
{
    for (const QString &url : urls) {
        m_status.remove(url);
        m_pending.insert(url, true);
        urlChanged(url);
    }
}

void LinksModel::setStatus(const HtmlCheck::LinkStatus &status)
{
    m_pending.remove(status.url);
    m_status.insert(status.url, status);
    urlChanged(status.url);
}

void LinksModel::urlChanged(const QString &url)
{
    for (int row = 0; row < m_report.links.size(); ++row) {
        if (m_report.links[row].url == url)
            Q_EMIT dataChanged(index(row, Status), index(row, Status));
    }
}

int LinksModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_report.links.size());
}

int LinksModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LinksModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const HtmlCheck::Link &link = m_report.links[index.row()];
    const auto status = m_status.constFind(link.url);
    const bool checked = status != m_status.cend();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Url:
            return link.url;
        case Where:
            return link.partPath.isEmpty() ? HtmlCheck::describe(link.source)
                                           : tr("%1 in part %2").arg(HtmlCheck::describe(link.source), link.partPath);
        case Status:
            if (m_pending.contains(link.url))
                return tr("checking…");
            if (!checked)
                return {};
            if (status->statusCode == 0)
                return status->status;
            return status->redirects > 0 ? tr("%1 %2 (after %n redirect(s))", nullptr, status->redirects)
                                               .arg(status->statusCode)
                                               .arg(status->status)
                                         : QStringLiteral("%1 %2").arg(status->statusCode).arg(status->status);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == Status && checked && status->redirects > 0)
            return tr("Ended at %1").arg(status->finalUrl);
        return index.column() == Url ? link.url : QVariant();
    case Qt::ForegroundRole:
        if (index.column() == Status && checked)
            return QBrush(status->isError() ? QColor(0xc0, 0x20, 0x20) : QColor(0x20, 0x80, 0x30));
        return {};
    case RangeBeginRole:
        return link.raw.begin;
    case RangeEndRole:
        return link.raw.end;
    case StatusCodeRole:
        return checked ? status->statusCode : -1;
    default:
        return {};
    }
}

QVariant LinksModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Url: return tr("Link");
    case Where: return tr("Where");
    case Status: return tr("Status");
    default: return {};
    }
}

} // namespace Ui
