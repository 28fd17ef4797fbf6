#include "htmltext.h"

#include "mime/htmltext.h"

#include <QRegularExpression>

namespace Api {

QString snippetOf(const QString &text, const QString &html)
{
    constexpr qsizetype kLimit = 200;
    static const QRegularExpression blanks(QStringLiteral("\\s+"));
    QString line = html.trimmed().isEmpty() ? text : Mime::htmlToText(html);
    line.replace(QChar(0xfeff), QLatin1Char(' '));
    line = line.replace(blanks, QStringLiteral(" ")).trimmed();
    QByteArray bytes = line.toUtf8();
    if (bytes.size() <= kLimit)
        return line;
    qsizetype n = kLimit;
    while (n > 0 && (uchar(bytes.at(n)) & 0xc0) == 0x80) // not inside a character
        --n;
    return QString::fromUtf8(bytes.left(n)) + QStringLiteral("...");
}

} // namespace Api
