#pragma once

#include <QtGlobal>

namespace Store {

// How much stored mail to keep; 0 in a field means no limit of that kind. The oldest messages
// go first, with the ended sessions none of whose mail remains.
struct Retention
{
    qint64 maxMessages = 0;
    qint64 maxAgeDays = 0;      // by the time a message was received
    qint64 maxTotalSize = 0;    // octets of stored messages

    bool limits() const { return maxMessages > 0 || maxAgeDays > 0 || maxTotalSize > 0; }
    bool operator==(const Retention &) const = default;
};

} // namespace Store
