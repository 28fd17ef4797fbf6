// The fault plan loader: JSON in, a valid plan or one error out.
#include "faults/plan.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const auto plan = Faults::Plan::fromJson(json, &error);
    if (plan.has_value() == !error.isEmpty() && !plan)
        std::abort(); // a refused plan always says why
    if (plan) {
        // What a valid plan writes reads back as valid.
        QString again;
        if (!Faults::Plan::fromJson(plan->toJson(), &again))
            std::abort();
    }
    return 0;
}
