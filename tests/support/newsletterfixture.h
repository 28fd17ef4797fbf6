#pragma once

#include <QByteArray>

// A newsletter-like HTML body of at least minSize octets: a <style> block with a media query,
// then one table row per block with inline styles (display:flex, border-radius, a background
// image) and an image. blocks, when given, receives the number of rows.
// Quoted-printable with "=" escaped and a soft line break before a line would pass width.
inline QByteArray quotedPrintableLines(const QByteArray &in, int width)
{
    QByteArray out;
    int column = 0;
    for (char c : in) {
        if (c == '\r' || c == '\n') {
            out += c;
            column = 0;
            continue;
        }
        const QByteArray unit = c == '=' ? QByteArray("=3D") : QByteArray(1, c);
        if (column + unit.size() > width) {
            out += "=\r\n";
            column = 0;
        }
        out += unit;
        column += int(unit.size());
    }
    return out;
}

inline QByteArray largeNewsletterHtml(qsizetype minSize, int *blocks = nullptr)
{
    QByteArray html = "<!DOCTYPE html><html><head><style>@media (max-width:600px){.c{display:block!important}}"
                      ".b:hover{color:#00f}</style></head><body><table width=\"600\">\r\n";
    const QByteArray row =
        "<tr><td class=\"c\" style=\"padding:12px;border-radius:6px;background-image:url(https://example.com/bg.png)\">"
        "<div style=\"display:flex;gap:8px\"><a class=\"b\" href=\"https://example.com/item?id=1\" "
        "style=\"background-color:rgb(0,120,200);color:#fff;padding:8px 16px\">Read more</a>"
        "<img src=\"https://example.com/p.gif\" width=\"100\" alt=\"\"></div>Lorem ipsum dolor sit amet, "
        "consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.</td></tr>\r\n";
    int count = 0;
    while (html.size() < minSize) {
        html += row;
        ++count;
    }
    html += "</table></body></html>\r\n";
    if (blocks)
        *blocks = count;
    return html;
}
