#pragma once

#include "records/message.h"

#include <QByteArray>

namespace Mime {

// A message's list columns (header From and To, subject, date, size, attachments, HTML),
// decoded, received now; computed once at ingest so that listing never parses. The envelope
// columns are the caller's to fill in.
Records::MessageSummary summarize(const QByteArray &raw);
// The same list columns (and size) into a summary whose other fields are the caller's.
void addListColumns(const QByteArray &raw, Records::MessageSummary *summary);

} // namespace Mime
