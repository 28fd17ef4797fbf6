#include "clock.h"

#include <QAtomicInteger>

#include <chrono>

namespace Records {

qint64 nowUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

quint64 newToken()
{
    static QAtomicInteger<quint64> counter(0);
    return counter.fetchAndAddRelaxed(1) + 1;
}

} // namespace Records
