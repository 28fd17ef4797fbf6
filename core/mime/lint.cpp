#include "lint.h"

namespace Mime {

void lint(const QByteArray &raw, const EnvelopeHints &hints, ParsedMessage *message)
{
    Q_UNUSED(raw)
    Q_UNUSED(hints)
    Q_UNUSED(message)
}

} // namespace Mime
