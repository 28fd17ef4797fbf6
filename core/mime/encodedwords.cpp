#include "encodedwords.h"

#include "charset.h"
#include "transferdecoding.h"

#include <QList>

namespace Mime {

namespace {

struct Word
{
    qsizetype begin = 0;        // of "=?" in the value
    qsizetype end = 0;          // after "?="
    QByteArray charset;         // without an RFC 2231 language suffix
    QByteArray bytes;           // decoded octets
};

// "=?" charset "?" (B|Q) "?" text "?=" at pos, text without blanks or "?" (RFC 2047 2).
bool wordAt(QByteArrayView v, qsizetype pos, Word *word)
{
    if (!v.sliced(pos).startsWith("=?"))
        return false;
    const qsizetype q1 = v.indexOf('?', pos + 2);
    if (q1 < 0 || q1 + 3 >= v.size() || v[q1 + 2] != '?')
        return false;
    const char encoding = v[q1 + 1];
    if (encoding != 'B' && encoding != 'b' && encoding != 'Q' && encoding != 'q')
        return false;
    const qsizetype textBegin = q1 + 3;
    const qsizetype close = v.indexOf("?=", textBegin);
    if (close < 0)
        return false;
    const QByteArrayView charset = v.sliced(pos + 2, q1 - pos - 2);
    const QByteArrayView text = v.sliced(textBegin, close - textBegin);
    for (char c : charset) {
        if (c == ' ' || c == '\t')
            return false;
    }
    for (char c : text) {
        if (c == ' ' || c == '\t')
            return false;
    }
    word->begin = pos;
    word->end = close + 2;
    const qsizetype star = charset.indexOf('*');
    word->charset = (star < 0 ? charset : charset.first(star)).toByteArray();
    if (encoding == 'B' || encoding == 'b') {
        word->bytes = decodeTransfer(text, TransferEncoding::Base64);
        return true;
    }
    word->bytes.clear();
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '_') {
            word->bytes.append(' ');
        } else if (c == '=' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 && hexValue(text[i + 2]) >= 0) {
            word->bytes.append(char(hexValue(text[i + 1]) << 4 | hexValue(text[i + 2])));
            i += 2;
        } else {
            word->bytes.append(c);
        }
    }
    return true;
}

QList<Word> findWords(QByteArrayView v)
{
    QList<Word> words;
    for (qsizetype pos = v.indexOf("=?"); pos >= 0; pos = v.indexOf("=?", pos)) {
        Word w;
        if (wordAt(v, pos, &w)) {
            words.append(w);
            pos = w.end;
        } else {
            pos += 2;
        }
    }
    return words;
}

bool onlyBlanks(QByteArrayView v)
{
    for (char c : v) {
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            return false;
    }
    return true;
}

QString plainText(QByteArrayView bytes)
{
    bool ascii = true;
    for (char c : bytes)
        ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii)
        return QString::fromLatin1(bytes);
    const TextDecoding utf8 = decodeCharset(bytes.toByteArray(), QStringLiteral("utf-8"));
    return utf8.clean ? utf8.text : decodeCharset(bytes.toByteArray(), QStringLiteral("windows-1252")).text;
}

// Stateful encodings (ISO-2022-*, UTF-7) switch modes inside each word; their words are
// decoded one by one. Others may split a multi-byte character across words.
bool joinable(const QByteArray &charset)
{
    return !charset.toLower().startsWith("iso-2022") && charset.compare("utf-7", Qt::CaseInsensitive) != 0;
}

// Runs of adjacent words in one charset, each run's octets joined where that is safe.
template<typename Emit, typename EmitText>
void walk(QByteArrayView v, Emit emitRun, EmitText emitText)
{
    const QList<Word> words = findWords(v);
    qsizetype pos = 0;
    for (qsizetype i = 0; i < words.size();) {
        emitText(v.sliced(pos, words[i].begin - pos));
        qsizetype j = i;
        QByteArray bytes = words[i].bytes;
        while (j + 1 < words.size() && joinable(words[i].charset)
               && onlyBlanks(v.sliced(words[j].end, words[j + 1].begin - words[j].end))
               && words[j + 1].charset.compare(words[i].charset, Qt::CaseInsensitive) == 0) {
            ++j;
            bytes += words[j].bytes;
        }
        emitRun(v.sliced(words[i].begin, words[j].end - words[i].begin), words[i].charset, bytes);
        pos = words[j].end;
        i = j + 1;
        // Blanks between runs in different charsets are dropped too (RFC 2047 6.2).
        if (i < words.size() && onlyBlanks(v.sliced(pos, words[i].begin - pos)))
            pos = words[i].begin;
    }
    emitText(v.sliced(pos));
}

} // namespace

QString decodeHeaderText(QByteArrayView value)
{
    if (!value.contains("=?"))
        return plainText(value);
    QString out;
    walk(
        value,
        [&](QByteArrayView written, const QByteArray &charset, const QByteArray &bytes) {
            const TextDecoding text = decodeCharset(bytes, QString::fromLatin1(charset));
            const TextDecoding utf8 = text.knownCharset ? text : decodeCharset(bytes, QStringLiteral("utf-8"));
            // A charset nobody knows: readable octets are shown, others stay as written.
            out += text.knownCharset ? text.text : (utf8.clean ? utf8.text : plainText(written));
        },
        [&](QByteArrayView text) { out += plainText(text); });
    return out;
}

QStringList widenedCharsets(QByteArrayView value)
{
    QStringList out;
    if (!value.contains("=?"))
        return out;
    walk(
        value,
        [&](QByteArrayView, const QByteArray &charset, const QByteArray &bytes) {
            const TextDecoding text = decodeCharset(bytes, QString::fromLatin1(charset));
            const QString said = QString::fromLatin1(charset) + QStringLiteral(" as ") + text.widenedTo;
            if (!text.widenedTo.isEmpty() && !out.contains(said))
                out.append(said);
        },
        [](QByteArrayView) {});
    return out;
}

QByteArray mergeEncodedWords(QByteArrayView value)
{
    bool ascii = true;
    for (char c : value)
        ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (!value.contains("=?") && ascii)
        return value.toByteArray();
    QByteArray out;
    walk(
        value,
        [&](QByteArrayView written, const QByteArray &charset, const QByteArray &bytes) {
            const TextDecoding text = decodeCharset(bytes, QString::fromLatin1(charset));
            if (text.knownCharset)
                out += "=?UTF-8?B?" + text.text.toUtf8().toBase64() + "?=";
            else
                out += written;
        },
        // Raw 8-bit text as everywhere else: UTF-8, or else windows-1252 (not GMime's guess).
        [&](QByteArrayView text) { out += plainText(text).toUtf8(); });
    return out;
}

} // namespace Mime
