#pragma once

#include "records/transcript.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>

// Schema step 10: lines stored before lines had kinds carry a direction (client, server or
// note), which reads as the kinds Command, Reply and Note. The notes were all written by
// Mailscope in a few fixed forms; the step gives them their kinds once, so nothing later
// decides a kind from text. Runs on the writer's connection inside the step's transaction.
namespace Store::TranscriptKinds {

// The kind of a note stored before kinds existed; Note when it is none of the known forms.
Records::LineKind ofOldNote(const QByteArray &text, qint64 messageId);

// Rewrites every chunk holding such notes with their kinds. False with *error on failure.
bool classifyOldNotes(QSqlDatabase &db, QString *error);

} // namespace Store::TranscriptKinds
