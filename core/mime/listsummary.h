#pragma once

#include <QByteArray>
#include <QString>

namespace Mime {

// What the message list shows, computed once at ingest so that listing never parses.
struct ListSummary
{
    QString from;               // header From, decoded
    QString to;                 // header To, decoded
    QString subject;            // decoded
    QString date;               // Date header as written
    int attachments = 0;
    bool hasHtml = false;
};

ListSummary summarize(const QByteArray &raw);

} // namespace Mime
