#include "parameters.h"

namespace Mime {

namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool isTokenChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u > 32 && u != 127 && !QByteArrayView("()<>@,;:\\\"/[]?=").contains(c);
}

} // namespace

QList<RawParameter> rawParameters(QByteArrayView value)
{
    QList<RawParameter> out;
    qsizetype i = value.indexOf(';');
    while (i >= 0 && i < value.size()) {
        ++i; // the ';'
        while (i < value.size() && isBlank(value[i]))
            ++i;
        const qsizetype nameBegin = i;
        while (i < value.size() && value[i] != '=' && value[i] != ';')
            ++i;
        if (i >= value.size() || value[i] != '=')
            continue; // no value: not a parameter
        RawParameter p;
        p.name = value.sliced(nameBegin, i - nameBegin).trimmed().toByteArray().toLower();
        ++i; // the '='
        while (i < value.size() && isBlank(value[i]))
            ++i;
        if (i < value.size() && value[i] == '"') {
            p.quoted = true;
            for (++i; i < value.size() && value[i] != '"'; ++i) {
                if (value[i] == '\\' && i + 1 < value.size())
                    ++i;
                p.value += value[i];
            }
            i = value.indexOf(';', i);
        } else {
            const qsizetype end = value.indexOf(';', i);
            p.value = value.sliced(i, (end < 0 ? value.size() : end) - i).trimmed().toByteArray();
            for (char c : std::as_const(p.value))
                p.needsQuotes = p.needsQuotes || !isTokenChar(c);
            i = end;
        }
        if (!p.name.isEmpty())
            out.append(p);
    }
    return out;
}

const RawParameter *findRawParameter(const QList<RawParameter> &params, QByteArrayView name)
{
    const RawParameter *found = nullptr;
    for (const RawParameter &p : params) {
        if (QByteArrayView(p.name) == name)
            found = &p;
    }
    return found;
}

} // namespace Mime
