#pragma once

#include "records/message.h"

namespace Store {

// A message from a file, ready for the writer: source "import", no session, summarised.
Records::MessageRecord importedMessage(const QByteArray &raw);

} // namespace Store
