#pragma once

#include "records/session.h"
#include "records/transcript.h"

#include <QJsonObject>
#include <QList>
#include <QString>

// Mailscope's own JSON for sessions and transcript lines (the /api/v1/session routes and the
// session.* events), and the transcript as text (`show --transcript`,
// /api/v1/session/{ID}/transcript.txt). Pure, any thread. AUTH lines are masked in every form,
// as Smtp::TranscriptText renders them; revealPasswords shows those recorded with their bytes.
namespace Api {


// ID (a string), Started, Ended (null while in progress), ClientAddress, ClientPort,
// ServerAddress, ServerPort, Helo, Outcome, MessageCount, DroppedMessages, TLS (null without),
// User (null without), Defects and FaultRules.
QJsonObject sessionJson(const Records::SessionRecord &session);

// Time, Kind (Records::lineKindName), Direction, Marker, Text and, on a data summary of a
// stored message, MessageID.
QJsonObject transcriptLineJson(const Records::TranscriptLine &line, bool revealPasswords = false);

// One line per transcript line: seconds since the first line, the marker and the text.
QString transcriptText(const QList<Records::TranscriptLine> &lines, bool revealPasswords = false);

} // namespace Api
