#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace Records {

// Something the client did that RFC 5321 does not allow but Mailscope accepted or answered,
// kept on the session so the user sees why another server would have refused it.
struct Defect
{
    QByteArray code;            // stable identifier, e.g. "data-bare-lf"
    QString detail;             // one sentence for people
    qint64 count = 1;           // occurrences folded into this entry
    qint64 offset = -1;         // first occurrence: octet offset in the message, or -1
};

using Defects = QList<Defect>;

} // namespace Records
