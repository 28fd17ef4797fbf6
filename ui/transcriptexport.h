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

} // namespace Ui::TranscriptExport
