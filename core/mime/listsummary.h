#pragma once

#include "records/message.h"

#include <QByteArray>

namespace Mime {

// A message's list columns (header From and To, subject, date, size, attachments, HTML),
// decoded, received now; computed once at ingest so that listing never parses. The envelope
// columns are the caller's to fill in.
Records::MessageSummary summarize(const QByteArray &raw);

} // namespace Mime
