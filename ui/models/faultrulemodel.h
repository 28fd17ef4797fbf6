#pragma once

#include "faults/plan.h"

#include <QAbstractTableModel>
#include <QHash>

namespace Faults {
struct RuleStats;
}

namespace Ui {

// The rules of the plan being edited, in the order the injector tries them: a checkbox to
// switch each one, its name, stage, what it does in words and how often it fired. Rows move
// by drag and drop; every edit emits planEdited so the owner can hand the plan to the
// injector. GUI thread.
class FaultRuleModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FaultRuleModel)

public:
    enum Column { Name, Stage, Rule, Hits, ColumnCount };

    explicit FaultRuleModel(QObject *parent = nullptr);
    ~FaultRuleModel() override;

    void setPlan(const Faults::Plan &plan);          // no planEdited: this is the plan in force
    Faults::Plan plan() const { return m_plan; }
    const Faults::Rule &rule(int row) const { return m_plan.rules.at(row); }
    QStringList names() const;

    void setRule(int row, const Faults::Rule &rule); // row == rowCount() appends
    void duplicate(int row);                         // inserted below, with a fresh name
    void remove(int row);
    void setSeed(std::optional<quint64> seed);
    void setStats(const QList<Faults::RuleStats> &stats);
    qint64 hits(const QString &rule) const { return m_hits.value(rule); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool moveRows(const QModelIndex &from, int row, int count, const QModelIndex &to, int destination) override;

    Qt::DropActions supportedDropActions() const override { return Qt::MoveAction; }
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column, const QModelIndex &parent) override;

Q_SIGNALS:
    void planEdited();

private:
    QString freshName(const QString &base) const;

    Faults::Plan m_plan;
    QHash<QString, qint64> m_hits;
};

} // namespace Ui
