#pragma once

#include <QtGlobal>

namespace Records {

// Times are microseconds since the Unix epoch, UTC.
qint64 nowUs();

// A process-wide unique token for a session or message. Producers tag their records with
// it; the writer maps tokens to database ids, so producers never wait for an id.
quint64 newToken();

} // namespace Records
