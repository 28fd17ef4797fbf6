#include "parttreemodel.h"

#include <QLocale>

namespace Ui {

PartTreeModel::PartTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

void PartTreeModel::setMessage(const Mime::ParsedMessage &message)
{
    beginResetModel();
    m_message = message;
    m_parent.clear();
    m_parent.insert(&m_message.root, {nullptr, 0});
    indexParents(&m_message.root);
    endResetModel();
}

void PartTreeModel::indexParents(const Mime::Part *part)
{
    for (int row = 0; row < part->children.size(); ++row) {
        const Mime::Part *child = &part->children.at(row);
        m_parent.insert(child, {part, row});
        indexParents(child);
    }
}

const Mime::Part *PartTreeModel::part(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<const Mime::Part *>(index.internalPointer()) : nullptr;
}

Mime::ByteRange PartTreeModel::entityRange(const Mime::Part &part)
{
    const qint64 begin = part.headerRange.isValid() ? part.headerRange.begin : part.bodyRange.begin;
    const qint64 end = part.bodyRange.isValid() ? part.bodyRange.end : part.headerRange.end;
    return {begin, end};
}

QModelIndex PartTreeModel::indexOf(const QString &path) const
{
    // A container and its only entity can share a path; the leaf is what people mean.
    const Mime::Part *found = nullptr;
    for (auto it = m_parent.cbegin(); it != m_parent.cend(); ++it) {
        if (it.key()->path == path && (!found || it.key()->isLeaf()))
            found = it.key();
    }
    return found ? createIndex(m_parent.value(found).second, 0, const_cast<Mime::Part *>(found)) : QModelIndex();
}

QModelIndex PartTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (m_parent.isEmpty() || row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row == 0 ? createIndex(0, column, const_cast<Mime::Part *>(&m_message.root)) : QModelIndex();
    const Mime::Part *p = part(parent);
    if (row >= p->children.size())
        return {};
    return createIndex(row, column, const_cast<Mime::Part *>(&p->children.at(row)));
}

QModelIndex PartTreeModel::parent(const QModelIndex &child) const
{
    const Mime::Part *p = part(child);
    if (!p)
        return {};
    const Mime::Part *up = m_parent.value(p).first;
    if (!up)
        return {};
    return createIndex(m_parent.value(up).second, 0, const_cast<Mime::Part *>(up));
}

int PartTreeModel::rowCount(const QModelIndex &parent) const
{
    if (m_parent.isEmpty())
        return 0;
    if (!parent.isValid())
        return 1;
    if (parent.column() != 0)
        return 0;
    return int(part(parent)->children.size());
}

int PartTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant PartTreeModel::data(const QModelIndex &index, int role) const
{
    const Mime::Part *p = part(index);
    if (!p)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Path:
            return p->path.isEmpty() ? tr("message") : p->path;
        case Type:
            return p->contentType;
        case Charset:
            return p->charset;
        case Encoding:
            return p->transferEncoding;
        case Disposition:
            return p->disposition;
        case FileName:
            return p->filename;
        case Size:
            return p->decodedSize >= 0
                ? QLocale().formattedDataSize(p->decodedSize, 1, QLocale::DataSizeTraditionalFormat)
                : QVariant();
        case ContentId:
            return p->contentId;
        }
        break;
    case Qt::ToolTipRole: {
        const Mime::ByteRange r = entityRange(*p);
        QString tip = tr("Octets %L1 to %L2 of the raw message").arg(r.begin).arg(r.end);
        if (p->decodedSize >= 0)
            tip += tr("\n%L1 octets decoded").arg(p->decodedSize);
        if (!p->decodedSha256.isEmpty())
            tip += QStringLiteral("\nSHA-256 ") + QString::fromLatin1(p->decodedSha256);
        return tip;
    }
    case Qt::TextAlignmentRole:
        if (index.column() == Size)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case RangeBeginRole:
        return entityRange(*p).begin;
    case RangeEndRole:
        return entityRange(*p).end;
    case PathRole:
        return p->path;
    }
    return {};
}

QVariant PartTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const kTitles[] = {"Part", "Type", "Charset", "Encoding", "Disposition", "File name", "Size",
                                          "Content-ID"};
    return section >= 0 && section < ColumnCount ? tr(kTitles[section]) : QVariant();
}

} // namespace Ui
