#pragma once

#include "htmlcheck/compatibility.h"

#include <QAbstractItemModel>

namespace Ui {

// The HTML compatibility check as a tree: one row per feature found (the worst first), with
// how many times it is used and its support over the tested clients; under it one row per
// place, with its raw byte range (RangeBeginRole, RangeEndRole) for the raw view.
class CompatibilityModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompatibilityModel)

public:
    enum Column { Feature, Found, Supported, Partial, Unsupported, ColumnCount };
    enum Role { RangeBeginRole = Qt::UserRole + 1, RangeEndRole, SlugRole };

    explicit CompatibilityModel(QObject *parent = nullptr);
    void setReport(const HtmlCheck::CompatibilityReport &report, const QByteArray &raw);
    void clear();
    const HtmlCheck::CompatibilityReport &report() const { return m_report; }
    // The finding a row (or a place under it) belongs to; nullptr for an invalid index.
    const HtmlCheck::Finding *findingAt(const QModelIndex &index) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant findingData(const HtmlCheck::Finding &f, int column, int role) const;
    QVariant placeData(const HtmlCheck::Occurrence &o, int column, int role) const;

    HtmlCheck::CompatibilityReport m_report;
    QByteArray m_raw;            // the message, for the text of each place
};

} // namespace Ui
