#pragma once

#include "mime/parsedmessage.h"

#include <QList>
#include <QString>
#include <QStringList>

// Every link and image source of a message: in its HTML (anchors, areas, images, linked style
// sheets, background attributes, CSS url() and @import), in its text parts (http and https
// URLs) and in its List-Unsubscribe header, each with where it is in the raw message; and the
// form of List-Unsubscribe and List-Unsubscribe-Post (RFC 2369, RFC 8058). Pure, any thread.
namespace HtmlCheck {

enum class LinkSource {
    HtmlAnchor,         // <a href>, <area href>
    HtmlImage,          // <img src>
    HtmlStylesheet,     // <link rel=stylesheet href>
    HtmlOtherLink,      // other <link href> (icons, prefetch, ...)
    HtmlBackground,     // the background attribute
    CssUrl,             // url() in a style attribute or a <style> block
    CssImport,          // @import "..." in a <style> block
    TextPart,           // an http(s) URL in a text/plain part
    ListUnsubscribe,    // a URI of the List-Unsubscribe header
};

struct Link
{
    QString url;                // as written, entities decoded
    LinkSource source = LinkSource::HtmlAnchor;
    QString partPath;           // the part it is in; empty for a header
    Mime::ByteRange raw;        // where it is in the raw message
};

enum class UnsubscribeProblem {
    NoLinks,                    // List-Unsubscribe holds no <URI>
    NotBracketed,               // text outside <...> other than commas and blanks (RFC 2369 §2)
    UnknownScheme,              // neither mailto:, http: nor https:
    SpaceInUri,                 // a URI with blanks in it
    Repeated,                   // more than one List-Unsubscribe field
    PostWithoutHeader,          // List-Unsubscribe-Post without List-Unsubscribe (RFC 8058 §3.1)
    PostValueWrong,             // List-Unsubscribe-Post other than "List-Unsubscribe=One-Click"
    PostWithoutHttps,           // one-click without an https URI (RFC 8058 §3.1)
    PostNotSigned,              // no DKIM signature covers both fields (RFC 8058 §4)
};

struct UnsubscribeFinding
{
    UnsubscribeProblem problem = UnsubscribeProblem::NoLinks;
    Mime::ByteRange raw;        // the header field it is about
    QString detail;             // the URI or value concerned; empty when none
};

struct LinksReport
{
    QList<Link> links;          // HTML first, then text parts, then the header; in order
    QList<UnsubscribeFinding> unsubscribe;
    bool oneClick = false;      // List-Unsubscribe-Post asks for RFC 8058 one-click
};

LinksReport collectLinks(const QByteArray &raw, const Mime::ParsedMessage &message);

// What Mailpit's link check tests: the distinct http(s) URLs of anchors, linked style sheets,
// images and text parts, in order.
QStringList mailpitCheckedUrls(const LinksReport &report);
// Every distinct http(s) URL listed.
QStringList httpUrls(const LinksReport &report);

QString describe(LinkSource source);                      // "anchor", "image", ...
QString describe(const UnsubscribeFinding &finding);      // one sentence

} // namespace HtmlCheck
