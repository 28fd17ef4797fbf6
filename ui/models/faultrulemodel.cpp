#include "faultrulemodel.h"

#include "faults/explain.h"
#include "faults/injector.h"

#include <QMimeData>

namespace Ui {

namespace {

const QString kRowMime = QStringLiteral("application/x-mailscope-fault-row");

} // namespace

FaultRuleModel::FaultRuleModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

FaultRuleModel::~FaultRuleModel() = default;

void FaultRuleModel::setPlan(const Faults::Plan &plan)
{
    beginResetModel();
    m_plan = plan;
    endResetModel();
}

QStringList FaultRuleModel::names() const
{
    QStringList names;
    for (const Faults::Rule &r : m_plan.rules)
        names.append(r.name);
    return names;
}

void FaultRuleModel::setRule(int row, const Faults::Rule &rule)
{
    if (row < 0 || row > rowCount())
        return;
    if (row == rowCount()) {
        beginInsertRows({}, row, row);
        m_plan.rules.append(rule);
        endInsertRows();
    } else {
        m_plan.rules[row] = rule;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    Q_EMIT planEdited();
}

QString FaultRuleModel::freshName(const QString &base) const
{
    const QStringList taken = names();
    for (int n = 2;; ++n) {
        const QString name = base.left(58) + QStringLiteral("-%1").arg(n);
        if (!taken.contains(name))
            return name;
    }
}

void FaultRuleModel::duplicate(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    Faults::Rule copy = m_plan.rules.at(row);
    copy.name = freshName(copy.name);
    beginInsertRows({}, row + 1, row + 1);
    m_plan.rules.insert(row + 1, copy);
    endInsertRows();
    Q_EMIT planEdited();
}

void FaultRuleModel::remove(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    beginRemoveRows({}, row, row);
    m_plan.rules.removeAt(row);
    endRemoveRows();
    Q_EMIT planEdited();
}

void FaultRuleModel::setSeed(std::optional<quint64> seed)
{
    if (m_plan.seed == seed)
        return;
    m_plan.seed = seed;
    Q_EMIT planEdited();
}

void FaultRuleModel::setStats(const QList<Faults::RuleStats> &stats)
{
    QHash<QString, qint64> hits;
    for (const Faults::RuleStats &s : stats)
        hits.insert(s.name, s.hits);
    if (hits == m_hits)
        return;
    m_hits = hits;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, Hits), index(rowCount() - 1, Hits), {Qt::DisplayRole});
}

int FaultRuleModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_plan.rules.size());
}

int FaultRuleModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FaultRuleModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Faults::Rule &r = m_plan.rules.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case Name:
            return r.name;
        case Stage:
            return Faults::stageName(r.stage);
        case Rule:
            return Faults::explain(r);
        case Hits:
            return m_hits.value(r.name);
        }
        break;
    case Qt::CheckStateRole:
        if (index.column() == Name)
            return r.enabled ? Qt::Checked : Qt::Unchecked;
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Hits)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    }
    return {};
}

bool FaultRuleModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || index.column() != Name || role != Qt::CheckStateRole)
        return false;
    m_plan.rules[index.row()].enabled = value.toInt() == Qt::Checked;
    Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
    Q_EMIT planEdited();
    return true;
}

QVariant FaultRuleModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const kTitles[] = {"Rule", "Stage", "What it does", "Hits"};
    return section >= 0 && section < ColumnCount ? tr(kTitles[section]) : QVariant();
}

Qt::ItemFlags FaultRuleModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled;
    if (index.column() == Name)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

bool FaultRuleModel::moveRows(const QModelIndex &from, int row, int count, const QModelIndex &to, int destination)
{
    if (from.isValid() || to.isValid() || count != 1 || row < 0 || row >= rowCount() || destination < 0
        || destination > rowCount() || destination == row || destination == row + 1)
        return false;
    beginMoveRows({}, row, row, {}, destination);
    m_plan.rules.move(row, destination > row ? destination - 1 : destination);
    endMoveRows();
    Q_EMIT planEdited();
    return true;
}

QStringList FaultRuleModel::mimeTypes() const
{
    return {kRowMime};
}

QMimeData *FaultRuleModel::mimeData(const QModelIndexList &indexes) const
{
    if (indexes.isEmpty())
        return nullptr;
    auto *data = new QMimeData;
    data->setData(kRowMime, QByteArray::number(indexes.first().row()));
    return data;
}

bool FaultRuleModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int, const QModelIndex &parent)
{
    if (action != Qt::MoveAction || !data->hasFormat(kRowMime))
        return false;
    int destination = row;
    if (destination < 0)
        destination = parent.isValid() ? parent.row() : rowCount();
    moveRows({}, data->data(kRowMime).toInt(), 1, {}, destination);
    return false; // moved here already: the view must not remove the source row
}

} // namespace Ui
