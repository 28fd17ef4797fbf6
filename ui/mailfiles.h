#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace Store {
class Reader;
}

namespace Ui::MailFiles {

// A file name made from untrusted text (a subject, an attachment's name) that stays inside
// the folder it is joined to: no separators, no "..", no control or reserved characters,
// not empty, not hidden, at most 255 octets in UTF-8 (the file systems' limit; the extension is
// kept and no character is split). fallback is used when nothing is left.
QString safeFileName(const QString &untrusted, const QString &fallback);

// "<id> <subject>.eml", made safe.
QString emlFileName(qint64 id, const QString &subject);

// A file name in folder that does not exist yet: "name.ext", "name (2).ext", ...
QString uniquePath(const QString &folder, const QString &fileName);

// One mboxrd entry: a "From " line, the message with ">From " quoting and LF line ends
// kept as they are, and a blank line after it. Store::Mbox::split reads it back exactly.
QByteArray mboxEntry(const QByteArray &raw, const QByteArray &envelopeSender, qint64 receivedUs);

// Writes stored messages to path: one message as .eml, or several as mbox, oldest first.
enum class Format { Eml, Mbox };
bool exportMessages(const Store::Reader &reader, const QList<qint64> &ids, const QString &path, Format format,
                    QString *error);

} // namespace Ui::MailFiles
