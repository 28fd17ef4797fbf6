#pragma once

#include "records/commitbatch.h"
#include "smtpexplain.h"
#include "transcriptslice.h"

#include <QAbstractTableModel>
#include <QSet>

namespace Ui {

// One session's transcript: time since connect, the marker of the line's kind, the line as
// sent, and what it means (RFC section in the tooltip); tinted by kind. Holds a part of it (a
// TranscriptSlice): the opening, a row standing for lines not loaded, the lines loaded, and a
// row for lines after them; loading more fills the gaps. Grows live while the session is in
// progress and its last lines are loaded. The selected message's lines are tinted.
class TranscriptModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TranscriptModel)

public:
    enum Column { Time, Who, Line, Meaning, ColumnCount };
    // KindRole: int(Records::LineKind); RevealableRole: an AUTH line recorded with its password
    // (--record-passwords) that reveal() would show.
    // GapRole: a Gap (a row that stands for lines not loaded); SelectedRole: the line belongs
    // to the selected message (its MAIL to the reply to its data).
    enum Role { MessageIdRole = Qt::UserRole + 1, KindRole, RevealableRole, GapRole, SelectedRole };
    enum class Gap { None, Earlier, Later };

    explicit TranscriptModel(QObject *parent = nullptr);

    void setSession(const Records::SessionRecord &session, const QList<Records::TranscriptLine> &lines);
    void setSession(const Records::SessionRecord &session, const TranscriptSlice &slice);
    void clear();
    // Live lines; lines of other sessions are ignored, and all of them while later lines are
    // not loaded (loading them brings these too).
    void append(const QList<Records::TranscriptLine> &lines);
    // Lines read for a gap: earlier ones go just above the lines loaded, later ones below.
    void insertEarlier(const TranscriptSlice &part);
    void insertLater(const TranscriptSlice &part);
    qint64 sessionId() const { return m_session.id; }
    int rowOfMessage(qint64 messageId) const;
    // Tints the message's lines; 0 for none.
    void setSelectedMessage(qint64 messageId);
    const Records::TranscriptLine &at(int row) const { return m_lines.at(lineIndex(row)); } // a line's row, not a gap's
    int lineCount() const { return int(m_lines.size()); }
    Gap gapAt(int row) const;
    bool hasGap(Gap gap) const { return gap == Gap::Earlier ? m_gapBefore : gap == Gap::Later && m_gapAfter; }
    int rowOfGap(Gap gap) const; // -1 when there is none
    int rowOfLineId(qint64 lineId) const; // -1 when not loaded
    // Where a gap's lines are to be read: the ids of the lines on either side (0 for none).
    qint64 lineIdBefore(Gap gap) const;
    qint64 lineIdAfter(Gap gap) const;
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
    int lineIndex(int row) const; // -1 for a gap's row
    QVariant gapData(Gap gap, int column, int role) const;
    int rowOfLine(int line) const;
    void recountKeywords();
    QPair<int, int> selectedLines() const; // first and last, -1 for none
    void reselect(); // after the selection or the lines changed
    void emitRowsChanged(QPair<int, int> lines);

    Records::SessionRecord m_session;
    QList<Records::TranscriptLine> m_lines;
    int m_opening = 0;          // lines above the earlier gap
    bool m_gapBefore = false;
    bool m_gapAfter = false;
    qint64 m_selected = 0;      // message id
    QPair<int, int> m_selectedRange{-1, -1}; // its lines
    QList<QByteArray> m_keywords;               // per line: the EHLO keyword it lists, if any
    SmtpExplain::EhloKeywords m_keywordState;   // where the lines so far leave the conversation
    QSet<qint64> m_revealed; // line ids
};

} // namespace Ui
