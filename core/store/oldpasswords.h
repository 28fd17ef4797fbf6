#pragma once

#include "records/transcript.h"

#include <QByteArray>
#include <QHash>
#include <QSqlDatabase>
#include <QString>

// Schema step 12: older versions kept the AUTH lines clients sent as they were (the base64
// holds the password) and the decoded password in the AUTH note. The step replaces each such
// line by its mask (Records::AuthSecret without bytes or secret) and rewrites the notes without
// the password. Runs on the writer's connection inside the step's transaction.
namespace Store::OldPasswords {

// Follows one session's transcript in order and masks its lines in place; which client lines
// belong to an AUTH exchange follows from the commands and the 334 replies around them.
class Masker
{
public:
    // True when the line was changed.
    bool mask(Records::TranscriptLine &line);

private:
    struct Exchange
    {
        QByteArray mechanism;   // empty: no AUTH exchange open
        bool awaitingResponse = false;
        int responses = 0;
        QByteArray loginUser;
    };
    // Masks a response (text: the base64 without CRLF; command: "AUTH PLAIN" as written when
    // the line is the AUTH command with its initial response).
    bool maskResponse(Exchange &exchange, Records::TranscriptLine &line, const QByteArray &text,
                      const QByteArray &command);
    QHash<qint64, Exchange> m_sessions;
};

// An AUTH note as older versions wrote it, without the password or digest; the note itself
// when it holds neither.
QByteArray maskedNote(const QByteArray &note);

// Masks every chunk that needs it. False with *error on failure.
bool maskAll(QSqlDatabase &db, QString *error);

} // namespace Store::OldPasswords
