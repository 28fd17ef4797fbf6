#pragma once

#include "mime/listsummary.h"
#include "records/clock.h"
#include "records/message.h"
#include "records/session.h"

namespace Test {

// A session from 127.0.0.1:40000 to port 1025 that starts now; not yet stored.
inline Records::SessionRecord sessionRecord()
{
    Records::SessionRecord s;
    s.token = Records::newToken();
    s.startedUs = Records::nowUs();
    s.clientAddress = s.serverAddress = QStringLiteral("127.0.0.1");
    s.clientPort = 40000;
    s.serverPort = 1025;
    return s;
}

// A message as a client handed it over, with its list columns computed; not yet stored.
inline Records::MessageRecord messageRecord(const QByteArray &raw, quint64 sessionToken = 0,
                                            const QByteArray &mailFrom = "sender@example.com",
                                            const QList<QByteArray> &to = {"rcpt@example.org"})
{
    Records::MessageRecord m;
    m.token = Records::newToken();
    m.sessionToken = sessionToken;
    m.raw = raw;
    m.summary = Mime::summarize(raw);
    m.envelope.mailFrom = mailFrom;
    for (const QByteArray &r : to)
        m.envelope.recipients.append({r, {}, {}, {}});
    return m;
}

} // namespace Test
