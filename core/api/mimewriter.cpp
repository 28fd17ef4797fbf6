#include "mimewriter.h"

#include <QByteArrayList>

namespace Api::MimeWriter {

namespace {

constexpr qsizetype kWordOctets = 39; // 52 base64 characters: a word of 64 with "=?UTF-8?B?" and "?="

bool isPrintableAscii(const QByteArray &bytes)
{
    for (const char c : bytes) {
        if (uchar(c) < 32 || uchar(c) > 126)
            return false;
    }
    return true;
}

// Splits UTF-8 into pieces of at most kWordOctets, never inside a character.
QByteArray encodedWords(const QByteArray &utf8)
{
    QByteArrayList words;
    qsizetype start = 0;
    while (start < utf8.size()) {
        qsizetype end = std::min(start + kWordOctets, utf8.size());
        while (end < utf8.size() && end > start + 1 && (uchar(utf8.at(end)) & 0xc0) == 0x80)
            --end;
        words.append("=?UTF-8?B?" + utf8.mid(start, end - start).toBase64() + "?=");
        start = end;
    }
    return words.join("\r\n ");
}

} // namespace

QByteArray headerText(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    if (isPrintableAscii(utf8) && !utf8.contains("=?"))
        return utf8;
    return encodedWords(utf8);
}

QByteArray mailbox(const QString &name, const QString &address)
{
    const QByteArray addr = address.toUtf8();
    if (name.isEmpty())
        return addr;
    const QByteArray utf8 = name.toUtf8();
    QByteArray phrase;
    if (!isPrintableAscii(utf8) || utf8.contains("=?")) {
        phrase = encodedWords(utf8);
    } else {
        static const QByteArray specials = QByteArrayLiteral("()<>[]:;@\\,.\"");
        bool plain = true;
        for (const char c : utf8)
            plain = plain && !specials.contains(c);
        if (plain) {
            phrase = utf8;
        } else {
            phrase = utf8;
            phrase.replace("\\", "\\\\").replace("\"", "\\\"");
            phrase = '"' + phrase + '"';
        }
    }
    return phrase + " <" + addr + '>';
}

QByteArray parameter(const QByteArray &name, const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    if (isPrintableAscii(utf8)) {
        QByteArray quoted = utf8;
        quoted.replace("\\", "\\\\").replace("\"", "\\\"");
        return "; " + name + "=\"" + quoted + '"';
    }
    return "; " + name + "*=UTF-8''" + utf8.toPercentEncoding();
}

QByteArray crlfText(const QString &text)
{
    QByteArray out = text.toUtf8();
    out.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
    return out;
}

QByteArray quotedPrintable(const QByteArray &text)
{
    static const char hex[] = "0123456789ABCDEF";
    QByteArray out;
    const QByteArrayList lines = text.split('\n');
    for (qsizetype l = 0; l < lines.size(); ++l) {
        QByteArray line = lines.at(l);
        const bool hardBreak = l + 1 < lines.size();
        if (hardBreak && line.endsWith('\r'))
            line.chop(1);
        qsizetype width = 0;
        for (qsizetype i = 0; i < line.size(); ++i) {
            const uchar c = uchar(line.at(i));
            const bool last = i + 1 == line.size();
            const bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
            const char escaped[3] = {'=', hex[c >> 4], hex[c & 15]};
            const QByteArray piece = literal ? QByteArray(1, char(c)) : QByteArray(escaped, 3);
            if (width + piece.size() > 75) {
                out += "=\r\n";
                width = 0;
            }
            out += piece;
            width += piece.size();
        }
        if (hardBreak)
            out += "\r\n";
    }
    if (!text.endsWith('\n'))
        out += "=\r\n";
    return out;
}

QByteArray base64Lines(const QByteArray &data)
{
    const QByteArray encoded = data.toBase64();
    QByteArrayList lines;
    for (qsizetype i = 0; i < encoded.size(); i += 76)
        lines.append(encoded.mid(i, 76));
    return lines.join("\r\n");
}

bool isSevenBit(const QByteArray &data)
{
    qsizetype lineLength = 0;
    for (qsizetype i = 0; i < data.size(); ++i) {
        const uchar c = uchar(data.at(i));
        if (c == 0 || c > 127)
            return false;
        if (c == '\r') {
            if (i + 1 >= data.size() || data.at(i + 1) != '\n')
                return false;
        } else if (c == '\n') {
            if (i == 0 || data.at(i - 1) != '\r')
                return false;
            lineLength = 0;
            continue;
        } else if (++lineLength > 998) {
            return false;
        }
    }
    return true;
}

} // namespace Api::MimeWriter
