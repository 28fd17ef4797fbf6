#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// A CSS tokenizer following CSS Syntax Level 3, section 4 ("Tokenization"), over UTF-8 bytes.
// Offsets are octets into the input, so a token maps back to the bytes it came from; the
// input is not preprocessed (CR, FF and CR LF count as newlines where they are read), which
// keeps those offsets exact. Comments are consumed, as the spec says, but counted. Pure.
namespace HtmlCheck {

enum class CssTokenType {
    Ident, Function, AtKeyword, Hash, String, BadString, Url, BadUrl, Delim,
    Number, Percentage, Dimension, Whitespace, Cdo, Cdc, Colon, Semicolon, Comma,
    OpenSquare, CloseSquare, OpenParen, CloseParen, OpenCurly, CloseCurly,
};

struct CssToken
{
    CssTokenType type = CssTokenType::Delim;
    // The token's value with escapes resolved: the name of an ident, function, at-keyword or
    // hash, the text of a string or url, the unit of a dimension; empty otherwise.
    QByteArray value;
    double number = 0;          // number, percentage, dimension
    bool integer = false;       // the number's type flag is "integer"
    bool hashIsId = false;      // a hash token whose type flag is "id"
    char delim = 0;             // a delim token's code point when it is ASCII, else 0
    qsizetype begin = 0;        // [begin, end) into the input
    qsizetype end = 0;

    bool is(CssTokenType t) const { return type == t; }
    // An ident, function or at-keyword whose name is name (ASCII case-insensitive).
    bool isNamed(CssTokenType t, QByteArrayView name) const;
};

struct CssTokens
{
    QList<CssToken> tokens;
    int comments = 0;
};

CssTokens tokenizeCss(QByteArrayView input);

} // namespace HtmlCheck
