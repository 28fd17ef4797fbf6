#pragma once

#include "records/commitbatch.h"

#include <QString>

namespace Ui::TranscriptExport {

// A session's conversation for a lecture handout or a bug report. Text: one line each,
// "2026-11-22 08:01:02.123 C: MAIL FROM:<a@example.com>", notes as "   · ...". HTML: the
// same as a table with what each line means (SmtpExplain). AUTH passwords in notes are
// masked unless reveal is set.
QString toText(const Records::SessionRecord &session, const QList<Records::TranscriptLine> &lines, bool reveal = false);
QString toHtml(const Records::SessionRecord &session, const QList<Records::TranscriptLine> &lines, bool reveal = false);

// Reads the whole transcript of a session (on the calling thread's own connection, so any
// thread's: a connection's transcript can be tens of thousands of lines) and writes it to path.
bool writeFile(const QString &databasePath, qint64 sessionId, const QString &path, bool html, QString *error);

} // namespace Ui::TranscriptExport
