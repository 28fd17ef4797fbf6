#include "longsession.h"

#include "recordfixtures.h"
#include "store/writer.h"

#include <QMutex>
#include <QObject>

namespace Test {

QByteArray longSessionSubject(int i)
{
    return "Bulk message " + QByteArray::number(i);
}

LongSession writeLongSession(Store::Writer &writer, int messages, bool quit)
{
    LongSession out;
    QMutex mutex;
    const QMetaObject::Connection watch = QObject::connect(
        &writer, &Store::Writer::committed, &writer,
        [&](const Records::CommitBatch &batch) {
            QMutexLocker lock(&mutex);
            for (const Records::SessionRecord &s : batch.started)
                out.sessionId = s.id;
            for (const Records::MessageSummary &m : batch.messages)
                out.messageIds.append(m.id);
        },
        Qt::DirectConnection);
    Records::SessionRecord session = sessionRecord();
    qint64 clock = session.startedUs;
    const auto line = [&](Records::LineKind kind, const QByteArray &data) {
        return Records::TranscriptLine{session.token, 0, 0, clock += 150, kind, data, 0};
    };
    using K = Records::LineKind;
    writer.startSession(session);
    writer.appendTranscript({line(K::Reply, "220 mailscope.test ESMTP\r\n"), line(K::Command, "EHLO bulk.example\r\n"),
                             line(K::Reply, "250-mailscope.test\r\n"), line(K::Reply, "250-PIPELINING\r\n"),
                             line(K::Reply, "250 8BITMIME\r\n")});
    for (int i = 0; i < messages; ++i) {
        const QByteArray rcpt = "user" + QByteArray::number(i % 7) + "@example.org";
        writer.appendTranscript({line(K::Command, "MAIL FROM:<bulk@example.com>\r\n"), line(K::Reply, "250 2.1.0 Ok\r\n"),
                                 line(K::Command, "RCPT TO:<" + rcpt + ">\r\n"), line(K::Reply, "250 2.1.5 Ok\r\n"),
                                 line(K::Command, "DATA\r\n"), line(K::Reply, "354 End data with <CR><LF>.<CR><LF>\r\n")});
        const QByteArray raw = "From: bulk@example.com\r\nTo: " + rcpt + "\r\nSubject: " + longSessionSubject(i)
            + "\r\n\r\nBody of message " + QByteArray::number(i) + ".\r\n";
        Records::MessageRecord m = messageRecord(raw, session.token, "bulk@example.com", {rcpt});
        m.summary.receivedUs = clock += 150;
        m.dataNote = QStringLiteral("Message data (DATA): %1 octets").arg(raw.size());
        writer.storeMessage(m);
        writer.flush();
        writer.appendTranscript({line(K::Reply, "250 2.0.0 Ok: queued as " + QByteArray::number(i) + "\r\n")});
    }
    if (quit) {
        writer.appendTranscript({line(K::Command, "QUIT\r\n"), line(K::Reply, "221 2.0.0 Bye\r\n")});
        session.outcome = Records::Outcome::Delivered;
        session.endedUs = clock += 150;
        session.messageCount = messages;
        writer.updateSession(session);
    }
    writer.flush();
    QObject::disconnect(watch);
    return out;
}

} // namespace Test
