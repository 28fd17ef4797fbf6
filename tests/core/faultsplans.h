#pragma once

#include "faults/plan.h"

#include <QtGlobal>

// A plan made of the given JSON rules ("{...}, {...}"); a broken test plan stops the test.
inline Faults::Plan planOf(const QByteArray &rules)
{
    QString error;
    const auto plan = Faults::Plan::fromJson(R"({"version": 1, "rules": [)" + rules + "]}", &error);
    if (!plan)
        qFatal("bad test plan: %s", qPrintable(error));
    return *plan;
}
