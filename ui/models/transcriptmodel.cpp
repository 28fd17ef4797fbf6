#include "transcriptmodel.h"

#include "records/authsecret.h"
#include "smtp/transcripttext.h"

#include "theme.h"

#include <QColor>
#include <QFont>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QPalette>

namespace Ui {

namespace {

QColor clientColor()
{
    return Theme::isDark() ? QColor(0x8a, 0xb4, 0xff) : QColor(0x1a, 0x4f, 0xb0);
}

QColor replyColor(const QByteArray &line)
{
    switch (line.isEmpty() ? '0' : line.at(0)) {
    case '2':
    case '3':
        return Theme::successText();
    case '4':
        return Theme::warningText();
    case '5':
        return Theme::errorText();
    default:
        return QGuiApplication::palette().color(QPalette::Text);
    }
}

// The kinds of note that get a background of their own.
QVariant kindBackground(Records::LineKind kind)
{
    const bool dark = Theme::isDark();
    switch (kind) {
    case Records::LineKind::TlsEvent: // the TLS boundary
        return dark ? QColor(0x1e, 0x3a, 0x2a) : QColor(0xe3, 0xf4, 0xe8);
    case Records::LineKind::FaultAction:
        return dark ? QColor(0x4a, 0x2a, 0x10) : QColor(0xff, 0xec, 0xd2);
    case Records::LineKind::Defect:
        return dark ? QColor(0x4a, 0x1e, 0x22) : QColor(0xfd, 0xe4, 0xe6);
    case Records::LineKind::AuthStep:
        return dark ? QColor(0x2a, 0x26, 0x48) : QColor(0xec, 0xe8, 0xfb);
    default:
        return {};
    }
}

// The selected message's lines, in the palette's selection colour but faint enough to leave the
// current row and the kinds' own tints apart.
QColor selectedBackground()
{
    QColor c = QGuiApplication::palette().color(QPalette::Highlight);
    c.setAlpha(40);
    return c;
}

bool isRevealable(const Records::TranscriptLine &line)
{
    if (line.kind != Records::LineKind::AuthSecret)
        return false;
    const auto secret = Records::AuthSecret::decode(line.data);
    return secret && secret->isRecorded();
}

} // namespace

TranscriptModel::TranscriptModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

QString TranscriptModel::displayText(const QByteArray &data)
{
    return Smtp::TranscriptText::visible(data);
}

SmtpExplain::Explanation TranscriptModel::explain(const Records::TranscriptLine &line, const QByteArray &ehloKeyword)
{
    if (!ehloKeyword.isEmpty())
        return SmtpExplain::ehloKeyword(ehloKeyword);
    switch (line.kind) {
    case Records::LineKind::Command:
        return SmtpExplain::command(line.data);
    case Records::LineKind::AuthResponse:
    case Records::LineKind::AuthSecret:
        return SmtpExplain::authResponse();
    case Records::LineKind::Reply:
    case Records::LineKind::AuthChallenge:
        return SmtpExplain::reply(line.data);
    case Records::LineKind::Defect:
        return SmtpExplain::defect();
    default:
        return {};
    }
}

void TranscriptModel::setSession(const Records::SessionRecord &session, const QList<Records::TranscriptLine> &lines)
{
    setSession(session, TranscriptSlice::whole(lines));
}

void TranscriptModel::setSession(const Records::SessionRecord &session, const TranscriptSlice &slice)
{
    beginResetModel();
    m_session = session;
    m_lines = slice.opening + slice.lines;
    m_opening = int(slice.opening.size());
    m_gapBefore = slice.moreBefore;
    m_gapAfter = slice.moreAfter;
    m_selected = 0;
    m_selectedRange = {-1, -1};
    recountKeywords();
    m_revealed.clear();
    if (!m_session.startedUs && !m_lines.isEmpty())
        m_session.startedUs = m_lines.first().timeUs;
    endResetModel();
}

void TranscriptModel::clear()
{
    setSession({}, TranscriptSlice());
}

// Which lines list EHLO keywords follows the conversation; a gap starts it over.
void TranscriptModel::recountKeywords()
{
    m_keywordState = {};
    m_keywords.clear();
    m_keywords.reserve(m_lines.size());
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        if (m_gapBefore && i == m_opening)
            m_keywordState = {};
        m_keywords.append(m_keywordState.next(m_lines.at(i)));
    }
}

