#include "reply.h"

#include <charconv>

namespace Records {

QByteArray Reply::format(bool withEnhanced) const
{
    char number[12];
    const qsizetype digits = std::to_chars(number, number + sizeof number, code).ptr - number;
    const qsizetype count = qMax<qsizetype>(lines.size(), 1);
    const bool enhancedShown = withEnhanced && !enhanced.isEmpty();
    qsizetype size = 0;
    for (const QByteArray &line : lines)
        size += line.size();
    QByteArray out;
    out.reserve(size + count * (digits + 1 + (enhancedShown ? enhanced.size() + 1 : 0) + 2));
    for (qsizetype i = 0; i < count; ++i) {
        static const QByteArray none;
        const QByteArray &text = i < lines.size() ? lines[i] : none;
        out.append(number, digits);
        out.append(i + 1 < count ? '-' : ' ');
        if (enhancedShown) {
            out.append(enhanced);
            if (!text.isEmpty())
                out.append(' ');
        }
        out.append(text);
        out.append("\r\n", 2);
    }
    return out;
}

} // namespace Records
