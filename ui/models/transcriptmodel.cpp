#include "transcriptmodel.h"

#include "smtp/sasl.h"

#include "smtpexplain.h"
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

bool isTlsBoundary(const Records::TranscriptLine &line)
{
    return line.direction == Records::Direction::Note && line.data.contains("TLS");
}

bool isFaultNote(const Records::TranscriptLine &line)
{
    return line.direction == Records::Direction::Note && line.data.toLower().startsWith("fault");
}

} // namespace

TranscriptModel::TranscriptModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

QString TranscriptModel::displayText(const QByteArray &data)
{
    QByteArray line = data;
    if (line.endsWith("\r\n"))
        line.chop(2);
    QString out = QString::fromUtf8(line);
    for (QChar &c : out) {
        if (c.unicode() < 0x20 && c != QLatin1Char('\t'))
            c = QChar(0x2400 + c.unicode()); // Control Pictures: a lone LF shows as ␊
    }
    return out;
}

void TranscriptModel::setSession(const Records::SessionRecord &session, const QList<Records::TranscriptLine> &lines)
{
    beginResetModel();
    m_session = session;
    m_lines = lines;
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
    const auto explanation = [&] {
        if (line.direction == Records::Direction::Client)
            return SmtpExplain::command(line.data);
        if (line.direction == Records::Direction::Server)
            return SmtpExplain::reply(line.data);
        return SmtpExplain::Explanation{};
    };
    // Notes may hold a decoded AUTH exchange: passwords stay hidden on screen.
    const auto text = [&] {
        const QString shown = displayText(line.data);
        return line.direction == Records::Direction::Note ? Smtp::Sasl::maskPasswords(shown) : shown;
    };
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time:
            return QStringLiteral("+%1").arg((line.timeUs - m_session.startedUs) / 1e6, 0, 'f', 3);
        case Who:
            return line.direction == Records::Direction::Client ? QStringLiteral("C:")
                : line.direction == Records::Direction::Server  ? QStringLiteral("S:")
                                                              : QStringLiteral("··");
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
        if (line.direction == Records::Direction::Client)
            return clientColor();
        if (line.direction == Records::Direction::Server)
            return replyColor(line.data);
        return QGuiApplication::palette().color(QPalette::PlaceholderText);
    case Qt::BackgroundRole:
        if (isTlsBoundary(line))
            return Theme::isDark() ? QColor(0x1e, 0x3a, 0x2a) : QColor(0xe3, 0xf4, 0xe8);
        if (isFaultNote(line))
            return Theme::isDark() ? QColor(0x4a, 0x2a, 0x10) : QColor(0xff, 0xec, 0xd2);
        break;
    case Qt::FontRole:
        if (index.column() == Line && line.direction != Records::Direction::Note)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        if (line.direction == Records::Direction::Note) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        break;
    case MessageIdRole:
        return line.messageId;
    case DirectionRole:
        return int(line.direction);
    }
    return {};
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
