#pragma once

#include "mime/parsedmessage.h"
#include "records/address.h"
#include "records/message.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// Mailpit's JSON objects for one message (API v1: Message, MessageSummary, the headers map,
// Address, Attachment), built from the raw bytes and the store's summary. Pure, any thread.
namespace Api {

// Times as the API writes them: RFC 3339, UTC, milliseconds ("2026-12-07T10:11:12.345Z").
QString apiTime(const QDateTime &time);
QString apiTimeFromUs(qint64 microseconds);

// {"Name", "Address"}
QJsonObject toJson(const Records::Address &address);
QJsonArray toJson(const QList<Records::Address> &addresses);

// Mailpit's Bcc list: the Bcc header's mailboxes, then each envelope recipient that none of
// To, Cc and Bcc names (compared without case), which is how its SMTP server shows who got a
// message secretly.
QList<Records::Address> blindRecipients(const QList<Records::Address> &to, const QList<Records::Address> &cc,
                                        const QList<Records::Address> &bcc, const QList<QByteArray> &envelopeRecipients);

// The Message object (GET /api/v1/message/{ID}). summary gives ID, received time (the Date when
// the message has none), the envelope (Return-Path, hidden recipients) and the user; tags are
// the message's tags. message must be Mime::parse(raw).
QJsonObject messageJson(const QByteArray &raw, const Mime::ParsedMessage &message,
                        const Records::MessageSummary &summary, const QStringList &tags);
QJsonObject messageJson(const QByteArray &raw, const Records::MessageSummary &summary, const QStringList &tags);

// The headers object (GET /api/v1/message/{ID}/headers) of the top header section, as Mailpit
// reads it with Go's net/mail: names in canonical case ("Message-Id"), each value unfolded
// (lines trimmed and joined with a space) but not decoded, duplicates in order; keys sorted.
QJsonObject headersJson(const QByteArray &raw);

// What a MessageSummary object needs beyond Records::MessageSummary's columns; filled from
// the message today (summaryFields) and from store columns once there are some.
struct SummaryFields
{
    QString messageId;                  // without angle brackets
    std::optional<Records::Address> from;
    QList<Records::Address> to, cc, bcc, replyTo; // bcc as blindRecipients gives it
    QString snippet;                    // snippetOf (htmltext.h)
    QStringList tags;
};
SummaryFields summaryFields(const QByteArray &raw, const Mime::ParsedMessage &message, const Records::MessageSummary &summary);

// The MessageSummary object (message lists, searches, the "new" event).
QJsonObject summaryJson(const Records::MessageSummary &summary, const SummaryFields &fields);

} // namespace Api
