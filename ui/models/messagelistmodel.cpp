#include "messagelistmodel.h"

#include "counted.h"
#include "keyset.h"
#include "mailfiles.h"
#include "mime/encodedwords.h"
#include "store/reader.h"

#include <QDateTime>
#include <QFile>
#include <QFont>
#include <QLocale>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QSet>
#include <QTemporaryDir>
#include <QUrl>

#include <QScopedValueRollback>

#include <algorithm>

namespace Ui {

namespace {

QString recipientsText(const Records::MessageSummary &m)
{
    if (!m.headerTo.isEmpty())
        return m.headerTo;
    QStringList out;
    for (const QByteArray &r : m.recipients)
        out.append(QString::fromUtf8(r));
    return out.join(QStringLiteral(", "));
}

QString sizeText(qint64 size)
{
    if (size < 1024)
        return QStringLiteral("%1 B").arg(size);
    return QLocale().formattedDataSize(size, 1, QLocale::DataSizeTraditionalFormat);
}

QString timeText(const QDateTime &t)
{
    if (t.date() == QDate::currentDate())
        return t.toString(QStringLiteral("HH:mm:ss"));
    return t.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString receivedText(qint64 us)
{
    return timeText(QDateTime::fromMSecsSinceEpoch(us / 1000));
}

// The Date header in local time as Received is shown, or as written when it is not a date.
QString dateText(const QString &header)
{
    const QDateTime t = QDateTime::fromString(header.simplified(), Qt::RFC2822Date);
    return t.isValid() ? timeText(t.toLocalTime()) : header.simplified();
}

// The Cc field as stored raw beside the message (Records::MessageSummary::addressHeaders), decoded.
QString ccText(const Records::MessageSummary &m)
{
    if (m.addressHeaders.isEmpty())
        return {};
    const QString raw = QJsonDocument::fromJson(m.addressHeaders).object().value(QLatin1String("Cc")).toString();
    return Mime::decodeHeaderText(raw.toUtf8()).simplified();
}

} // namespace

MessageListModel::MessageListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

MessageListModel::~MessageListModel() = default;


void MessageListModel::setDatabase(const QString &path)
{
    m_databasePath = path;
    m_reader = std::make_unique<Store::Reader>(path);
    reload();
}

void MessageListModel::setFilter(const QString &text)
{
    m_filterText = text;
    m_filter = Store::SearchQuery::parse(text);
    reload();
}

void MessageListModel::reload()
{
    const QScopedValueRollback busy(m_changing, true); // no fetching from inside our own signals
    beginResetModel();
    m_rows.clear();
    m_exhausted = false;
    m_error.clear();
    if (m_reader && m_reader->isOpen()) {
        m_rows = m_reader->messages(m_filter, 0, 0, kPageSize);
        m_exhausted = m_rows.size() < kPageSize;
        if (m_rows.isEmpty() && !m_reader->error().isEmpty())
            m_error = m_reader->error();
    } else {
        m_exhausted = true;
        m_error = m_reader ? m_reader->error() : QString();
    }
    endResetModel();
    if (!m_error.isEmpty())
        Q_EMIT filterFailed(m_error);
}

void MessageListModel::addStored(const QList<Records::MessageSummary> &batch)
{
    if (batch.isEmpty() || !m_reader)
        return;
    if (!m_filter.isEmpty()) {
        addMatching(batch);
        return;
    }
    // Unfiltered, the batch is the rows: no query on this thread for live mail. What a
    // deletion or retention removed before the batch arrived stays out.
    const qint64 top = m_rows.isEmpty() ? 0 : m_rows.first().id;
    QList<Records::MessageSummary> rows;
    rows.reserve(batch.size());
    for (const Records::MessageSummary &m : batch) {
        if (m.id > top && m.id > m_removedUpTo && !m_removedAhead.contains(m.id))
            rows.append(m);
    }
    std::sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) { return a.id > b.id; });
    insertAtTop(rows);
}

void MessageListModel::addMatching(const QList<Records::MessageSummary> &batch)
{
    qint64 newest = 0, oldest = std::numeric_limits<qint64>::max();
    for (const Records::MessageSummary &m : batch) {
        newest = std::max(newest, m.id);
        oldest = std::min(oldest, m.id);
    }
    // Under a filter, the store decides which of the batch match: one keyset query bounded by
    // the batch's ids, which also leaves out what a concurrent deletion already removed.
    const qint64 floor = m_rows.isEmpty() ? oldest : std::max(oldest, m_rows.first().id + 1);
    if (floor > newest)
        return;
    const int limit = int(std::min<qint64>(newest - floor + 1, kMaxRows));
    insertAtTop(m_reader->messages(m_filter, newest + 1, floor, limit));
}

