#pragma once

#include "records/transcript.h"

#include <QByteArray>
#include <QString>

namespace Ui::SmtpExplain {

// What one transcript line means, for people learning or debugging SMTP: a short phrase
// and a longer explanation, each ending with the RFC section it rests on.
struct Explanation
{
    QString brief;              // "Starts a mail transaction (RFC 5321 §4.1.1.2)"
    QString detail;             // a few sentences for the tooltip
    bool isEmpty() const { return brief.isEmpty(); }
};

Explanation command(const QByteArray &line);   // a client line: "MAIL FROM:<a@b>"
Explanation reply(const QByteArray &line);     // a server line: "250-2.1.0 Ok"
Explanation authResponse();                    // a client line of an AUTH exchange (base64)
Explanation ehloKeyword(const QByteArray &keyword); // "PIPELINING", "SIZE", ...: the extension it offers
Explanation defect();                          // a defect row: the client broke a protocol rule

// Follows a transcript line by line to tell which server lines list EHLO keywords: every line
// of the reply to an EHLO command after the first, which names the server (RFC 5321 4.1.1.1).
class EhloKeywords
{
public:
    QByteArray next(const Records::TranscriptLine &line); // every line in order; the keyword or empty

private:
    bool m_afterEhlo = false;   // the last command was EHLO and its reply has not ended
    bool m_firstLineSeen = false;
};

} // namespace Ui::SmtpExplain
