#pragma once

#include <QList>

#include <algorithm>

namespace Ui {

// The row holding id in a list sorted by strictly decreasing id (newest first), or -1.
template<typename Row, typename IdOf>
int rowOfDescending(const QList<Row> &rows, qint64 id, IdOf idOf)
{
    const auto it = std::lower_bound(rows.cbegin(), rows.cend(), id,
                                     [&](const Row &row, qint64 value) { return idOf(row) > value; });
    return it != rows.cend() && idOf(*it) == id ? int(it - rows.cbegin()) : -1;
}

} // namespace Ui