void MessageListModel::insertAtTop(QList<Records::MessageSummary> rows)
{
    if (rows.isEmpty())
        return;
    for (Records::MessageSummary &m : rows)
        m.lint = m_lintAhead.value(m.id, m.lint);
    // What was noted ahead of the top row can no longer arrive once the top is past it.
    const qint64 top = rows.first().id;
    m_removedAhead.removeIf([top](qint64 id) { return id <= top; });
    m_lintAhead.removeIf([top](QHash<qint64, int>::iterator it) { return it.key() <= top; });
    const QScopedValueRollback busy(m_changing, true); // no fetching from inside our own signals
    beginInsertRows({}, 0, int(rows.size()) - 1);
    m_rows = rows + m_rows;
    endInsertRows();
    trimTail();
}

void MessageListModel::trimTail()
{
    if (m_rows.size() <= kMaxRows)
        return;
    removeRowRange(kMaxRows, int(m_rows.size()) - 1);
    m_exhausted = false;
}

void MessageListModel::removeRowRange(int first, int last)
{
    const QScopedValueRollback busy(m_changing, true); // no fetching from inside our own signals
    beginRemoveRows({}, first, last);
    m_rows.remove(first, last - first + 1);
    endRemoveRows();
}

void MessageListModel::applyRemovals(const Records::CommitBatch &removals)
{
    // A live batch published after this commit may still carry what it removed.
    m_removedUpTo = std::max(m_removedUpTo, removals.messagesRemovedUpTo);
    const qint64 top = m_rows.isEmpty() ? 0 : m_rows.first().id;
    for (const qint64 id : removals.removed) {
        if (id > top && id > m_removedUpTo)
            m_removedAhead.insert(id);
    }
    if (removals.messagesRemovedUpTo > 0) {
        // Rows are newest first, so everything at or below the floor is one tail.
        const auto it = std::find_if(m_rows.cbegin(), m_rows.cend(), [&](const Records::MessageSummary &m) {
            return m.id <= removals.messagesRemovedUpTo;
        });
        if (it != m_rows.cend())
            removeRowRange(int(it - m_rows.cbegin()), int(m_rows.size()) - 1);
        m_exhausted = true;
    }
    removeIds(removals.removed);
}

void MessageListModel::removeIds(const QList<qint64> &ids)
{
    QList<int> rows;
    for (const qint64 id : ids) {
        const int row = rowOf(id);
        if (row >= 0)
            rows.append(row);
    }
    std::sort(rows.begin(), rows.end(), std::greater<>());
    // Remove from the bottom up, one contiguous range at a time.
    for (qsizetype i = 0; i < rows.size();) {
        qsizetype j = i;
        while (j + 1 < rows.size() && rows.at(j + 1) == rows.at(j) - 1)
            ++j;
        removeRowRange(rows.at(j), rows.at(i));
        i = j + 1;
    }
}

void MessageListModel::setSeen(const QList<qint64> &ids, bool seen)
{
    for (const qint64 id : ids) {
        const int row = rowOf(id);
        if (row < 0)
            continue;
        int &flags = m_rows[row].flags;
        const int updated = seen ? (flags | Records::kFlagSeen) : (flags & ~Records::kFlagSeen);
        if (updated == flags)
            continue;
        flags = updated;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1), {Qt::FontRole, UnreadRole});
    }
}

