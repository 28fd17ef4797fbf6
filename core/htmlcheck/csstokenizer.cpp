#include "csstokenizer.h"

#include <cmath>

namespace HtmlCheck {

namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr char32_t kMaxCodePoint = 0x10FFFF;

bool isNewline(char c) { return c == '\n' || c == '\r' || c == '\f'; }
bool isWhitespace(char c) { return c == ' ' || c == '\t' || isNewline(c); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isNonAscii(char c) { return static_cast<unsigned char>(c) >= 0x80; }
bool isIdentStart(char c) { return isLetter(c) || isNonAscii(c) || c == '_'; }
bool isIdent(char c) { return isIdentStart(c) || isDigit(c) || c == '-'; }
bool isNonPrintable(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x08 || u == 0x0B || (u >= 0x0E && u <= 0x1F) || u == 0x7F;
}

void appendUtf8(QByteArray &out, char32_t cp)
{
    if (cp < 0x80) {
        out.append(char(cp));
    } else if (cp < 0x800) {
        out.append(char(0xC0 | (cp >> 6)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.append(char(0xE0 | (cp >> 12)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else {
        out.append(char(0xF0 | (cp >> 18)));
        out.append(char(0x80 | ((cp >> 12) & 0x3F)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    }
}

class Tokenizer
{
public:
    explicit Tokenizer(QByteArrayView input) : m_in(input) {}

    CssTokens run()
    {
        CssTokens out;
        // Most CSS yields a token every few octets.
        out.tokens.reserve(m_in.size() / 4 + 1);
        while (true) {
            skipComments(out.comments);
            if (m_pos >= m_in.size())
                break;
            out.tokens.append(next());
        }
        return out;
    }

private:
    char at(qsizetype i) const { return i < m_in.size() ? m_in[i] : '\0'; }
    bool atEnd(qsizetype i) const { return i >= m_in.size(); }

    // §4.3.2: "/*" up to the first "*/" or the end.
    void skipComments(int &count)
    {
        while (at(m_pos) == '/' && at(m_pos + 1) == '*') {
            ++count;
            const qsizetype close = m_in.indexOf(QByteArrayView("*/"), m_pos + 2);
            m_pos = close < 0 ? m_in.size() : close + 2;
        }
    }

    // §4.3.8: a backslash followed by anything but a newline (or the end).
    bool validEscape(qsizetype i) const { return at(i) == '\\' && !atEnd(i + 1) && !isNewline(at(i + 1)); }

    // §4.3.9
    bool startsIdent(qsizetype i) const
    {
        const char c = at(i);
        if (atEnd(i))
            return false;
        if (c == '-')
            return (!atEnd(i + 1) && (isIdentStart(at(i + 1)) || at(i + 1) == '-')) || validEscape(i + 1);
        if (isIdentStart(c))
            return true;
        return validEscape(i);
    }

    // §4.3.10
    bool startsNumber(qsizetype i) const
    {
        const char c = at(i);
        if (c == '+' || c == '-') {
            if (isDigit(at(i + 1)))
                return true;
            return at(i + 1) == '.' && isDigit(at(i + 2));
        }
        if (c == '.')
            return isDigit(at(i + 1));
        return isDigit(c) && !atEnd(i);
    }

    // §4.3.7, with m_pos just after the backslash.
    void consumeEscape(QByteArray &out)
    {
        if (atEnd(m_pos)) {
            appendUtf8(out, kReplacement);
            return;
        }
        if (isHex(at(m_pos))) {
            char32_t cp = 0;
            int digits = 0;
            while (digits < 6 && isHex(at(m_pos)) && !atEnd(m_pos)) {
                const char c = at(m_pos++);
                cp = cp * 16 + char32_t(isDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
                ++digits;
            }
            if (at(m_pos) == '\r' && at(m_pos + 1) == '\n')
                m_pos += 2;
            else if (isWhitespace(at(m_pos)) && !atEnd(m_pos))
                ++m_pos;
            if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > kMaxCodePoint)
                cp = kReplacement;
            appendUtf8(out, cp);
            return;
        }
        out.append(at(m_pos++));
    }

    // §4.3.11
    QByteArray consumeName()
    {
        QByteArray out;
        while (!atEnd(m_pos)) {
            const char c = at(m_pos);
            if (isIdent(c)) {
                out.append(c);
                ++m_pos;
            } else if (validEscape(m_pos)) {
                ++m_pos;
                consumeEscape(out);
            } else {
                break;
            }
        }
        return out;
    }

    // §4.3.12: the value and whether its type is integer.
    double consumeNumber(bool &integer)
    {
        const qsizetype start = m_pos;
        integer = true;
        if (at(m_pos) == '+' || at(m_pos) == '-')
            ++m_pos;
        while (isDigit(at(m_pos)) && !atEnd(m_pos))
            ++m_pos;
        if (at(m_pos) == '.' && isDigit(at(m_pos + 1))) {
            m_pos += 2;
            integer = false;
            while (isDigit(at(m_pos)) && !atEnd(m_pos))
                ++m_pos;
        }
        const char e = at(m_pos);
        if ((e == 'e' || e == 'E')
            && (isDigit(at(m_pos + 1)) || ((at(m_pos + 1) == '+' || at(m_pos + 1) == '-') && isDigit(at(m_pos + 2))))) {
            m_pos += (isDigit(at(m_pos + 1)) ? 1 : 2);
            integer = false;
            while (isDigit(at(m_pos)) && !atEnd(m_pos))
                ++m_pos;
        }
        bool ok = false;
        const double value = m_in.sliced(start, m_pos - start).toByteArray().toDouble(&ok);
        return ok ? value : 0;
    }

    // §4.3.3
    CssToken consumeNumeric(qsizetype begin)
    {
        CssToken t;
        t.number = consumeNumber(t.integer);
        if (startsIdent(m_pos)) {
            t.type = CssTokenType::Dimension;
            t.value = consumeName();
        } else if (at(m_pos) == '%' && !atEnd(m_pos)) {
            ++m_pos;
            t.type = CssTokenType::Percentage;
        } else {
            t.type = CssTokenType::Number;
        }
        return finish(t, begin);
    }

    // §4.3.6, with m_pos after "url(" and the whitespace after it.
    CssToken consumeUrl(qsizetype begin)
    {
        CssToken t;
        t.type = CssTokenType::Url;
        while (isWhitespace(at(m_pos)) && !atEnd(m_pos))
            ++m_pos;
        while (true) {
            if (atEnd(m_pos))
                return finish(t, begin);
            const char c = at(m_pos);
            if (c == ')') {
                ++m_pos;
                return finish(t, begin);
            }
            if (isWhitespace(c)) {
                while (isWhitespace(at(m_pos)) && !atEnd(m_pos))
                    ++m_pos;
                if (atEnd(m_pos))
                    return finish(t, begin);
                if (at(m_pos) == ')') {
                    ++m_pos;
                    return finish(t, begin);
                }
                return consumeBadUrl(begin);
            }
            if (c == '"' || c == '\'' || c == '(' || isNonPrintable(c))
                return consumeBadUrl(begin);
            if (c == '\\') {
                if (!validEscape(m_pos))
                    return consumeBadUrl(begin);
                ++m_pos;
                consumeEscape(t.value);
                continue;
            }
            t.value.append(c);
            ++m_pos;
        }
    }

    // §4.3.14: the remnants of a bad url, up to ")" or the end.
    CssToken consumeBadUrl(qsizetype begin)
    {
        while (!atEnd(m_pos)) {
            if (at(m_pos) == ')') {
                ++m_pos;
                break;
            }
            if (validEscape(m_pos)) {
                ++m_pos;
                QByteArray ignored;
                consumeEscape(ignored);
            } else {
                ++m_pos;
            }
        }
        CssToken t;
        t.type = CssTokenType::BadUrl;
        return finish(t, begin);
    }

    // §4.3.4
    CssToken consumeIdentLike(qsizetype begin)
    {
        CssToken t;
        t.value = consumeName();
        if (t.value.compare(QByteArrayView("url"), Qt::CaseInsensitive) == 0 && at(m_pos) == '(') {
            ++m_pos;
            while (isWhitespace(at(m_pos)) && isWhitespace(at(m_pos + 1)))
                ++m_pos;
            const char c = at(m_pos);
            const char d = at(m_pos + 1);
            if (c == '"' || c == '\'' || (isWhitespace(c) && (d == '"' || d == '\''))) {
                t.type = CssTokenType::Function;
                return finish(t, begin);
            }
            return consumeUrl(begin);
        }
        if (at(m_pos) == '(' && !atEnd(m_pos)) {
            ++m_pos;
            t.type = CssTokenType::Function;
            return finish(t, begin);
        }
        t.type = CssTokenType::Ident;
        return finish(t, begin);
    }

    // §4.3.5, with m_pos after the opening quote.
    CssToken consumeString(char quote, qsizetype begin)
    {
        CssToken t;
        t.type = CssTokenType::String;
        while (!atEnd(m_pos)) {
            const char c = at(m_pos);
            if (c == quote) {
                ++m_pos;
                return finish(t, begin);
            }
            if (isNewline(c)) {
                t.type = CssTokenType::BadString; // the newline is not consumed
                return finish(t, begin);
            }
            if (c == '\\') {
                if (atEnd(m_pos + 1)) {
                    ++m_pos;
                    continue;
                }
                if (isNewline(at(m_pos + 1))) {
                    m_pos += (at(m_pos + 1) == '\r' && at(m_pos + 2) == '\n') ? 3 : 2;
                    continue;
                }
                ++m_pos;
                consumeEscape(t.value);
                continue;
            }
            t.value.append(c);
            ++m_pos;
        }
        return finish(t, begin);
    }

    CssToken simple(CssTokenType type, qsizetype begin, qsizetype length = 1)
    {
        m_pos = begin + length;
        CssToken t;
        t.type = type;
        return finish(t, begin);
    }

    CssToken delim(qsizetype begin)
    {
        CssToken t;
        t.type = CssTokenType::Delim;
        const char c = at(begin);
        t.delim = isNonAscii(c) ? 0 : c;
        m_pos = begin + 1;
        if (isNonAscii(c)) {
            // One whole UTF-8 sequence is one code point.
            while (!atEnd(m_pos) && (static_cast<unsigned char>(at(m_pos)) & 0xC0) == 0x80)
                ++m_pos;
        }
        return finish(t, begin);
    }

    CssToken finish(CssToken &t, qsizetype begin)
    {
        t.begin = begin;
        t.end = m_pos;
        return std::move(t);
    }

    // §4.3.1
    CssToken next()
    {
        const qsizetype begin = m_pos;
        const char c = at(m_pos);
        if (isWhitespace(c)) {
            while (isWhitespace(at(m_pos)) && !atEnd(m_pos))
                ++m_pos;
            CssToken t;
            t.type = CssTokenType::Whitespace;
            return finish(t, begin);
        }
        switch (c) {
        case '"':
        case '\'':
            ++m_pos;
            return consumeString(c, begin);
        case '#':
            if ((!atEnd(m_pos + 1) && isIdent(at(m_pos + 1))) || validEscape(m_pos + 1)) {
                ++m_pos;
                CssToken t;
                t.type = CssTokenType::Hash;
                t.hashIsId = startsIdent(m_pos);
                t.value = consumeName();
                return finish(t, begin);
            }
            return delim(begin);
        case '(': return simple(CssTokenType::OpenParen, begin);
        case ')': return simple(CssTokenType::CloseParen, begin);
        case '[': return simple(CssTokenType::OpenSquare, begin);
        case ']': return simple(CssTokenType::CloseSquare, begin);
        case '{': return simple(CssTokenType::OpenCurly, begin);
        case '}': return simple(CssTokenType::CloseCurly, begin);
        case ',': return simple(CssTokenType::Comma, begin);
        case ':': return simple(CssTokenType::Colon, begin);
        case ';': return simple(CssTokenType::Semicolon, begin);
        case '+':
        case '.':
            return startsNumber(m_pos) ? consumeNumeric(begin) : delim(begin);
        case '-':
            if (startsNumber(m_pos))
                return consumeNumeric(begin);
            if (at(m_pos + 1) == '-' && at(m_pos + 2) == '>')
                return simple(CssTokenType::Cdc, begin, 3);
            if (startsIdent(m_pos))
                return consumeIdentLike(begin);
            return delim(begin);
        case '<':
            if (m_in.sliced(m_pos).startsWith(QByteArrayView("<!--")))
                return simple(CssTokenType::Cdo, begin, 4);
            return delim(begin);
        case '@':
            if (startsIdent(m_pos + 1)) {
                ++m_pos;
                CssToken t;
                t.type = CssTokenType::AtKeyword;
                t.value = consumeName();
                return finish(t, begin);
            }
            return delim(begin);
        case '\\':
            return validEscape(m_pos) ? consumeIdentLike(begin) : delim(begin);
        default:
            break;
        }
        if (isDigit(c))
            return consumeNumeric(begin);
        if (isIdentStart(c))
            return consumeIdentLike(begin);
        return delim(begin);
    }

    QByteArrayView m_in;
    qsizetype m_pos = 0;
};

} // namespace

bool CssToken::isNamed(CssTokenType t, QByteArrayView name) const
{
    return type == t && value.compare(name, Qt::CaseInsensitive) == 0;
}

CssTokens tokenizeCss(QByteArrayView input)
{
    return Tokenizer(input).run();
}

} // namespace HtmlCheck
