#pragma once

#include <QByteArray>
#include <QString>

// Encoders for writing a message: RFC 2047 words, RFC 5322 mailboxes, RFC 2045/2231
// parameters, quoted-printable and base64 bodies. Output uses CR LF line breaks. Pure.
namespace Api::MimeWriter {

// The text as is when it is printable ASCII, else as UTF-8 "B" encoded words (at most 75
// characters each, split between characters) separated by a folding break.
QByteArray headerText(const QString &text);

// "Name <addr>" (the name quoted or encoded as needed), or "addr" when the name is empty.
QByteArray mailbox(const QString &name, const QString &address);

// '; name="value"' for a parameter, '; name*=UTF-8''...' (RFC 2231) when value is not ASCII.
QByteArray parameter(const QByteArray &name, const QString &value);

// Line breaks of any kind as CR LF.
QByteArray crlfText(const QString &text);

// Quoted-printable of text whose line breaks are CR LF (they stay hard breaks); lines at most
// 76 characters, trailing blanks encoded. Ends with a soft break when the text does not end
// with a line break, so the encoded body can be followed by one without changing the text.
QByteArray quotedPrintable(const QByteArray &text);

// Base64 in lines of 76 characters, without a final line break.
QByteArray base64Lines(const QByteArray &data);

// True when data can go as 7bit: ASCII without NUL, bare CR or LF, lines at most 998 octets.
bool isSevenBit(const QByteArray &data);

} // namespace Api::MimeWriter