void MessageListModel::addAnalysed(const QList<QPair<qint64, int>> &analysed)
{
    setLint(analysed);
    if (analysed.isEmpty() || !m_reader || (m_filter.terms.isEmpty() && m_filter.excluded.isEmpty()))
        return;
    // The text index gets a message's row only once it is analysed, so a text search decides
    // about live mail again now: rows that stopped matching go, rows that match arrive.
    QSet<qint64> ids;
    qint64 oldest = std::numeric_limits<qint64>::max(), newest = 0;
    for (const auto &[id, lint] : analysed) {
        ids.insert(id);
        oldest = std::min(oldest, id);
        newest = std::max(newest, id);
    }
    QHash<qint64, Records::MessageSummary> matching;
    for (const Records::MessageSummary &m : m_reader->messages(m_filter, newest + 1, oldest, kMaxRows)) {
        if (ids.contains(m.id))
            matching.insert(m.id, m);
    }
    QList<qint64> gone;
    for (const qint64 id : std::as_const(ids)) {
        if (!matching.contains(id) && rowOf(id) >= 0)
            gone.append(id);
    }
    removeIds(gone);
    QList<qint64> arriving = matching.keys();
    std::sort(arriving.begin(), arriving.end(), std::greater<>());
    for (const qint64 id : std::as_const(arriving)) {
        if (rowOf(id) >= 0)
            continue;
        const auto at = std::lower_bound(m_rows.cbegin(), m_rows.cend(), id,
                                         [](const Records::MessageSummary &m, qint64 v) { return m.id > v; });
        const int row = int(at - m_rows.cbegin());
        if (row == m_rows.size() && !m_exhausted)
            continue; // below the loaded window; paging reaches it
        const QScopedValueRollback busy(m_changing, true);
        beginInsertRows({}, row, row);
        m_rows.insert(row, matching.value(id));
        endInsertRows();
    }
    trimTail();
}

void MessageListModel::refreshTags(const QList<qint64> &ids)
{
    if (!m_reader)
        return;
    const bool byTag = !m_filter.tags.isEmpty() || !m_filter.excludedTags.isEmpty();
    QList<qint64> gone;
    for (const qint64 id : ids) {
        const int row = rowOf(id);
        if (row < 0)
            continue;
        const std::optional<Records::MessageSummary> stored = m_reader->message(id);
        if (!stored)
            continue; // deleted since; the removal follows
        if (byTag && m_reader->messages(m_filter, id + 1, id, 1).isEmpty()) {
            gone.append(id);
            continue;
        }
        if (m_rows.at(row).tags == stored->tags)
            continue;
        m_rows[row].tags = stored->tags;
        Q_EMIT dataChanged(index(row, Tags), index(row, Tags), {Qt::DisplayRole, Qt::ToolTipRole});
    }
    removeIds(gone);
}

void MessageListModel::setLint(const QList<QPair<qint64, int>> &counts)
{
    const qint64 top = m_rows.isEmpty() ? 0 : m_rows.first().id;
    for (const auto &[id, lint] : counts) {
        const int row = rowOf(id);
        if (row < 0 && id > top)
            m_lintAhead.insert(id, lint); // analysed before the live batch that carries it arrived
        if (row < 0 || m_rows.at(row).lint == lint)
            continue;
        m_rows[row].lint = lint;
        Q_EMIT dataChanged(index(row, Markers), index(row, Markers), {MarkersRole, Qt::ToolTipRole});
    }
}

