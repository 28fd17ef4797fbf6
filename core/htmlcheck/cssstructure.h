#pragma once

#include "csstokenizer.h"

#include <QByteArray>
#include <QList>

// The structure of CSS as far as the compatibility check needs it, read from the tokens the
// way CSS Syntax Level 3 §5 consumes a stylesheet and a list of declarations: at-rules with
// their prelude, qualified rules (selectors) and declarations. Blocks of @media, @supports and
// other grouping rules are read as rules; @font-face and @page as declarations; others skipped.
// Offsets are those of the tokens. Pure.
namespace HtmlCheck {

// A span of tokens [first, last) in CssTokens::tokens.
struct TokenSpan
{
    qsizetype first = 0;
    qsizetype last = 0;
};

struct CssDeclaration
{
    QByteArray property;        // lower case; custom properties ("--x") as written
    TokenSpan value;            // the value's tokens, without "!important"
    bool important = false;
    qsizetype begin = 0;        // from the property's first octet
    qsizetype end = 0;          // to the value's last octet (or "important")
};

struct CssAtRule
{
    QByteArray name;            // lower case, without "@"
    TokenSpan prelude;
    qsizetype begin = 0;        // the at-keyword
    qsizetype end = 0;          // the end of the prelude
};

struct CssStructure
{
    QList<CssAtRule> atRules;
    QList<TokenSpan> selectors; // the preludes of qualified rules (keyframe selectors included)
    QList<CssDeclaration> declarations;
};

// A style sheet (the text of a <style> element, or a linked sheet).
CssStructure readStyleSheet(const CssTokens &tokens);
// A list of declarations (a style attribute).
CssStructure readDeclarations(const CssTokens &tokens);

} // namespace HtmlCheck
