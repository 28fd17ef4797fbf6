#include "sessionlistmodel.h"

#include "counted.h"
#include "keyset.h"
#include "theme.h"
#include "store/reader.h"
#include "records/clock.h"

#include <QDateTime>
#include <QGuiApplication>
#include <QPalette>

#include <QScopedValueRollback>

#include <algorithm>

namespace Ui {

namespace {

QString outcomeText(Records::Outcome outcome)
{
    switch (outcome) {
    case Records::Outcome::InProgress:
        return QObject::tr("in progress");
    case Records::Outcome::Delivered:
        return QObject::tr("delivered");
    case Records::Outcome::Quit:
        return QObject::tr("quit without mail");
    case Records::Outcome::Rejected:
        return QObject::tr("rejected");
    case Records::Outcome::TimedOut:
        return QObject::tr("timed out");
    case Records::Outcome::Aborted:
        return QObject::tr("aborted");
    case Records::Outcome::Shutdown:
        return QObject::tr("closed at shutdown");
    case Records::Outcome::Interrupted:
        return QObject::tr("interrupted (the server stopped without closing it)");
    }
    return {};
}

QString seconds(qint64 us)
{
    return QStringLiteral("%1 s").arg(us / 1e6, 0, 'f', us < 10'000'000 ? 3 : 1);
}

} // namespace

QString SessionListModel::tlsText(const QJsonObject &tls, bool used)
{
    if (tls.contains(QStringLiteral("error")))
        return QObject::tr("failed: %1").arg(tls.value(QStringLiteral("error")).toString());
    if (!tls.contains(QStringLiteral("version")))
        return used ? QObject::tr("yes") : QObject::tr("no");
    QString text = tls.value(QStringLiteral("version")).toString() + QStringLiteral(", ")
        + tls.value(QStringLiteral("cipher")).toString();
    if (tls.value(QStringLiteral("implicit")).toBool())
        text += QObject::tr(", implicit (SMTPS)");
    if (tls.contains(QStringLiteral("sni")))
        text += QObject::tr(", SNI %1").arg(tls.value(QStringLiteral("sni")).toString());
    return text;
}

SessionListModel::SessionListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

SessionListModel::~SessionListModel() = default;


void SessionListModel::setDatabase(const QString &path)
{
    m_reader = std::make_unique<Store::Reader>(path);
    reload();
}

void SessionListModel::reload()
{
    const QScopedValueRollback busy(m_changing, true); // no fetching from inside our own signals
    beginResetModel();
    m_rows.clear();
    m_exhausted = true;
    if (m_reader && m_reader->isOpen()) {
        for (const Records::SessionRecord &s : m_reader->sessions(m_filter, 0, kPageSize))
            m_rows.append({s, s.startedUs});
        m_exhausted = m_rows.size() < kPageSize;
    }
    endResetModel();
}

void SessionListModel::setFilter(const QString &text)
{
    m_filterText = text.trimmed();
    m_filter = Store::SessionQuery::parse(m_filterText);
    reload();
}

bool SessionListModel::matchesFilter(qint64 id) const
{
    if (m_filter.isEmpty() || rowOf(id) >= 0)
        return true;
    return m_reader && m_reader->matchingSessions(m_filter, {id}).contains(id);
}

QList<Records::SessionRecord> SessionListModel::applyFilter(const QList<Records::SessionRecord> &sessions)
{
    if (m_filter.isEmpty() || !m_reader)
        return sessions;
    QList<qint64> ids;
    for (const Records::SessionRecord &s : sessions)
        ids.append(s.id);
    const QList<qint64> matching = m_reader->matchingSessions(m_filter, ids);
    QList<Records::SessionRecord> shown;
    for (const Records::SessionRecord &s : sessions) {
        const int row = rowOf(s.id);
        if (!matching.contains(s.id)) {
            if (row >= 0) {
                const QScopedValueRollback busy(m_changing, true); // no fetching from inside our own signals
                beginRemoveRows({}, row, row);
                m_rows.removeAt(row);
                endRemoveRows();
            }
        } else if (row < 0) {
            // Older than the rows loaded and more may follow: fetchMore() will bring it.
            if (m_exhausted || m_rows.isEmpty() || s.id > m_rows.last().record.id)
                insertRow(s);
        } else {
            shown.append(s);
        }
    }
    return shown;
}

void SessionListModel::insertRow(const Records::SessionRecord &session)
{
    int row = 0;
    while (row < m_rows.size() && m_rows.at(row).record.id > session.id)
        ++row;
    const QScopedValueRollback busy(m_changing, true); // no fetching from inside our own signals
    beginInsertRows({}, row, row);
    m_rows.insert(row, {session, session.endedUs ? session.endedUs : session.startedUs});
    endInsertRows();
}

void SessionListModel::addStarted(const QList<Records::SessionRecord> &started)
{
    const QList<Records::SessionRecord> sessions = m_filter.isEmpty() ? started : applyFilter(started);
    QList<Row> rows;
    const qint64 newest = m_rows.isEmpty() ? 0 : m_rows.first().record.id;
    for (const Records::SessionRecord &s : sessions) {
        if (s.id > newest)
            rows.append({s, s.startedUs});
    }
    std::sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) { return a.record.id > b.record.id; });
    if (rows.isEmpty())
        return;
    const QScopedValueRollback busy(m_changing, true); // no fetching from inside our own signals
    beginInsertRows({}, 0, int(rows.size()) - 1);
    m_rows = rows + m_rows;
    endInsertRows();
    if (m_rows.size() > kMaxRows) {
        const QScopedValueRollback busy(m_changing, true); // no fetching from inside our own signals
        beginRemoveRows({}, kMaxRows, int(m_rows.size()) - 1);
        m_rows.resize(kMaxRows);
        endRemoveRows();
        m_exhausted = false;
    }
}

