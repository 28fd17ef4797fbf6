#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// The parameters of a Content-Type or Content-Disposition value as written (RFC 2045 5.1),
// before any decoding: what GMime decodes its own way is read here again where Mailscope
// decodes differently (RFC 2047 words) or has something to say (lint).
namespace Mime {

struct RawParameter
{
    QByteArray name;            // lower case, as "name" or "name*0*"
    QByteArray value;           // quotes and quoted-pairs removed
    bool quoted = false;
    bool needsQuotes = false;   // unquoted, yet holding blanks or tspecials such as '='
};

// value is the unfolded field value (type or disposition first, then "; name=value" ...).
QList<RawParameter> rawParameters(QByteArrayView value);

// The value of the plain (not RFC 2231) parameter called name, last one wins as in GMime; null
// when absent.
const RawParameter *findRawParameter(const QList<RawParameter> &params, QByteArrayView name);
// The result points into params: a temporary list would leave it dangling.
const RawParameter *findRawParameter(QList<RawParameter> &&params, QByteArrayView name) = delete;

} // namespace Mime
