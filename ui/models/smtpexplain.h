#pragma once

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

} // namespace Ui::SmtpExplain
