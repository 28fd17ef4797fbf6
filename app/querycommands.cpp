#include "cli.h"

#include "api/sessionjson.h"
#include "mime/parsedmessage.h"
#include "store/jsoncodec.h"
#include "store/maintenance.h"
#include "store/reader.h"
#include "store/writer.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Cli {

namespace {

QString timeText(qint64 us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000, Qt::UTC).toString(Qt::ISODateWithMs);
}

// Opens the database for reading, or explains why not. A database an older Mailscope wrote
// is upgraded first the way the writer does when it starts; readers never migrate.
bool openReader(const QCommandLineParser &parser, std::unique_ptr<Store::Reader> *reader, int *code)
{
    const QString path = databasePath(parser);
    if (!QFile::exists(path)) {
        *code = fail(QStringLiteral("no database at %1 (start `mailscope serve` first, or pass --db PATH)").arg(path));
        return false;
    }
    *reader = std::make_unique<Store::Reader>(path);
    if ((*reader)->needsUpgrade()) {
        QString error;
        if (!Store::Writer::upgrade(path, &error)) {
            *code = fail(error);
            return false;
        }
        *reader = std::make_unique<Store::Reader>(path);
    }
    if (!(*reader)->isOpen()) {
        *code = fail((*reader)->error());
        return false;
    }
    return true;
}

// The one positional message id of show and export, or a usage error.
bool messageId(const QCommandLineParser &parser, const QString &example, qint64 *id, int *code)
{
    if (parser.positionalArguments().size() == 1 && parseId(parser.positionalArguments().first(), id))
        return true;
    *code = fail(QStringLiteral("needs one message id, e.g. `%1`").arg(example), Usage);
    return false;
}

QJsonObject sessionJson(const Records::SessionRecord &s)
{
    return {{QStringLiteral("id"), s.id},
            {QStringLiteral("started"), timeText(s.startedUs)},
            {QStringLiteral("ended"), s.endedUs ? QJsonValue(timeText(s.endedUs)) : QJsonValue()},
            {QStringLiteral("client_addr"), s.clientAddress},
            {QStringLiteral("client_port"), s.clientPort},
            {QStringLiteral("server_addr"), s.serverAddress},
            {QStringLiteral("server_port"), s.serverPort},
            {QStringLiteral("helo"), QString::fromUtf8(s.helo)},
            {QStringLiteral("outcome"), Records::outcomeName(s.outcome)},
            {QStringLiteral("message_count"), s.messageCount},
            {QStringLiteral("defects"), Store::Json::fromDefects(s.defects)},
            {QStringLiteral("tls"), s.tls.isEmpty() ? QJsonValue() : QJsonValue(s.tls)},
            {QStringLiteral("auth_user"), s.authUser.isEmpty() ? QJsonValue() : QJsonValue(QString::fromUtf8(s.authUser))},
            {QStringLiteral("fault_rules"), Store::Json::fromFaultHits(s.faultRules)},
            {QStringLiteral("dropped_messages"), s.droppedMessages}};
}

} // namespace