void SessionListModel::addUpdated(const QList<Records::SessionRecord> &updated)
{
    for (const Records::SessionRecord &s : applyFilter(updated)) {
        const int row = rowOf(s.id);
        // An ended session's outcome is final; an update published before it is older.
        if (row < 0 || m_rows.at(row).record.outcome != Records::Outcome::InProgress)
            continue;
        Records::SessionRecord &record = m_rows[row].record;
        const int counted = record.messageCount; // stored mail may have been counted already (addMessages)
        record = s;
        record.messageCount = std::max(counted, s.messageCount);
        changed(row);
    }
}

void SessionListModel::addEnded(const QList<Records::SessionRecord> &ended)
{
    for (const Records::SessionRecord &s : applyFilter(ended)) {
        const int row = rowOf(s.id);
        if (row < 0)
            continue;
        Row &r = m_rows[row];
        r.record = s;
        r.lastUs = s.endedUs;
        changed(row);
    }
}

void SessionListModel::addLines(const QList<Records::TranscriptLine> &lines)
{
    int last = -1;
    for (const Records::TranscriptLine &line : lines) {
        const int row = line.sessionId == (last >= 0 ? m_rows.at(last).record.id : -1) ? last : rowOf(line.sessionId);
        if (row < 0)
            continue;
        Row &r = m_rows[row];
        r.lastUs = std::max(r.lastUs, line.timeUs);
        if (row != last && last >= 0)
            changed(last);
        last = row;
    }
    if (last >= 0)
        changed(last);
}

void SessionListModel::addMessages(const QList<Records::MessageSummary> &messages)
{
    for (const Records::MessageSummary &m : messages) {
        const int row = m.sessionId ? rowOf(m.sessionId) : -1;
        if (row < 0 || m_rows.at(row).record.outcome != Records::Outcome::InProgress)
            continue;
        ++m_rows[row].record.messageCount;
        changed(row);
    }
}

void SessionListModel::applyRemovals(const Records::CommitBatch &removals)
{
    if (removals.sessionsRemovedUpTo <= 0)
        return;
    // Ended sessions at or below the floor are gone; those in progress stay.
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        const Records::SessionRecord &s = m_rows.at(row).record;
        if (s.id > removals.sessionsRemovedUpTo)
            break;
        if (s.outcome == Records::Outcome::InProgress)
            continue;
        const QScopedValueRollback busy(m_changing, true); // no fetching from inside our own signals
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
    }
}

