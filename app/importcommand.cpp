#include "cli.h"

#include "store/importedmessage.h"
#include "store/writer.h"

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

    const Store::FileImport read = Store::importFiles(files);
    for (const QString &error : read.errors)
        fail(error);
    int stored = 0;
    if (!read.messages.isEmpty()) {
        Store::Writer writer(databasePath(parser));
        QString error;
        if (!writer.start(&error))
            return fail(error);
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
        for (const Records::MessageRecord &message : read.messages)
            writer.storeMessage(message);
        writer.flushIndexed(); // searchable at once, also in a window open on the same database
        writer.stop();
        if (!failures.isEmpty())
            return fail(QStringLiteral("stored %1 of %2 messages: %3").arg(stored).arg(read.messages.size()).arg(failures.first()));
    }
    out(QStringLiteral("Imported %1 message(s) from %2 file(s)").arg(stored).arg(read.filesRead));
    return read.errors.isEmpty() ? Ok : Failure;
}

} // namespace Cli
