// The MIME side of ingest and display: the list summary computed for each stored message, and
// the part tree with its lint and JSON form.
#include "mime/listsummary.h"
#include "mime/parsedmessage.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray raw(reinterpret_cast<const char *>(data), qsizetype(size));
    Mime::summarize(raw);
    const Mime::ParsedMessage message = Mime::parse(raw);
    // Every byte range the tree names lies inside the message.
    for (const Mime::Part *leaf : message.leaves()) {
        if (leaf->bodyRange.isValid() && leaf->bodyRange.end > raw.size())
            std::abort();
        Mime::decodedContent(raw, *leaf);
    }
    Mime::toJson(message);
    return 0;
}