int MessageListModel::rowOf(qint64 id) const
{
    return rowOfDescending(m_rows, id, [](const Records::MessageSummary &m) { return m.id; });
}

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MessageListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Records::MessageSummary &m = m_rows.at(index.row());
    const bool unread = !(m.flags & Records::kFlagSeen);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Id:
            return m.id;
        case Received:
            return receivedText(m.receivedUs);
        case Markers:
            return {}; // painted by the markers delegate from MarkersRole
        case EnvelopeFrom:
            return m.mailFrom.isEmpty() ? QStringLiteral("<>") : QString::fromUtf8(m.mailFrom);
        case From:
            return m.headerFrom;
        case To:
            return recipientsText(m);
        case Subject:
            return m.subject.isEmpty() ? tr("(no subject)") : m.subject;
        case Size:
            return sizeText(m.size);
        case Tags:
            return m.tags.join(QStringLiteral(", "));
        case Date:
            return dateText(m.date);
        case Cc:
            return ccText(m);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == Received)
            return QDateTime::fromMSecsSinceEpoch(m.receivedUs / 1000).toString(Qt::ISODateWithMs);
        if (index.column() == Size)
            return tr("%L1 octets").arg(m.size);
        if (index.column() == Date)
            return m.date;
        if (index.column() == To) {
            QStringList envelope;
            for (const QByteArray &r : m.recipients)
                envelope.append(QString::fromUtf8(r));
            return tr("Envelope recipients: %1").arg(envelope.join(QStringLiteral(", ")));
        }
        if (index.column() == Markers) {
            QStringList parts;
            if (m.tls)
                parts.append(tr("Received over TLS"));
            if (!m.authUser.isEmpty())
                parts.append(tr("Sent as authenticated user %1").arg(QString::fromUtf8(m.authUser)));
            if (m.attachments > 0)
                parts.append(counted(m.attachments, "attachment", "attachments"));
            if (m.hasHtml)
                parts.append(tr("HTML"));
            if (m.lint > 0)
                parts.append(counted(m.lint, "diagnostic", "diagnostics") + tr(": see the Lint tab"));
            if (!m.faultRules.isEmpty())
                parts.append(tr("Fault rules fired: %1").arg(m.faultRules.join(QStringLiteral(", "))));
            return parts.join(QLatin1Char('\n'));
        }
        return data(index, Qt::DisplayRole);
    case Qt::TextAlignmentRole:
        if (index.column() == Size || index.column() == Id)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::FontRole:
        if (unread) {
            QFont font;
            font.setBold(true);
            return font;
        }
        break;
    case IdRole:
        return m.id;
    case SessionIdRole:
        return m.sessionId;
    case UnreadRole:
        return unread;
    case MarkersRole: {
        QStringList markers;
        if (m.tls)
            markers.append(QStringLiteral("tls"));
        if (!m.authUser.isEmpty())
            markers.append(QStringLiteral("auth"));
        if (m.attachments > 0)
            markers.append(QStringLiteral("att"));
        if (m.hasHtml)
            markers.append(QStringLiteral("html"));
        if (m.lint > 0)
            markers.append(QStringLiteral("lint"));
        if (!m.faultRules.isEmpty())
            markers.append(QStringLiteral("fault"));
        return markers;
    }
    }
    return {};
}

QVariant MessageListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id:
        return tr("ID");
    case Received:
        return tr("Received");
    case Markers:
        return tr("Markers");
    case EnvelopeFrom:
        return tr("Envelope from");
    case From:
        return tr("From");
    case To:
        return tr("To");
    case Subject:
        return tr("Subject");
    case Size:
        return tr("Size");
    case Tags:
        return tr("Tags");
    case Date:
        return tr("Date");
    case Cc:
        return tr("Cc");
    }
    return {};
}

Qt::ItemFlags MessageListModel::flags(const QModelIndex &index) const
{
    const Qt::ItemFlags base = QAbstractTableModel::flags(index);
    return index.isValid() ? base | Qt::ItemIsDragEnabled : base;
}

bool MessageListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_changing && !m_exhausted && m_rows.size() < kMaxRows && m_reader;
}

void MessageListModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    const qint64 before = m_rows.isEmpty() ? 0 : m_rows.last().id;
    const QList<Records::MessageSummary> page = m_reader->messages(m_filter, before, 0, kPageSize);
    m_exhausted = page.size() < kPageSize;
    if (page.isEmpty())
        return;
    const QScopedValueRollback busy(m_changing, true); // no fetching from inside our own signals
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + page.size()) - 1);
    m_rows += page;
    endInsertRows();
}

QStringList MessageListModel::mimeTypes() const
{
    return {QStringLiteral("text/uri-list"), QStringLiteral("message/rfc822")};
}

QMimeData *MessageListModel::mimeData(const QModelIndexList &indexes) const
{
    if (!m_reader)
        return nullptr;
    if (!m_dragDir)
        m_dragDir = std::make_unique<QTemporaryDir>();
    QList<QUrl> urls;
    QByteArray bytes; // of the one message dragged, for targets that take data rather than files
    QList<int> done;
    for (const QModelIndex &index : indexes) {
        if (done.contains(index.row()))
            continue;
        done.append(index.row());
        const Records::MessageSummary &m = m_rows.at(index.row());
        const auto raw = m_reader->raw(m.id);
        if (!raw)
            continue;
        const QString path = m_dragDir->filePath(MailFiles::emlFileName(m.id, m.subject));
        QFile file(path);
        if (file.open(QIODevice::WriteOnly) && file.write(*raw) == raw->size())
            urls.append(QUrl::fromLocalFile(path));
        bytes = done.size() == 1 ? *raw : QByteArray();
    }
    if (urls.isEmpty())
        return nullptr;
    auto *mime = new QMimeData;
    mime->setUrls(urls);
    if (!bytes.isEmpty())
        mime->setData(QStringLiteral("message/rfc822"), bytes);
    return mime;
}

} // namespace Ui