int list(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List stored messages, newest first."));
    addDatabaseOption(parser);
    parser.addOption({QStringLiteral("limit"), QStringLiteral("How many (default 50)."), QStringLiteral("N"),
                      QStringLiteral("50")});
    parser.addOption({QStringLiteral("before"), QStringLiteral("Only messages with an id below ID (paging)."),
                      QStringLiteral("ID")});
    parser.addOption({QStringLiteral("sessions"), QStringLiteral("List sessions instead of messages.")});
    int code = Ok;
    std::unique_ptr<Store::Reader> reader;
    if (!parse(parser, args, &code) || !openReader(parser, &reader, &code))
        return code;
    const int limit = parser.value(QStringLiteral("limit")).toInt();
    const qint64 before = parser.value(QStringLiteral("before")).toLongLong();
    if (parser.isSet(QStringLiteral("sessions"))) {
        for (const auto &s : reader->sessions(before, limit > 0 ? limit : 50)) {
            out(QStringLiteral("%1\t%2\t%3:%4\t%5\t%6\t%7")
                    .arg(s.id)
                    .arg(timeText(s.startedUs), s.clientAddress)
                    .arg(s.clientPort)
                    .arg(terminalSafe(QString::fromUtf8(s.helo), Layout::Escape), Records::outcomeName(s.outcome))
                    .arg(s.messageCount));
        }
        return Ok;
    }
    for (const auto &m : reader->messages(before, limit > 0 ? limit : 50)) {
        QStringList to;
        for (const QByteArray &r : m.recipients)
            to.append(QString::fromUtf8(r));
        out(QStringLiteral("%1\t%2\t%3\t%4\t%5\t%6")
                .arg(m.id)
                .arg(timeText(m.receivedUs), terminalSafe(QString::fromUtf8(m.mailFrom), Layout::Escape),
                     terminalSafe(to.join(QLatin1Char(',')), Layout::Escape))
                .arg(m.size)
                .arg(terminalSafe(m.subject, Layout::Escape)));
    }
    return Ok;
}

int show(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Show one stored message."));
    addDatabaseOption(parser);
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("Message id (see `mailscope list`)."));
    parser.addOption({QStringLiteral("raw"), QStringLiteral("Print the exact bytes as received.")});
    parser.addOption({QStringLiteral("transcript"), QStringLiteral("Print the SMTP session the message came in.")});
    parser.addOption({QStringLiteral("reveal-passwords"),
                      QStringLiteral("With --transcript: show the AUTH lines and passwords of sessions recorded "
                                     "with serve --record-passwords instead of their masks.")});
    parser.addOption({QStringLiteral("json"),
                      QStringLiteral("Print envelope, session, summary and the parsed MIME view (\"mime\") as JSON.")});
    int code = Ok;
    std::unique_ptr<Store::Reader> reader;
    if (!parse(parser, args, &code))
        return code;
    qint64 id = 0;
    if (!messageId(parser, QStringLiteral("mailscope show 42"), &id, &code))
        return code;
    if (!openReader(parser, &reader, &code))
        return code;
    const auto message = reader->message(id);
    if (!message)
        return fail(QStringLiteral("no message with id %1 (see `mailscope list`)").arg(id));

    if (parser.isSet(QStringLiteral("raw"))) {
        outBytes(reader->raw(id).value_or(QByteArray()));
        return Ok;
    }
    const auto session = message->sessionId ? reader->session(message->sessionId) : std::nullopt;
    if (parser.isSet(QStringLiteral("transcript"))) {
        if (!session)
            return fail(QStringLiteral("message %1 was imported; it has no SMTP session").arg(id));
        QString text = Api::transcriptText(reader->transcript(session->id), parser.isSet(QStringLiteral("reveal-passwords")));
        text.chop(text.endsWith(QLatin1Char('\n')) ? 1 : 0);
        out(text);
        return Ok;
    }
    const QJsonObject envelope = reader->envelope(id);
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject o{{QStringLiteral("id"), id},
                      {QStringLiteral("received"), timeText(message->receivedUs)},
                      {QStringLiteral("size"), message->size},
                      {QStringLiteral("envelope"), envelope},
                      {QStringLiteral("header_from"), message->headerFrom},
                      {QStringLiteral("header_to"), message->headerTo},
                      {QStringLiteral("subject"), message->subject},
                      {QStringLiteral("date"), message->date},
                      {QStringLiteral("attachments"), message->attachments},
                      {QStringLiteral("has_html"), message->hasHtml},
                      {QStringLiteral("tls"), message->tls},
                      {QStringLiteral("auth_user"), message->authUser.isEmpty() ? QJsonValue()
                                                                                : QJsonValue(QString::fromUtf8(message->authUser))},
                      {QStringLiteral("smtp_defects"), Store::Json::fromDefects(reader->messageDefects(id))},
                      {QStringLiteral("fault_rules"), QJsonArray::fromStringList(message->faultRules)},
                      {QStringLiteral("session"), session ? QJsonValue(sessionJson(*session)) : QJsonValue()}};
        // The parsed view, as `mailscope parse --json` gives it; lint compares the headers with
        // the envelope when the message came over SMTP.
        const Mime::EnvelopeHints hints = message->sessionId
                                              ? Mime::hintsFromEnvelope(Store::Json::toEnvelope(envelope))
                                              : Mime::EnvelopeHints{};
        o.insert(QStringLiteral("mime"), Mime::toJson(Mime::parse(reader->raw(id).value_or(QByteArray()), hints)));
        outJson(QJsonDocument(o).toJson(QJsonDocument::Indented));
        return Ok;
    }
    QStringList to;
    for (const QByteArray &r : message->recipients)
        to.append(QString::fromUtf8(r));
    out(QStringLiteral("Message %1, received %2, %3 octets").arg(id).arg(timeText(message->receivedUs)).arg(message->size));
    out(QStringLiteral("MAIL FROM: <%1>").arg(terminalSafe(QString::fromUtf8(message->mailFrom), Layout::Escape)));
    out(QStringLiteral("RCPT TO:   <%1>").arg(terminalSafe(to.join(QStringLiteral(">, <")), Layout::Escape)));
    out(QStringLiteral("From:      %1").arg(terminalSafe(message->headerFrom, Layout::Escape)));
    out(QStringLiteral("To:        %1").arg(terminalSafe(message->headerTo, Layout::Escape)));
    out(QStringLiteral("Subject:   %1").arg(terminalSafe(message->subject, Layout::Escape)));
    out(QStringLiteral("Date:      %1").arg(terminalSafe(message->date, Layout::Escape)));
    if (session) {
        out(QStringLiteral("Session:   %1 from %2:%3, HELO %4, %5")
                .arg(session->id)
                .arg(session->clientAddress)
                .arg(session->clientPort)
                .arg(terminalSafe(QString::fromUtf8(session->helo), Layout::Escape), Records::outcomeName(session->outcome)));
    }
    return Ok;
}