void TranscriptModel::append(const QList<Records::TranscriptLine> &lines)
{
    if (!m_session.id || m_gapAfter)
        return;
    QList<Records::TranscriptLine> mine;
    const qint64 last = m_lines.isEmpty() ? 0 : m_lines.last().id;
    for (const Records::TranscriptLine &line : lines) {
        if (line.sessionId == m_session.id && line.id > last)
            mine.append(line);
    }
    if (mine.isEmpty())
        return;
    const int first = rowCount();
    beginInsertRows({}, first, first + int(mine.size()) - 1);
    m_lines += mine;
    for (const Records::TranscriptLine &line : std::as_const(mine))
        m_keywords.append(m_keywordState.next(line));
    endInsertRows();
    reselect(); // the reply to the selected message's data may be new
}

void TranscriptModel::insertEarlier(const TranscriptSlice &part)
{
    if (!m_gapBefore)
        return;
    const qint64 above = lineIdBefore(Gap::Earlier), below = lineIdAfter(Gap::Earlier);
    QList<Records::TranscriptLine> lines;
    for (const Records::TranscriptLine &line : part.lines) {
        if (line.id > above && (!below || line.id < below))
            lines.append(line);
    }
    if (!lines.isEmpty()) {
        const int row = m_opening + 1; // below the gap's row
        beginInsertRows({}, row, row + int(lines.size()) - 1);
        m_lines.insert(m_opening, lines.size(), {});
        std::copy(lines.cbegin(), lines.cend(), m_lines.begin() + m_opening);
        recountKeywords();
        endInsertRows();
    }
    if (!part.moreBefore) {
        beginRemoveRows({}, m_opening, m_opening);
        m_gapBefore = false;
        m_opening = 0;
        recountKeywords();
        endRemoveRows();
    }
    reselect();
    Q_EMIT dataChanged(index(0, Meaning), index(rowCount() - 1, Meaning));
}

void TranscriptModel::insertLater(const TranscriptSlice &part)
{
    if (!m_gapAfter)
        return;
    const qint64 last = m_lines.isEmpty() ? 0 : m_lines.last().id;
    QList<Records::TranscriptLine> lines;
    for (const Records::TranscriptLine &line : part.lines) {
        if (line.id > last)
            lines.append(line);
    }
    if (!lines.isEmpty()) {
        const int row = rowCount() - 1; // above the gap's row
        beginInsertRows({}, row, row + int(lines.size()) - 1);
        m_lines += lines;
        for (const Records::TranscriptLine &line : std::as_const(lines))
            m_keywords.append(m_keywordState.next(line));
        endInsertRows();
    }
    if (!part.moreAfter) {
        const int row = rowCount() - 1;
        beginRemoveRows({}, row, row);
        m_gapAfter = false;
        endRemoveRows();
    }
    reselect();
}

int TranscriptModel::lineIndex(int row) const
{
    if (m_gapBefore && row >= m_opening) {
        if (row == m_opening)
            return -1;
        --row;
    }
    return row < m_lines.size() ? row : -1;
}

int TranscriptModel::rowOfLine(int line) const
{
    return line + (m_gapBefore && line >= m_opening ? 1 : 0);
}

TranscriptModel::Gap TranscriptModel::gapAt(int row) const
{
    if (m_gapBefore && row == m_opening)
        return Gap::Earlier;
    if (m_gapAfter && row == rowCount() - 1)
        return Gap::Later;
    return Gap::None;
}

int TranscriptModel::rowOfGap(Gap gap) const
{
    if (gap == Gap::Earlier)
        return m_gapBefore ? m_opening : -1;
    return gap == Gap::Later && m_gapAfter ? rowCount() - 1 : -1;
}

int TranscriptModel::rowOfLineId(qint64 lineId) const
{
    const auto it = std::lower_bound(m_lines.cbegin(), m_lines.cend(), lineId,
                                     [](const Records::TranscriptLine &l, qint64 id) { return l.id < id; });
    return it != m_lines.cend() && it->id == lineId ? rowOfLine(int(it - m_lines.cbegin())) : -1;
}

qint64 TranscriptModel::lineIdBefore(Gap gap) const
{
    if (gap == Gap::Earlier)
        return m_opening > 0 ? m_lines.at(m_opening - 1).id : 0;
    return m_lines.isEmpty() ? 0 : m_lines.last().id;
}

qint64 TranscriptModel::lineIdAfter(Gap gap) const
{
    return gap == Gap::Earlier && m_opening < m_lines.size() ? m_lines.at(m_opening).id : 0;
}

int TranscriptModel::rowOfMessage(qint64 messageId) const
{
    for (int line = 0; line < m_lines.size(); ++line) {
        if (m_lines.at(line).messageId == messageId)
            return rowOfLine(line);
    }
    return -1;
}

void TranscriptModel::setSelectedMessage(qint64 messageId)
{
    m_selected = messageId;
    reselect();
}

