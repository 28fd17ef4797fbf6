#include "lintmodel.h"

#include "theme.h"

#include <QColor>
#include <QGuiApplication>
#include <QPalette>

namespace Ui {

LintModel::LintModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void LintModel::setDiagnostics(const QList<Mime::Diagnostic> &diagnostics, const Records::Defects &defects)
{
    beginResetModel();
    m_rows.clear();
    for (const Records::Defect &d : defects) {
        Mime::Diagnostic row;
        row.severity = Mime::Severity::Warning;
        row.code = QString::fromLatin1(d.code);
        row.message = d.count > 1 ? tr("%1 (%L2 times)").arg(d.detail).arg(d.count) : d.detail;
        row.rfc = QStringLiteral("RFC 5321");
        row.offset = d.offset;
        m_rows.append(row);
    }
    m_rows += diagnostics;
    std::stable_sort(m_rows.begin(), m_rows.end(),
                     [](const Mime::Diagnostic &a, const Mime::Diagnostic &b) { return a.severity < b.severity; });
    endResetModel();
}

int LintModel::problemCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(),
                             [](const Mime::Diagnostic &d) { return d.severity != Mime::Severity::Info; }));
}

int LintModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LintModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LintModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Mime::Diagnostic &d = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Severity:
            return Mime::severityName(d.severity);
        case Code:
            return d.code;
        case Message:
            return d.message;
        case Rule:
            return d.rfc;
        case Offset:
            return d.offset >= 0 ? QVariant(d.offset) : QVariant();
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == Offset && d.offset >= 0)
            return tr("Double-click to show octet %L1 in the raw view").arg(d.offset);
        return QString(d.message + (d.path.isEmpty() ? QString() : tr("\nPart %1").arg(d.path)));
    case Qt::ForegroundRole:
        if (index.column() == Severity) {
            if (d.severity == Mime::Severity::Error)
                return Theme::errorText();
            if (d.severity == Mime::Severity::Warning)
                return Theme::warningText();
        }
        break;
    case OffsetRole:
        return d.offset;
    case PathRole:
        return d.path;
    }
    return {};
}

QVariant LintModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const kTitles[] = {"Severity", "Code", "What is wrong", "Rule", "Offset"};
    return section >= 0 && section < ColumnCount ? tr(kTitles[section]) : QVariant();
}

} // namespace Ui
