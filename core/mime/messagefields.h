#pragma once

#include "headerblock.h"
#include "parsedmessage.h"

// The message-level fields of a top header section: Subject, Date, Message-ID, and From,
// Sender, Reply-To, To, Cc, Bcc through GMime's address parser (whose warnings are appended
// to message->diagnostics, at the field they are about).
namespace Mime {

void readMessageFields(const QByteArray &raw, const HeaderBlock &block, ParsedMessage *message, bool addresses = true);

} // namespace Mime
