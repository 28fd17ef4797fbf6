#pragma once

#include "mime/parsedmessage.h"

#include <QAbstractItemModel>
#include <QHash>

namespace Ui {

// The MIME tree of one message: path, type, charset, encoding, disposition, file name and
// decoded size. Each item points into the ParsedMessage the model holds; RangeRole gives the
// entity's bytes (header block and body) in the raw message.
class PartTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PartTreeModel)

public:
    enum Column { Path, Type, Charset, Encoding, Disposition, FileName, Size, ContentId, ColumnCount };
    enum Role { RangeBeginRole = Qt::UserRole + 1, RangeEndRole, PathRole };

    explicit PartTreeModel(QObject *parent = nullptr);
    void setMessage(const Mime::ParsedMessage &message);
    const Mime::Part *part(const QModelIndex &index) const;
    QModelIndex indexOf(const QString &path) const;
    static Mime::ByteRange entityRange(const Mime::Part &part); // header block through body

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    void indexParents(const Mime::Part *part);

    Mime::ParsedMessage m_message;
    QHash<const Mime::Part *, QPair<const Mime::Part *, int>> m_parent; // parent and row
};

} // namespace Ui
