#pragma once

#include "records/transcript.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <functional>

namespace Store::TranscriptChunk {

// Reads every stored transcript chunk in id order (so each session's lines come in order),
// hands its lines to `edit` and writes back the chunks it changed; `edit` returns whether it
// changed any line. Chunks this build cannot read are left as they are. Runs inside the
// caller's transaction; `what` names the work in an error.
bool rewriteAll(QSqlDatabase &db, const std::function<bool(QList<Records::TranscriptLine> &)> &edit,
                const QString &what, QString *error);

} // namespace Store::TranscriptChunk
