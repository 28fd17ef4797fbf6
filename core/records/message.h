#pragma once

#include "defect.h"
#include "envelope.h"
#include "spoolfile.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace Records {

// Bits of messages.flags.
constexpr int kFlagTls = 0x1;      // received over TLS
constexpr int kFlagSeen = 0x2;     // the user has looked at it (unread until then)

// A message's list columns. Times in microseconds (clock.h).
struct MessageSummary
{
    qint64 id = 0;
    qint64 sessionId = 0;
    qint64 receivedUs = 0;
    QByteArray mailFrom;
    QList<QByteArray> recipients;
    QString headerFrom;
    QString headerTo;
    QString subject;
    QString date;
    qint64 size = 0;
    int attachments = 0;
    bool hasHtml = false;
    QByteArray authUser;
    bool tls = false;
    QStringList faultRules;     // fault rules that fired for this message's transaction
    int flags = 0;              // kFlag bits as stored
    int lint = -1;              // SMTP defects plus MIME warnings and errors; -1 not analysed
    QString messageId;          // Message-ID without its angle brackets; empty when absent
    // The raw, unfolded, undecoded values of From, To, Cc, Bcc, Reply-To and Return-Path (the
    // first field of each that is present), as a JSON object keyed by those names; octets
    // that are not UTF-8 are read as Latin-1. Empty for messages stored before schema 11.
    QByteArray addressHeaders;
    QString snippet;            // the start of the text, whitespace collapsed; null until analysed
    QStringList tags;           // sorted case-insensitively (Records::Tags)
};

// A message on its way to the writer, with everything stored beside its bytes.
struct MessageRecord
{
    quint64 token = 0;
    quint64 sessionToken = 0;   // 0 for imported messages
    MessageSummary summary;
    Envelope envelope;
    QByteArray helo;
    QString clientAddress;
    quint16 clientPort = 0;
    QString serverAddress;
    quint16 serverPort = 0;
    QByteArray raw;             // exactly as received; empty when spooled
    SpoolFile spool;            // or: the bytes in a spool file, which the writer moves into the database
    // The list columns (From, To, subject, attachments, ...) are still to be computed from raw:
    // the writer does it on its thread, so no MIME parse runs on the network thread.
    bool summaryPending = false;
    Defects defects;            // found in this message's data
    qint64 dataLines = 0;
    QString source = QStringLiteral("smtp");
    QString dataNote;           // transcript line that stands for the data, linked to the message
    // A message that came without an SMTP session (POST /api/v1/send) brings one of its own:
    // the writer starts it (sessionToken, the addresses above), writes these notes, stores the
    // message in it and ends it, in one commit.
    bool ownSession = false;
    QList<QByteArray> sessionNotes;

    qint64 rawSize() const { return spool ? spool.size() : raw.size(); }
};

// The writer's answer for one message: stored with an id, or an error.
struct StoredAck
{
    quint64 messageToken = 0;
    qint64 messageId = 0;       // 0 when not stored
    QString error;
};

} // namespace Records

Q_DECLARE_METATYPE(Records::MessageRecord)
Q_DECLARE_METATYPE(Records::MessageSummary)
