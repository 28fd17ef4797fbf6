#include "clienthello.h"

namespace Smtp {

namespace {

class Cursor
{
public:
    Cursor(const QByteArray &data, qsizetype pos, qsizetype end) : m_data(data), m_pos(pos), m_end(end) {}
    bool has(qsizetype n) const { return m_pos + n <= m_end; }
    uint u8() { return static_cast<unsigned char>(m_data[m_pos++]); }
    uint u16() { const uint hi = u8(); return (hi << 8) | u8(); }
    uint u24() { const uint hi = u16(); return (hi << 8) | u8(); }
    bool skip(qsizetype n) { m_pos += n; return m_pos <= m_end; }
    qsizetype pos() const { return m_pos; }

private:
    const QByteArray &m_data;
    qsizetype m_pos;
    qsizetype m_end;
};

QString printableStart(const QByteArray &bytes)
{
    QString text;
    for (char c : bytes.left(40)) {
        if (c == '\r' || c == '\n')
            break;
        text += (c >= 0x20 && c < 0x7f) ? QChar::fromLatin1(c) : QChar(u'.');
    }
    return text;
}

} // namespace

ClientHello ClientHello::inspect(const QByteArray &bytes)
{
    ClientHello hello;
    if (bytes.isEmpty())
        return hello;
    if (bytes[0] != 0x16) { // not a TLS handshake record
        hello.status = Status::NotTls;
        hello.plainTextStart = printableStart(bytes);
        return hello;
    }
    if (bytes.size() < 5)
        return hello;
    const qsizetype recordLength = (static_cast<unsigned char>(bytes[3]) << 8) | static_cast<unsigned char>(bytes[4]);
    if (bytes.size() < 5 + recordLength)
        return hello;
    hello.status = Status::Tls;
    Cursor c(bytes, 5, 5 + recordLength);
    if (!c.has(4) || c.u8() != 1) // ClientHello
        return hello;
    c.u24();
    if (!c.skip(2 + 32) || !c.has(1) || !c.skip(c.u8()) || !c.has(2) || !c.skip(c.u16()) || !c.has(1)
        || !c.skip(c.u8()) || !c.has(2))
        return hello;
    const qsizetype extensionsEnd = c.pos() + c.u16();
    while (c.pos() + 4 <= extensionsEnd && c.has(4)) {
        const uint type = c.u16();
        const uint length = c.u16();
        if (type != 0) {
            if (!c.skip(length))
                return hello;
            continue;
        }
        if (!c.has(5))
            return hello;
        c.u16(); // server_name_list length
        const uint nameType = c.u8();
        const uint nameLength = c.u16();
        if (nameType == 0 && c.has(nameLength))
            hello.serverName = QString::fromUtf8(bytes.mid(c.pos(), nameLength));
        return hello;
    }
    return hello;
}

} // namespace Smtp