int exportMessage(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Write one stored message, byte for byte, to a file."));
    addDatabaseOption(parser);
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("Message id."));
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("File to write."),
                      QStringLiteral("FILE.eml")});
    int code = Ok;
    std::unique_ptr<Store::Reader> reader;
    if (!parse(parser, args, &code))
        return code;
    qint64 id = 0;
    if (!messageId(parser, QStringLiteral("mailscope export 42 -o message.eml"), &id, &code))
        return code;
    const QString path = parser.value(QStringLiteral("output"));
    if (path.isEmpty())
        return fail(QStringLiteral("export needs -o FILE.eml"), Usage);
    if (!openReader(parser, &reader, &code))
        return code;
    const auto raw = reader->raw(id);
    if (!raw)
        return fail(QStringLiteral("no message with id %1 (see `mailscope list`)").arg(id));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(*raw) != raw->size())
        return fail(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return Ok;
}

int clear(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Delete every stored message and every ended session; sessions still connected stay."));
    addDatabaseOption(parser);
    int code = Ok;
    if (!parse(parser, args, &code))
        return code;
    // Through a writer, as the window's "Delete all": a server on the same database keeps
    // writing its open sessions, and the sessions' next lines have somewhere to go.
    Store::Writer writer(databasePath(parser));
    QString error;
    if (!writer.start(&error))
        return fail(error);
    QObject::connect(&writer, &Store::Writer::writeFailed, &writer, [&](const QString &why) { error = why; },
                     Qt::DirectConnection);
    writer.perform(Store::Maintenance::removeAll());
    writer.stop();
    if (!error.isEmpty())
        return fail(error);
    out(QStringLiteral("Cleared %1").arg(databasePath(parser)));
    return Ok;
}

} // namespace Cli
