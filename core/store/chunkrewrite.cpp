#include "chunkrewrite.h"

#include "transcriptchunk.h"

#include <QPair>
#include <QSqlError>
#include <QSqlQuery>

namespace Store::TranscriptChunk {

namespace {

constexpr int kPage = 500; // chunks read before they are written back

} // namespace

bool rewriteAll(QSqlDatabase &db, const std::function<bool(QList<Records::TranscriptLine> &)> &edit,
                const QString &what, QString *error)
{
    QSqlQuery read(db), write(db);
    const auto failed = [&](const QSqlQuery &q) {
        if (error)
            *error = what + QStringLiteral(": ") + q.lastError().text();
        return false;
    };
    if (!read.prepare(QStringLiteral("SELECT id, session_id, data FROM transcript_chunks WHERE id > ? ORDER BY id LIMIT ?")))
        return failed(read);
    if (!write.prepare(QStringLiteral("UPDATE transcript_chunks SET data = ? WHERE id = ?")))
        return failed(write);
    qint64 after = 0;
    for (;;) {
        read.addBindValue(after);
        read.addBindValue(kPage);
        if (!read.exec())
            return failed(read);
        QList<QPair<qint64, QByteArray>> changed; // written once the page is read
        int rows = 0;
        while (read.next()) {
            ++rows;
            after = read.value(0).toLongLong();
            QList<Records::TranscriptLine> lines;
            if (!decode(read.value(2).toByteArray(), after, read.value(1).toLongLong(), &lines))
                continue; // not readable before either: left as it is
            if (edit(lines))
                changed.append({after, encode(lines.constData(), lines.size())});
        }
        read.finish();
        for (const auto &[id, data] : std::as_const(changed)) {
            write.addBindValue(data);
            write.addBindValue(id);
            if (!write.exec())
                return failed(write);
        }
        if (rows < kPage)
            return true;
    }
}

} // namespace Store::TranscriptChunk