void TranscriptModel::reselect()
{
    const QPair<int, int> before = m_selectedRange;
    m_selectedRange = selectedLines();
    if (before == m_selectedRange)
        return;
    const int last = int(m_lines.size()) - 1;
    if (before.first >= 0 && before.first <= last)
        emitRowsChanged({before.first, qMin(before.second, last)});
    emitRowsChanged(m_selectedRange);
}

// The selected message's lines: back from the line that stands for its data to its MAIL, on
// to the first server line after it (the reply to its data), among the lines loaded.
QPair<int, int> TranscriptModel::selectedLines() const
{
    if (!m_selected)
        return {-1, -1};
    int data = 0;
    while (data < m_lines.size() && m_lines.at(data).messageId != m_selected)
        ++data;
    if (data == m_lines.size())
        return {-1, -1};
    const int floor = m_gapBefore && data >= m_opening ? m_opening : 0;
    int first = data;
    while (first > floor && !TranscriptSlice::startsTransaction(m_lines.at(first)))
        --first;
    if (!TranscriptSlice::startsTransaction(m_lines.at(first)))
        first = data;
    int last = data + 1;
    while (last < m_lines.size() && !Records::isServer(m_lines.at(last).kind))
        ++last;
    return {first, qMin<int>(last, int(m_lines.size()) - 1)};
}

void TranscriptModel::emitRowsChanged(QPair<int, int> lines)
{
    if (lines.first >= 0)
        Q_EMIT dataChanged(index(rowOfLine(lines.first), 0), index(rowOfLine(lines.second), ColumnCount - 1));
}

int TranscriptModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size()) + int(m_gapBefore) + int(m_gapAfter);
}

int TranscriptModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TranscriptModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const int at = lineIndex(index.row());
    if (at < 0)
        return gapData(gapAt(index.row()), index.column(), role);
    const Records::TranscriptLine &line = m_lines.at(at);
    const auto explanation = [&] { return explain(line, m_keywords.at(at)); };
    // AUTH lines show their mask unless the user revealed a recorded one.
    const auto text = [&] { return Smtp::TranscriptText::text(line, m_revealed.contains(line.id)); };
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time:
            return QStringLiteral("+%1").arg((line.timeUs - m_session.startedUs) / 1e6, 0, 'f', 3);
        case Who:
            return QString(Smtp::TranscriptText::marker(line.kind));
        case Line:
            return text();
        case Meaning:
            return explanation().brief;
        }
        break;
    case Qt::ToolTipRole: {
        const SmtpExplain::Explanation e = explanation();
        if (!e.isEmpty())
            return e.detail;
        if (index.column() == Line)
            return text().toHtmlEscaped();
        break;
    }
    case Qt::ForegroundRole:
        if (Records::isClient(line.kind))
            return clientColor();
        if (Records::isServer(line.kind))
            return replyColor(line.data);
        return QGuiApplication::palette().color(QPalette::PlaceholderText);
    case Qt::BackgroundRole: {
        const QVariant kind = kindBackground(line.kind);
        if (kind.isValid() || !m_selected)
            return kind;
        return at >= m_selectedRange.first && at <= m_selectedRange.second ? selectedBackground() : QVariant();
    }
    case Qt::FontRole:
        if (index.column() == Line && Records::isWire(line.kind))
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        if (!Records::isWire(line.kind)) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        break;
    case MessageIdRole:
        return line.messageId;
    case KindRole:
        return int(line.kind);
    case RevealableRole:
        return isRevealable(line);
    case GapRole:
        return int(Gap::None);
    case SelectedRole:
        return at >= m_selectedRange.first && at <= m_selectedRange.second;
    }
    return {};
}

QVariant TranscriptModel::gapData(Gap gap, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        if (column == Who)
            return QStringLiteral("⋯");
        if (column == Line)
            return gap == Gap::Earlier ? tr("Earlier lines: scroll up or click to show them")
                                       : tr("Later lines: scroll down or click to show them");
        break;
    case Qt::ForegroundRole:
        return QGuiApplication::palette().color(QPalette::PlaceholderText);
    case Qt::FontRole: {
        QFont font;
        font.setItalic(true);
        return font;
    }
    case GapRole:
        return int(gap);
    case MessageIdRole:
        return 0;
    case RevealableRole:
    case SelectedRole:
        return false;
    }
    return {};
}

bool TranscriptModel::reveal(int row)
{
    const int at = row < 0 ? -1 : lineIndex(row);
    if (at < 0 || !isRevealable(m_lines.at(at)))
        return false;
    m_revealed.insert(m_lines.at(at).id);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    return true;
}

QVariant TranscriptModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Who:
        return tr("Who");
    case Line:
        return tr("Line");
    case Meaning:
        return tr("Meaning");
    }
    return {};
}

} // namespace Ui
