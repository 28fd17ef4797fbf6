#include "cssstructure.h"

namespace HtmlCheck {

namespace {

using T = CssTokenType;

// At-rules whose block holds rules rather than declarations.
bool holdsRules(const QByteArray &name)
{
    static const QByteArrayView kGrouping[] = {"media", "supports", "document", "-moz-document", "layer",
                                               "container", "scope", "keyframes", "-webkit-keyframes"};
    for (QByteArrayView g : kGrouping) {
        if (name == g)
            return true;
    }
    return false;
}

bool holdsDeclarations(const QByteArray &name)
{
    return name == "font-face" || name == "page" || name == "counter-style" || name == "property"
           || name == "viewport" || name == "-ms-viewport";
}

T closerOf(T open)
{
    switch (open) {
    case T::OpenCurly: return T::CloseCurly;
    case T::OpenSquare: return T::CloseSquare;
    default: return T::CloseParen;
    }
}

bool opens(T t) { return t == T::OpenCurly || t == T::OpenSquare || t == T::OpenParen || t == T::Function; }

class Reader
{
public:
    Reader(const CssTokens &tokens, CssStructure &out) : m_t(tokens.tokens), m_out(out) {}

    // §5.4.1, over [i, end); top level or the inside of a grouping rule's block.
    void rules(qsizetype i, qsizetype end)
    {
        while (i < end) {
            const CssToken &t = m_t[i];
            if (t.is(T::Whitespace) || t.is(T::Cdo) || t.is(T::Cdc) || t.is(T::Semicolon)) {
                ++i;
            } else if (t.is(T::AtKeyword)) {
                i = atRule(i, end);
            } else {
                i = qualifiedRule(i, end);
            }
        }
    }

    // §5.4.5 (and §5.4.6 for the nested rules it meets), over [i, end).
    void declarations(qsizetype i, qsizetype end)
    {
        while (i < end) {
            const CssToken &t = m_t[i];
            if (t.is(T::Whitespace) || t.is(T::Semicolon)) {
                ++i;
            } else if (t.is(T::AtKeyword)) {
                i = atRule(i, end);
            } else if (t.is(T::Ident)) {
                i = declaration(i, end);
            } else {
                i = skipToSemicolon(i, end);
            }
        }
    }

private:
    // The index after the block or function that opens at i (or end).
    qsizetype skipBlock(qsizetype i, qsizetype end) const
    {
        const T close = closerOf(m_t[i].type);
        ++i;
        while (i < end) {
            const T type = m_t[i].type;
            if (type == close)
                return i + 1;
            i = opens(type) ? skipBlock(i, end) : i + 1;
        }
        return end;
    }

    qsizetype skipToSemicolon(qsizetype i, qsizetype end) const
    {
        while (i < end && !m_t[i].is(T::Semicolon))
            i = opens(m_t[i].type) ? skipBlock(i, end) : i + 1;
        return i;
    }

    qsizetype atRule(qsizetype i, qsizetype end)
    {
        CssAtRule rule;
        rule.name = m_t[i].value.toLower();
        rule.begin = m_t[i].begin;
        const qsizetype preludeStart = i + 1;
        ++i;
        while (i < end && !m_t[i].is(T::Semicolon) && !m_t[i].is(T::OpenCurly))
            i = opens(m_t[i].type) ? skipBlock(i, end) : i + 1;
        rule.prelude = {preludeStart, i};
        qsizetype last = i;
        while (last > preludeStart && m_t[last - 1].is(T::Whitespace))
            --last;
        rule.end = m_t[last - 1].end; // the at-keyword itself when the prelude is empty
        m_out.atRules.append(rule);
        if (i >= end)
            return end;
        if (m_t[i].is(T::Semicolon))
            return i + 1;
        const qsizetype blockEnd = skipBlock(i, end);
        const qsizetype innerEnd = blockEnd > i + 1 && m_t[blockEnd - 1].is(T::CloseCurly) ? blockEnd - 1 : blockEnd;
        if (holdsRules(rule.name))
            rules(i + 1, innerEnd);
        else if (holdsDeclarations(rule.name))
            declarations(i + 1, innerEnd);
        return blockEnd;
    }

    qsizetype qualifiedRule(qsizetype i, qsizetype end)
    {
        const qsizetype preludeStart = i;
        while (i < end && !m_t[i].is(T::OpenCurly))
            i = opens(m_t[i].type) ? skipBlock(i, end) : i + 1;
        m_out.selectors.append({preludeStart, i});
        if (i >= end)
            return end;
        const qsizetype blockEnd = skipBlock(i, end);
        const qsizetype innerEnd = m_t[blockEnd - 1].is(T::CloseCurly) ? blockEnd - 1 : blockEnd;
        declarations(i + 1, innerEnd);
        return blockEnd;
    }

    // §5.4.6: name, optional whitespace, colon, value; "!important" at the end is taken off.
    qsizetype declaration(qsizetype i, qsizetype end)
    {
        CssDeclaration d;
        d.property = m_t[i].value.startsWith("--") ? m_t[i].value : m_t[i].value.toLower();
        d.begin = m_t[i].begin;
        qsizetype j = i + 1;
        while (j < end && m_t[j].is(T::Whitespace))
            ++j;
        if (j >= end || !m_t[j].is(T::Colon)) {
            // Not a declaration: a nested rule or garbage; skipped up to the next ";".
            return skipToSemicolon(i, end);
        }
        const qsizetype valueStart = j + 1;
        const qsizetype stop = skipToSemicolon(valueStart, end);
        qsizetype last = stop;
        while (last > valueStart && m_t[last - 1].is(T::Whitespace))
            --last;
        d.end = last > valueStart ? m_t[last - 1].end : m_t[j].end;
        if (last - valueStart >= 2 && m_t[last - 1].isNamed(T::Ident, "important")) {
            qsizetype bang = last - 2;
            while (bang > valueStart && m_t[bang].is(T::Whitespace))
                --bang;
            if (m_t[bang].is(T::Delim) && m_t[bang].delim == '!') {
                d.important = true;
                last = bang;
                while (last > valueStart && m_t[last - 1].is(T::Whitespace))
                    --last;
            }
        }
        qsizetype first = valueStart;
        while (first < last && m_t[first].is(T::Whitespace))
            ++first;
        d.value = {first, last};
        m_out.declarations.append(d);
        return stop;
    }

    const QList<CssToken> &m_t;
    CssStructure &m_out;
};

} // namespace

CssStructure readStyleSheet(const CssTokens &tokens)
{
    CssStructure out;
    Reader(tokens, out).rules(0, tokens.tokens.size());
    return out;
}

CssStructure readDeclarations(const CssTokens &tokens)
{
    CssStructure out;
    Reader(tokens, out).declarations(0, tokens.tokens.size());
    return out;
}

} // namespace HtmlCheck
