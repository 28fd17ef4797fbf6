#pragma once

#include "htmlcheck/linkchecker.h"
#include "htmlcheck/links.h"

#include <QAbstractTableModel>
#include <QHash>

namespace Ui {

// Every link of a message (HTML, text parts, List-Unsubscribe) with where it is, and once the
// user has checked them, each one's HTTP status. Rows keep the message's order; a URL used
// twice shows its one status on both rows.
class LinksModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LinksModel)

public:
    enum Column { Url, Where, Status, ColumnCount };
    enum Role { RangeBeginRole = Qt::UserRole + 1, RangeEndRole, StatusCodeRole };

    explicit LinksModel(QObject *parent = nullptr);
    void setLinks(const HtmlCheck::LinksReport &report);
    void clear();
    const HtmlCheck::LinksReport &report() const { return m_report; }
    // A status came in (or the check started: pending rows show "checking").
    void setStatus(const HtmlCheck::LinkStatus &status);
    void setPending(const QStringList &urls);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    void urlChanged(const QString &url);

    HtmlCheck::LinksReport m_report;
    QHash<QString, HtmlCheck::LinkStatus> m_status;
    QHash<QString, bool> m_pending;
};

} // namespace Ui
