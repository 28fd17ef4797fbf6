#include "jsonwriter.h"

#include <algorithm>


namespace Store::Json {

void Writer::separate()
{
    if (m_afterKey)
        m_afterKey = false;
    else if (!m_first)
        m_out += ',';
    m_first = false;
}

Writer &Writer::open(char bracket)
{
    separate();
    m_out += bracket;
    m_first = true;
    return *this;
}

Writer &Writer::close(char bracket)
{
    m_out += bracket;
    m_first = false;
    return *this;
}

Writer &Writer::key(const char *name)
{
    separate();
    m_out += '"';
    m_out += name;
    m_out += "\":";
    m_afterKey = true;
    return *this;
}

Writer &Writer::value(const QByteArray &utf8)
{
    separate();
    // Invalid UTF-8 from a client becomes U+FFFD so that the JSON stays valid.
    const bool ascii = std::ranges::none_of(utf8, [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    string(ascii ? utf8 : QString::fromUtf8(utf8).toUtf8());
    return *this;
}

Writer &Writer::value(const QString &text)
{
    separate();
    string(text.toUtf8());
    return *this;
}

Writer &Writer::value(qint64 number)
{
    separate();
    m_out += QByteArray::number(number);
    return *this;
}

Writer &Writer::value(bool flag)
{
    separate();
    m_out += flag ? "true" : "false";
    return *this;
}

// RFC 8259 section 7: quotation mark, reverse solidus and control characters are escaped.
// Runs of other octets are copied in one step.
void Writer::string(const QByteArray &utf8)
{
    static const char hex[] = "0123456789abcdef";
    m_out += '"';
    const char *run = utf8.constData();
    const char *const end = run + utf8.size();
    for (const char *p = run; p < end; ++p) {
        const auto u = static_cast<unsigned char>(*p);
        if (u >= 0x20 && *p != '"' && *p != '\\')
            continue;
        m_out.append(run, p - run);
        run = p + 1;
        switch (*p) {
        case '"': m_out += "\\\""; break;
        case '\\': m_out += "\\\\"; break;
        case '\b': m_out += "\\b"; break;
        case '\f': m_out += "\\f"; break;
        case '\n': m_out += "\\n"; break;
        case '\r': m_out += "\\r"; break;
        case '\t': m_out += "\\t"; break;
        default:
            m_out += "\\u00";
            m_out += hex[u >> 4];
            m_out += hex[u & 0xf];
        }
    }
    m_out.append(run, end - run);
    m_out += '"';
}

} // namespace Store::Json
