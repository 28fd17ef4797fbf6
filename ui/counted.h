#pragma once

#include <QObject>
#include <QString>

namespace Ui {

// "1 message", "3 messages": the count with the right English noun. tr()'s %n needs a
// translation catalogue to choose plurals, which the source language does not load.
inline QString counted(qint64 n, const char *one, const char *many)
{
    return QStringLiteral("%L1 %2").arg(n).arg(QObject::tr(n == 1 ? one : many));
}

} // namespace Ui
