#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <functional>

// An HTML document parsed by Gumbo (an HTML5 parser), walked as plain values. Offsets are
// octets into the bytes given, which Gumbo reads as UTF-8: a part in another charset is given
// as it is, so the offsets stay exact (tags, attributes and CSS are ASCII; text in another
// charset only comes out with replacement characters, which the checks never look at). Pure.
namespace HtmlCheck {

struct HtmlAttribute
{
    QByteArray name;            // lower case
    QByteArray value;           // entities decoded
    qsizetype begin = 0;        // the name's first octet
    qsizetype end = 0;          // after the value (and its closing quote)
    qsizetype valueBegin = 0;   // the value's first octet, inside its quotes
    qsizetype valueEnd = 0;
    bool valueAsWritten = false; // value is exactly the octets [valueBegin, valueEnd)
};

struct HtmlElement
{
    QByteArray tag;             // lower case
    qsizetype begin = 0;        // the start tag, "<" to ">"; begin == end when the parser implied it
    qsizetype end = 0;
    bool hasEndTag = false;     // an end tag was written for it
    int depth = 0;              // 0 for <html>
    QList<HtmlAttribute> attributes;
    // The text of a <style> or <script> element as written, and where it starts.
    QByteArrayView rawText;
    qsizetype rawTextBegin = 0;

    const HtmlAttribute *attribute(QByteArrayView name) const;
    bool isWritten() const { return end > begin; }
};

// Calls visit for every element in document order (pre-order), without recursion, so any depth
// of nesting is safe. html must stay alive during the call.
void walkHtml(QByteArrayView html, const std::function<void(const HtmlElement &)> &visit);

} // namespace HtmlCheck
