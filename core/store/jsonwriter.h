#pragma once

#include <QByteArray>
#include <QString>

namespace Store::Json {

// Writes compact JSON straight into bytes, for the values the writer stores with every message
// (building a QJsonObject and serialising it cost more than the row it goes in). Commas are
// placed by the writer; the caller opens and closes what it begins.
class Writer
{
public:
    Writer &beginObject() { return open('{'); }
    Writer &endObject() { return close('}'); }
    Writer &beginArray() { return open('['); }
    Writer &endArray() { return close(']'); }
    Writer &key(const char *name);                 // an ASCII name without characters to escape
    Writer &value(const QByteArray &utf8);         // wire bytes: invalid UTF-8 becomes U+FFFD
    Writer &value(const QString &text);
    Writer &value(qint64 number);
    Writer &value(int number) { return value(qint64(number)); }
    Writer &value(quint16 number) { return value(qint64(number)); }
    Writer &value(bool flag);
    Writer &value(const char *) = delete; // would be taken as bool: wrap it in a QByteArray

    QByteArray take() { return std::exchange(m_out, {}); }

private:
    Writer &open(char bracket);
    Writer &close(char bracket);
    void separate();
    void string(const QByteArray &utf8);

    QByteArray m_out;
    bool m_first = true;   // nothing written yet in the innermost object or array
    bool m_afterKey = false;
};

} // namespace Store::Json
