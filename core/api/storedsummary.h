#pragma once

#include "messagejson.h"
#include "store/reader.h"

#include <QJsonArray>

#include <optional>

// Mailpit's MessageSummary objects from the store's list columns: the address fields from the
// raw header values kept at ingest (parsed, never the message), the snippet and the tags.
namespace Api {

// nullopt when the row lacks what the object needs: stored before the address headers were
// kept, or not analysed yet (no snippet).
std::optional<SummaryFields> storedSummaryFields(const Records::MessageSummary &summary);

// The objects of a list, in its order; only the rows storedSummaryFields cannot serve are read
// from their raw message.
QJsonArray summariesJson(const Store::Reader &reader, const QList<Records::MessageSummary> &summaries);

} // namespace Api
