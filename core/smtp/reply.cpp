#include "reply.h"

namespace Smtp {

QByteArray Reply::format(bool withEnhanced) const
{
    const QByteArray number = QByteArray::number(code);
    const QList<QByteArray> body = lines.isEmpty() ? QList<QByteArray>{QByteArray()} : lines;
    QByteArray out;
    for (qsizetype i = 0; i < body.size(); ++i) {
        out += number;
        out += (i + 1 < body.size()) ? '-' : ' ';
        if (withEnhanced && !enhanced.isEmpty()) {
            out += enhanced;
            if (!body[i].isEmpty())
                out += ' ';
        }
        out += body[i];
        out += "\r\n";
    }
    return out;
}

} // namespace Smtp
