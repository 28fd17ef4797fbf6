#pragma once

#include "parsedmessage.h"

#include <QByteArray>

// A linear pass over a message's delimiter lines and part headers, made before GMime reads it:
// where the structure first passes the limits. GMime follows every level and part it finds
// (its own nesting limit is 1,024, and each line is compared with every enclosing boundary),
// so a hostile message is cut there and GMime never sees the rest.
namespace Mime {

struct StructureCut
{
    enum class Limit { None, Depth, Parts };
    Limit limit = Limit::None;
    qint64 offset = -1;         // in the raw message: where GMime's input ends
};

// Generous by one level and one part, so that the tree built from what is left is the one the
// limits give (its deepest container and its last part are still seen as such).
StructureCut scanStructure(const QByteArray &raw, const Limits &limits);

} // namespace Mime