void SessionListModel::refreshDurations()
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).record.outcome == Records::Outcome::InProgress)
            Q_EMIT dataChanged(index(row, Duration), index(row, Duration), {Qt::DisplayRole});
    }
}

void SessionListModel::changed(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int SessionListModel::rowOf(qint64 id) const
{
    return rowOfDescending(m_rows, id, [](const Row &r) { return r.record.id; });
}

int SessionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SessionListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SessionListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &r = m_rows.at(index.row());
    const Records::SessionRecord &s = r.record;
    const bool open = s.outcome == Records::Outcome::InProgress;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Id:
            return s.id;
        case Started:
            return QDateTime::fromMSecsSinceEpoch(s.startedUs / 1000).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case Client:
            return s.clientAddress.contains(QLatin1Char(':'))
                ? QStringLiteral("[%1]:%2").arg(s.clientAddress).arg(s.clientPort)
                : QStringLiteral("%1:%2").arg(s.clientAddress).arg(s.clientPort);
        case Helo:
            return QString::fromUtf8(s.helo);
        case Tls:
            if (s.tls.contains(QStringLiteral("error")))
                return tr("failed");
            return s.tls.value(QStringLiteral("version")).toString();
        case Auth:
            return QString::fromUtf8(s.authUser);
        case Outcome:
            return outcomeText(s.outcome);
        case Messages:
            return s.messageCount;
        case Duration:
            return seconds((open ? Records::nowUs() : s.endedUs) - s.startedUs);
        case Defects:
            return s.defects.isEmpty() ? QString() : QString::number(s.defects.size());
        case Faults: {
            QStringList hits;
            for (const Records::FaultHit &hit : s.faultRules)
                hits.append(hit.count > 1 ? QStringLiteral("%1 ×%2").arg(hit.rule).arg(hit.count) : hit.rule);
            return hits.join(QStringLiteral(", "));
        }
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == Defects && !s.defects.isEmpty()) {
            QStringList lines;
            for (const Records::Defect &d : s.defects)
                lines.append(QStringLiteral("%1 (%2×): %3").arg(QString::fromLatin1(d.code)).arg(d.count).arg(d.detail));
            return lines.join(QLatin1Char('\n'));
        }
        if (index.column() == Faults && s.droppedMessages > 0)
            return tr("%1; %2 accepted with 250 and dropped on purpose")
                .arg(data(index, Qt::DisplayRole).toString(), counted(s.droppedMessages, "message", "messages"));
        if (index.column() == Tls && !s.tls.isEmpty())
            return tlsText(s.tls, true);
        if (index.column() == Duration && open)
            return tr("Last activity %1 ago").arg(seconds(Records::nowUs() - r.lastUs));
        return data(index, Qt::DisplayRole);
    case Qt::ForegroundRole:
        if (index.column() == Outcome) {
            if (s.outcome == Records::Outcome::Rejected || s.outcome == Records::Outcome::Aborted
                || s.outcome == Records::Outcome::TimedOut)
                return Theme::errorText();
            if (open)
                return QGuiApplication::palette().color(QPalette::Link);
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Id || index.column() == Messages || index.column() == Duration)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case IdRole:
        return s.id;
    case InProgressRole:
        return open;
    }
    return {};
}

QVariant SessionListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const kTitles[] = {"ID",       "Started",  "Client",  "HELO",  "TLS",   "Auth user",
                                          "Outcome",  "Messages", "Duration", "Defects", "Faults"};
    return section >= 0 && section < ColumnCount ? tr(kTitles[section]) : QVariant();
}

bool SessionListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_changing && !m_exhausted && m_rows.size() < kMaxRows && m_reader;
}

void SessionListModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    const QList<Records::SessionRecord> page = m_reader->sessions(m_filter, m_rows.isEmpty() ? 0 : m_rows.last().record.id,
                                                                         kPageSize);
    m_exhausted = page.size() < kPageSize;
    if (page.isEmpty())
        return;
    const QScopedValueRollback busy(m_changing, true); // no fetching from inside our own signals
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + page.size()) - 1);
    for (const Records::SessionRecord &s : page)
        m_rows.append({s, s.endedUs ? s.endedUs : s.startedUs});
    endInsertRows();
}

} // namespace Ui
