#include "compatibilitymodel.h"

namespace Ui {

namespace {

// Internal ids: 0 for a feature row, feature row + 1 for a place under it.
constexpr quintptr kFeatureRow = 0;
constexpr int kSnippetLength = 60;

QString percent(double value)
{
    return QString::number(value, 'f', 0) + QLatin1Char('%');
}

} // namespace

CompatibilityModel::CompatibilityModel(QObject *parent) : QAbstractItemModel(parent) {}

void CompatibilityModel::setReport(const HtmlCheck::CompatibilityReport &report, const QByteArray &raw)
{
    beginResetModel();
    m_report = report;
    m_raw = raw;
    endResetModel();
}

void CompatibilityModel::clear()
{
    setReport({}, {});
}

const HtmlCheck::Finding *CompatibilityModel::findingAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return nullptr;
    const int row = index.internalId() == kFeatureRow ? index.row() : int(index.internalId() - 1);
    return row >= 0 && row < m_report.findings.size() ? &m_report.findings[row] : nullptr;
}

QModelIndex CompatibilityModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, kFeatureRow);
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex CompatibilityModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kFeatureRow)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kFeatureRow);
}

int CompatibilityModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_report.findings.size());
    if (parent.column() != 0 || parent.internalId() != kFeatureRow)
        return 0;
    return int(m_report.findings[parent.row()].occurrences.size());
}

int CompatibilityModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant CompatibilityModel::data(const QModelIndex &index, int role) const
{
    const HtmlCheck::Finding *f = findingAt(index);
    if (!f)
        return {};
    if (index.internalId() == kFeatureRow)
        return findingData(*f, index.column(), role);
    return placeData(f->occurrences[index.row()], index.column(), role);
}

QVariant CompatibilityModel::findingData(const HtmlCheck::Finding &f, int column, int role) const
{
    const HtmlCheck::Feature &feature = *f.feature;
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Feature: return feature.title;
        case Found: return int(f.occurrences.size());
        case Supported: return percent(feature.supported);
        case Partial: return percent(feature.partial);
        case Unsupported: return percent(feature.unsupported);
        default: return {};
        }
    case Qt::ToolTipRole:
        return feature.url.isEmpty() ? feature.description : feature.url;
    case Qt::TextAlignmentRole:
        return column == Feature ? QVariant() : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case SlugRole:
        return feature.slug;
    case RangeBeginRole:
        return f.occurrences.isEmpty() ? qint64(-1) : f.occurrences.first().raw.begin;
    case RangeEndRole:
        return f.occurrences.isEmpty() ? qint64(-1) : f.occurrences.first().raw.end;
    default:
        return {};
    }
}

QVariant CompatibilityModel::placeData(const HtmlCheck::Occurrence &o, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        if (column == Feature) {
            // The raw bytes themselves, on one line and cut short.
            QString text = QString::fromUtf8(m_raw.mid(o.raw.begin, std::min<qint64>(o.raw.size(), kSnippetLength)));
            text.replace(QLatin1String("\r\n"), QLatin1String(" ")).replace(QLatin1Char('\n'), QLatin1Char(' '));
            if (o.raw.size() > kSnippetLength)
                text += QChar(0x2026);
            return text;
        }
        if (column == Found)
            return tr("at %1").arg(o.raw.begin);
        return {};
    case RangeBeginRole:
        return o.raw.begin;
    case RangeEndRole:
        return o.raw.end;
    default:
        return {};
    }
}

QVariant CompatibilityModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Feature: return tr("Feature");
    case Found: return tr("Found");
    case Supported: return tr("Supported");
    case Partial: return tr("Partial");
    case Unsupported: return tr("Unsupported");
    default: return {};
    }
}

} // namespace Ui
