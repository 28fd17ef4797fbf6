#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>

namespace Records {

// One SMTP reply: a code, an optional enhanced status code (RFC 3463) and one or more text lines.
struct Reply
{
    int code = 0;
    QByteArray enhanced;        // "2.0.0"; sent only once the client used EHLO
    QList<QByteArray> lines;

    static Reply make(int code, const QByteArray &enhanced, const QByteArray &text)
    {
        return Reply{code, enhanced, {text}};
    }

    // Wire form, CRLF after every line, "code-" on all but the last line.
    QByteArray format(bool withEnhanced) const;

    bool operator==(const Reply &) const = default;
};

} // namespace Records

Q_DECLARE_METATYPE(Records::Reply)
