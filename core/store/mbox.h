#pragma once

#include <QByteArray>
#include <QList>

namespace Store::Mbox {

// True when data starts with an mbox "From " separator line.
bool looksLikeMbox(const QByteArray &data);

// Splits an mbox file into messages: drops each "From " separator line and undoes
// mboxrd/mboxo quoting (">From " becomes "From "). Line endings are kept as in the file.
QList<QByteArray> split(const QByteArray &data);

// The messages in a file: split() for an mbox, otherwise the file as one message (.eml).
QList<QByteArray> messagesIn(const QByteArray &data);

} // namespace Store::Mbox
