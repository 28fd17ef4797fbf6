#pragma once

#include "records/transcript.h"

#include <QByteArray>
#include <QLatin1StringView>
#include <QString>

// A transcript line as text, the one form every front end shows: `serve --verbose`,
// `show --transcript`, the transcript export and the window. Pure.
namespace Smtp::TranscriptText {

// One marker per kind: "C:" and "S:" for what the client and the server sent (AUTH responses
// and challenges too), and "-" with a letter for each kind of note ("--" for a plain note).
QLatin1StringView marker(Records::LineKind kind);

// Bytes as people read them on one line: a final CRLF dropped, other control octets shown as
// Control Pictures (a lone LF as ␊), tabs kept.
QString visible(const QByteArray &data);

// The line's text: visible() of its bytes; for an AUTH line that carried credentials, its mask
// (mechanism, user, the secret's length), or with revealPasswords its recorded bytes and
// secret when passwords were recorded.
QString text(const Records::TranscriptLine &line, bool revealPasswords = false);

// marker, a space and text: how a line reads on its own.
QString markedText(const Records::TranscriptLine &line, bool revealPasswords = false);

} // namespace Smtp::TranscriptText
