#pragma once

#include <QString>

namespace Records {

// One mailbox of an address header: "Ann Example <ann@example.org>" is {"Ann Example",
// "ann@example.org"}. name is decoded (RFC 2047) and empty when the header gave none.
struct Address
{
    QString name;
    QString address;
    friend bool operator==(const Address &, const Address &) = default;
};

} // namespace Records
