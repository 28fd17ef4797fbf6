#pragma once

#include "records/commitbatch.h"
#include "smtpexplain.h"

#include <QAbstractTableModel>
#include <QSet>

namespace Ui {

// One session's transcript: time since connect, the marker of the line's kind, the line as
// sent, and what it means (RFC section in the tooltip); tinted by kind. Grows live while the
// session is in progress.
class TranscriptModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TranscriptModel)

public:
    enum Column { Time, Who, Line, Meaning, ColumnCount };
    // KindRole: int(Records::LineKind); RevealableRole: an AUTH line recorded with its password
    // (--record-passwords) that reveal() would show.
    enum Role { MessageIdRole = Qt::UserRole + 1, KindRole, RevealableRole };

    explicit TranscriptModel(QObject *parent = nullptr);

    void setSession(const Records::SessionRecord &session, const QList<Records::TranscriptLine> &lines);
    void clear();
    void append(const QList<Records::TranscriptLine> &lines); // lines of other sessions are ignored
    qint64 sessionId() const { return m_session.id; }
    int rowOfMessage(qint64 messageId) const;
    const Records::TranscriptLine &at(int row) const { return m_lines.at(row); }
    // Shows the recorded bytes and password of an AUTH line in place of its mask, until the
    // session changes. False when the row has nothing to reveal (stored masked).
    bool reveal(int row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // The line as people read it: CRLF dropped, other control bytes made visible.
    static QString displayText(const QByteArray &data);
    // What a command, reply, AUTH or defect line means; empty for other notes. ehloKeyword: the line lists
    // this extension in a reply to EHLO (SmtpExplain::EhloKeywords tells).
    static SmtpExplain::Explanation explain(const Records::TranscriptLine &line, const QByteArray &ehloKeyword = {});

private:
    Records::SessionRecord m_session;
    QList<Records::TranscriptLine> m_lines;
    QList<QByteArray> m_keywords;               // per line: the EHLO keyword it lists, if any
    SmtpExplain::EhloKeywords m_keywordState;   // where the lines so far leave the conversation
    QSet<qint64> m_revealed; // line ids
};

} // namespace Ui
