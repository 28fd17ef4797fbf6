#include "cli.h"

#include "store/importedmessage.h"
#include "store/mbox.h"
#include "store/writer.h"

#include <QFile>

namespace Cli {

int import(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Store message files (.eml, one message each) and mbox files (many) as imported messages."));
    addDatabaseOption(parser);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Files to import."), QStringLiteral("FILE..."));
    int code = Ok;
    if (!parse(parser, args, &code))
        return code;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty())
        return fail(QStringLiteral("import needs at least one .eml or mbox file"), Usage);

    // Read everything first, so a bad file name stores nothing.
    QList<QByteArray> messages;
    for (const QString &path : files) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        messages += Store::Mbox::messagesIn(file.readAll());
    }

    Store::Writer writer(databasePath(parser));
    QString error;
    if (!writer.start(&error))
        return fail(error);
    int stored = 0;
    QStringList failures;
    QObject::connect(&writer, &Store::Writer::committed, &writer,
                     [&](const Records::CommitBatch &batch) {
                         for (const auto &ack : batch.acks) {
                             if (ack.messageId > 0)
                                 ++stored;
                             else
                                 failures.append(ack.error);
                         }
                     },
                     Qt::DirectConnection);
    for (const QByteArray &raw : std::as_const(messages))
        writer.storeMessage(Store::importedMessage(raw));
    writer.flushIndexed(); // searchable at once, also in a window open on the same database
    writer.stop();
    if (!failures.isEmpty())
        return fail(QStringLiteral("stored %1 of %2 messages: %3").arg(stored).arg(messages.size()).arg(failures.first()));
    out(QStringLiteral("Imported %1 message(s) from %2 file(s)").arg(stored).arg(files.size()));
    return Ok;
}

} // namespace Cli
