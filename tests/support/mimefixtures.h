#pragma once

#include "mime/parsedmessage.h"

#include <QByteArray>
#include <QFile>
#include <QString>

// Our own MIME fixtures (tests/data/mime), read as exact bytes.
inline QByteArray mimeFixture(const QString &name)
{
    QFile file(QStringLiteral(MAILSCOPE_TEST_DATA "/mime/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Builds a message from lines joined with CR LF, the way SMTP delivers it.
inline QByteArray crlf(std::initializer_list<const char *> lines)
{
    QByteArray out;
    for (const char *line : lines)
        out += QByteArray(line) + "\r\n";
    return out;
}

// A text part inside `depth` multiparts, each the only part of the one around it.
inline QByteArray nestedMultiparts(int depth)
{
    QByteArray raw = "From: a@example.org\r\n";
    for (int i = 0; i < depth; ++i)
        raw += "Content-Type: multipart/mixed; boundary=b" + QByteArray::number(i) + "\r\n\r\n--b" + QByteArray::number(i) + "\r\n";
    raw += "Content-Type: text/plain\r\n\r\ndeep\r\n";
    for (int i = depth - 1; i >= 0; --i)
        raw += "--b" + QByteArray::number(i) + "--\r\n";
    return raw;
}

// A text message inside `depth` message/rfc822 parts, each the whole body of the one around it.
inline QByteArray nestedMessages(int depth)
{
    QByteArray raw;
    for (int i = 0; i < depth; ++i)
        raw += "Subject: level " + QByteArray::number(i) + "\r\nContent-Type: message/rfc822\r\n\r\n";
    return raw + "Subject: inner\r\n\r\ndeep\r\n";
}

// One multipart/mixed holding `count` small text parts.
inline QByteArray manyParts(int count)
{
    QByteArray raw = "From: a@example.org\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n";
    for (int i = 0; i < count; ++i)
        raw += "--b\r\nContent-Type: text/plain\r\n\r\npart " + QByteArray::number(i) + "\r\n";
    raw += "--b--\r\n";
    return raw;
}

inline bool hasDiagnostic(const Mime::ParsedMessage &m, const char *code)
{
    for (const Mime::Diagnostic &d : m.diagnostics) {
        if (d.code == QLatin1String(code))
            return true;
    }
    return false;
}

// A message as mail clients send one with a picture in the HTML and a file attached:
// mixed(related(alternative(text, html), image), pdf). Mailpit's PartIDs: related "1.0",
// alternative "1.1.0", text "1.1.1", html "1.1.2", image "1.2", pdf "2".
inline QByteArray relatedWithAttachment()
{
    return crlf({
        "From: =?UTF-8?Q?J=C3=BCrgen?= <j@example.org>",
        "To: Ann <ann@example.org>, bob@example.org",
        "Cc: carol@example.org",
        "Reply-To: replies@example.org",
        "Subject: =?UTF-8?B?R3LDvMOfZQ==?= from the test",
        "Date: Mon, 07 Dec 2026 11:11:12 +0100",
        "Message-ID: <abc@example.org>",
        "List-Unsubscribe: <mailto:unsub@example.org>, <https://example.org/unsub>",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"mixed\"",
        "",
        "--mixed",
        "Content-Type: multipart/related; boundary=\"related\"",
        "",
        "--related",
        "Content-Type: multipart/alternative; boundary=\"alt\"",
        "",
        "--alt",
        "Content-Type: text/plain; charset=iso-8859-1",
        "Content-Transfer-Encoding: quoted-printable",
        "",
        "Gr=FC=DFe",
        "--alt",
        "Content-Type: text/html; charset=utf-8",
        "",
        "<p>Hi <img src=\"cid:logo@example.org\"> <img src='CID:logo@example.org'/> cid:logo@example.org",
        "<img src=\"cid:logo@example.orgX\"></p>",
        "--alt--",
        "--related",
        "Content-Type: image/gif",
        "Content-ID: <logo@example.org>",
        "Content-Disposition: inline; filename=\"logo.gif\"",
        "Content-Transfer-Encoding: base64",
        "",
        "R0lGODlh",
        "--related--",
        "--mixed",
        "Content-Type: application/pdf; name=\"report.pdf\"",
        "Content-Disposition: attachment; filename=\"report.pdf\"",
        "Content-Transfer-Encoding: base64",
        "",
        "JVBERi0xLjQK",
        "--mixed--",
    });
}
