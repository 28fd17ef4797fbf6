#include "importedmessage.h"

#include "mbox.h"

#include "mime/listsummary.h"
#include "records/clock.h"

#include <QFile>

namespace Store {

Records::MessageRecord importedMessage(const QByteArray &raw)
{
    Records::MessageRecord m;
    m.token = Records::newToken();
    m.raw = raw;
    m.source = QStringLiteral("import");
    m.summary = Mime::summarize(raw);
    return m;
}

FileImport importFiles(const QStringList &paths)
{
    FileImport result;
    for (const QString &path : paths) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            result.errors.append(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
            continue;
        }
        const QByteArray data = file.readAll();
        if (data.isEmpty()) {
            result.errors.append(QStringLiteral("cannot import %1: the file is empty").arg(path));
            continue;
        }
        ++result.filesRead;
        for (const QByteArray &raw : Mbox::messagesIn(data))
            result.messages.append(importedMessage(raw));
    }
    return result;
}

} // namespace Store
