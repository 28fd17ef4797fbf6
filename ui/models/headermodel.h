#pragma once

#include "mime/parsedmessage.h"

#include <QAbstractTableModel>

namespace Ui {

// A message's header fields in the order written, duplicates kept: name, decoded value and
// the field exactly as written. RangeRole gives each field's bytes in the raw message.
class HeaderModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeaderModel)

public:
    enum Column { Name, Value, Raw, ColumnCount };
    enum Role { RangeBeginRole = Qt::UserRole + 1, RangeEndRole };

    explicit HeaderModel(QObject *parent = nullptr);
    void setHeaders(const QList<Mime::HeaderField> &headers);
    const Mime::HeaderField &at(int row) const { return m_headers.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<Mime::HeaderField> m_headers;
};

} // namespace Ui
