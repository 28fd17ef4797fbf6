#pragma once

#include "records/transcript.h"

#include <QList>

namespace Store {
class TranscriptPages;
}

namespace Ui {

// A part of one session's transcript, read off the GUI thread: its opening lines (greeting,
// EHLO, TLS, AUTH: up to its first MAIL), the lines asked for, and whether lines lie between
// the two or after them. A message in a connection that carried thousands shows its own lines
// (MAIL to the reply to its data, with a line of context either side) under the opening.
struct TranscriptSlice
{
    static constexpr int kPage = 500;     // lines a "more" adds
    static constexpr int kOpening = 40;   // lines looked at for the opening

    QList<Records::TranscriptLine> opening; // empty when lines start at the session's start
    QList<Records::TranscriptLine> lines;
    bool moreBefore = false; // lines between opening and lines (or before lines)
    bool moreAfter = false;  // lines after lines

    static TranscriptSlice whole(const QList<Records::TranscriptLine> &lines); // nothing more
    static TranscriptSlice aroundMessage(Store::TranscriptPages &pages, qint64 messageId);
    // A session: its first page and its last (where a live session grows).
    static TranscriptSlice ofSession(Store::TranscriptPages &pages);
    // Up to kPage lines before the line beforeId, none at or before afterId (the opening's
    // last line, 0 for none); moreBefore when lines still lie between.
    static TranscriptSlice earlier(Store::TranscriptPages &pages, qint64 beforeId, qint64 afterId);
    // Up to kPage lines after the line afterId.
    static TranscriptSlice later(Store::TranscriptPages &pages, qint64 afterId);

    // Whether the line is a MAIL command, where a message's transaction starts.
    static bool startsTransaction(const Records::TranscriptLine &line);
};

} // namespace Ui
