#pragma once

#include "parsedmessage.h"

// The GMime half of Mime::parse: header fields, addresses and the part tree with byte ranges,
// plus GMime's own parser warnings. Lint is added on top by Mime::parse.
namespace Mime {

enum class BuildDepth {
    Structure,                  // no body decoding (decodedSize/decodedSha256 unset), no address lists: for ingest
    Full,                       // every leaf decoded, measured and hashed
};

ParsedMessage buildTree(const QByteArray &raw, const Limits &limits, BuildDepth depth);

} // namespace Mime
