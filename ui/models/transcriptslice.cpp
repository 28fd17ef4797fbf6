#include "transcriptslice.h"

#include "smtp/commandparser.h"
#include "store/transcriptpages.h"

namespace Ui {

namespace {

constexpr int kContext = 1;       // lines shown either side of a message's own
constexpr int kLookBehind = 200;  // lines searched back from a message's data for its MAIL
constexpr int kLookAhead = 50;    // and forward for the reply to its data
constexpr int kTail = 8;          // lines after a message shown with it when they end the transcript

// The opening above lines: the session's lines before its first MAIL, none of them at or after
// lines' first; moreBefore when lines do not follow it directly.
TranscriptSlice withOpening(Store::TranscriptPages &pages, QList<Records::TranscriptLine> lines, bool moreAfter)
{
    TranscriptSlice out;
    out.moreAfter = moreAfter;
    if (lines.isEmpty())
        return out;
    const qint64 firstId = lines.first().id;
    for (const Records::TranscriptLine &line : pages.first(TranscriptSlice::kOpening)) {
        if (line.id >= firstId || TranscriptSlice::startsTransaction(line))
            break;
        out.opening.append(line);
    }
    const QList<Records::TranscriptLine> between =
        out.opening.isEmpty() ? pages.before(firstId, 1) : pages.after(out.opening.last().id, 1);
    out.moreBefore = !between.isEmpty() && between.first().id < firstId;
    if (!out.moreBefore) { // the opening leads straight into lines: one block
        lines = out.opening + lines;
        out.opening.clear();
    }
    out.lines = std::move(lines);
    return out;
}

} // namespace

bool TranscriptSlice::startsTransaction(const Records::TranscriptLine &line)
{
    if (line.kind != Records::LineKind::Command)
        return false;
    QByteArray command = line.data;
    while (command.endsWith('\n') || command.endsWith('\r'))
        command.chop(1);
    return Smtp::CommandParser::parseCommand(command).verb == "MAIL";
}

TranscriptSlice TranscriptSlice::whole(const QList<Records::TranscriptLine> &lines)
{
    TranscriptSlice out;
    out.lines = lines;
    return out;
}

TranscriptSlice TranscriptSlice::aroundMessage(Store::TranscriptPages &pages, qint64 messageId)
{
    // A short transcript is shown whole. Each chunk holds a line at least, so more chunks than
    // a page means more lines, and reading stops a line past the page.
    if (pages.chunkCount() <= kPage) {
        QList<Records::TranscriptLine> all = pages.first(kPage + 1);
        if (all.size() <= kPage)
            return whole(all);
    }
    const qint64 dataLine = pages.lineOfMessage(messageId);
    if (!dataLine)
        return ofSession(pages);
    QList<Records::TranscriptLine> before = pages.before(dataLine, kLookBehind);
    qsizetype start = before.size() - 1;
    while (start > 0 && !startsTransaction(before.at(start)))
        --start;
    start = qMax<qsizetype>(0, start - kContext);
    QList<Records::TranscriptLine> lines = before.mid(start);
    const QList<Records::TranscriptLine> after = pages.after(dataLine, kLookAhead + kContext + 1);
    lines += pages.before(dataLine + 1, 1); // the data line itself
    qsizetype end = 0;
    while (end < after.size() && !Records::isServer(after.at(end).kind))
        ++end;
    end = qMin(after.size(), end + 1 + kContext);
    lines += after.mid(0, end);
    // A few lines left (the QUIT of the newest message): shown, and a live session goes on.
    const QList<Records::TranscriptLine> rest = pages.after(lines.last().id, kTail + 1);
    const bool moreAfter = rest.size() > kTail;
    if (!moreAfter)
        lines += rest;
    return withOpening(pages, std::move(lines), moreAfter);
}

TranscriptSlice TranscriptSlice::ofSession(Store::TranscriptPages &pages)
{
    const QList<Records::TranscriptLine> first = pages.first(kPage);
    if (first.isEmpty())
        return {};
    QList<Records::TranscriptLine> last = pages.last(kPage);
    TranscriptSlice out;
    if (last.first().id <= first.last().id) { // two pages or fewer: all of it
        out.lines = pages.first(2 * kPage);
        return out;
    }
    out.opening = first;
    out.lines = std::move(last);
    out.moreBefore = pages.after(first.last().id, 1).value(0).id < out.lines.first().id;
    if (!out.moreBefore) {
        out.lines = out.opening + out.lines;
        out.opening.clear();
    }
    return out;
}

TranscriptSlice TranscriptSlice::earlier(Store::TranscriptPages &pages, qint64 beforeId, qint64 afterId)
{
    TranscriptSlice out;
    out.lines = pages.before(beforeId, kPage + 1);
    qsizetype reached = 0; // lines at or before afterId are shown already
    while (reached < out.lines.size() && out.lines.at(reached).id <= afterId)
        ++reached;
    if (reached > 0) {
        out.lines.remove(0, reached);
    } else if (out.lines.size() > kPage) {
        out.lines.removeFirst();
        out.moreBefore = true;
    }
    return out;
}

TranscriptSlice TranscriptSlice::later(Store::TranscriptPages &pages, qint64 afterId)
{
    TranscriptSlice out;
    out.lines = pages.after(afterId, kPage + 1);
    if (out.lines.size() > kPage) {
        out.lines.removeLast();
        out.moreAfter = true;
    }
    return out;
}

} // namespace Ui
