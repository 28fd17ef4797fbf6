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
    beginResetModel();
    m_session = session;
    m_lines = lines;
    m_keywordState = {};
    m_keywords.clear();
    m_keywords.reserve(lines.size());
    for (const Records::TranscriptLine &line : lines)
        m_keywords.append(m_keywordState.next(line));
    m_revealed.clear();
    if (!m_session.startedUs && !m_lines.isEmpty())
        m_session.startedUs = m_lines.first().timeUs;
    endResetModel();
}

void TranscriptModel::clear()
{
    setSession({}, {});
}

void TranscriptModel::append(const QList<Records::TranscriptLine> &lines)
{
    if (!m_session.id)
        return;
    QList<Records::TranscriptLine> mine;
    const qint64 last = m_lines.isEmpty() ? 0 : m_lines.last().id;
    for (const Records::TranscriptLine &line : lines) {
        if (line.sessionId == m_session.id && line.id > last)
            mine.append(line);
    }
    if (mine.isEmpty())
        return;
    beginInsertRows({}, int(m_lines.size()), int(m_lines.size() + mine.size()) - 1);
    m_lines += mine;
    for (const Records::TranscriptLine &line : std::as_const(mine))
        m_keywords.append(m_keywordState.next(line));
    endInsertRows();
}

int TranscriptModel::rowOfMessage(qint64 messageId) const
{
    for (int row = 0; row < m_lines.size(); ++row) {
        if (m_lines.at(row).messageId == messageId)
            return row;
    }
    return -1;
}

int TranscriptModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

int TranscriptModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TranscriptModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_lines.size())
        return {};
    const Records::TranscriptLine &line = m_lines.at(index.row());
    const auto explanation = [&] { return explain(line, m_keywords.at(index.row())); };
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
    case Qt::BackgroundRole:
        return kindBackground(line.kind);
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
    }
    return {};
}

bool TranscriptModel::reveal(int row)
{
    if (row < 0 || row >= m_lines.size() || !isRevealable(m_lines.at(row)))
        return false;
    m_revealed.insert(m_lines.at(row).id);
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
