#include "cli.h"

#include "mime/parsedmessage.h"

#include <QFile>
#include <QJsonDocument>

namespace Cli {

namespace {

QString rangeText(const Mime::ByteRange &range)
{
    return range.isValid() ? QStringLiteral("%1-%2").arg(range.begin).arg(range.end) : QStringLiteral("-");
}

QString addressText(const QList<Mime::Address> &list)
{
    QStringList out;
    for (const Mime::Address &a : list)
        out.append(a.name.isEmpty() ? QStringLiteral("<%1>").arg(a.addr) : QStringLiteral("%1 <%2>").arg(a.name, a.addr));
    return out.join(QStringLiteral(", "));
}

void printPart(const Mime::Part &p, int indent)
{
    QStringList facts;
    if (!p.charset.isEmpty())
        facts.append(QStringLiteral("charset=") + p.charset);
    if (!p.transferEncoding.isEmpty())
        facts.append(p.transferEncoding);
    if (!p.disposition.isEmpty())
        facts.append(p.disposition);
    if (!p.filename.isEmpty())
        facts.append(QStringLiteral("filename=\"%1\"").arg(p.filename));
    if (!p.contentId.isEmpty())
        facts.append(QStringLiteral("id=") + p.contentId);
    if (p.decodedSize >= 0)
        facts.append(QStringLiteral("%1 octets decoded").arg(p.decodedSize));
    out(QStringLiteral("%1%2 %3%4   [headers %5, body %6]")
            .arg(QString(indent * 2, QLatin1Char(' ')), p.path.isEmpty() ? QStringLiteral("-") : p.path, p.contentType,
                 facts.isEmpty() ? QString() : QStringLiteral("; ") + facts.join(QStringLiteral("; ")),
                 rangeText(p.headerRange), rangeText(p.bodyRange)));
    for (const Mime::Part &child : p.children)
        printPart(child, indent + 1);
}

void printText(const QString &file, const Mime::ParsedMessage &m)
{
    out(QStringLiteral("%1: %2 octets, %3 leaf parts").arg(file).arg(m.size).arg(m.leaves().size()));
    out(QStringLiteral("Subject:    %1").arg(m.subject));
    out(QStringLiteral("From:       %1").arg(addressText(m.from)));
    out(QStringLiteral("To:         %1").arg(addressText(m.to)));
    if (!m.cc.isEmpty())
        out(QStringLiteral("Cc:         %1").arg(addressText(m.cc)));
    out(QStringLiteral("Date:       %1%2")
            .arg(m.date, m.dateTime.isValid() ? QStringLiteral(" (%1)").arg(m.dateTime.toString(Qt::ISODate)) : QString()));
    out(QStringLiteral("Message-ID: %1").arg(m.messageId));
    out(QStringLiteral("\nHeader fields:"));
    for (const Mime::HeaderField &h : m.headers())
        out(QStringLiteral("  %1  %2: %3")
                .arg(rangeText(h.range), terminalSafe(QString::fromUtf8(h.name), Layout::Escape),
                     terminalSafe(h.value, Layout::Escape)));
    out(QStringLiteral("\nParts:"));
    printPart(m.root, 1);
    out(QStringLiteral("\nDiagnostics:%1").arg(m.diagnostics.isEmpty() ? QStringLiteral(" none") : QString()));
    for (const Mime::Diagnostic &d : m.diagnostics) {
        QString where = d.offset >= 0 ? QStringLiteral(" at %1").arg(d.offset) : QString();
        if (!d.path.isEmpty())
            where += QStringLiteral(" in part %1").arg(d.path);
        out(QStringLiteral("  %1 %2%3%4: %5")
                .arg(Mime::severityName(d.severity), d.code, where,
                     d.rfc.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(d.rfc), d.message));
    }
}

} // namespace

int parse(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Print the headers, MIME structure and diagnostics of a message file, without a server."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Message file (.eml)."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON instead of text.")});
    int code = Ok;
    if (!parse(parser, args, &code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return fail(QStringLiteral("parse needs one message file, e.g. `mailscope parse message.eml`"), Usage);
    const QString path = parser.positionalArguments().first();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    const QByteArray raw = file.readAll();
    const Mime::ParsedMessage message = Mime::parse(raw);
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject o = Mime::toJson(message);
        o.insert(QStringLiteral("file"), path);
        outJson(QJsonDocument(o).toJson(QJsonDocument::Indented));
    } else {
        printText(path, message);
    }
    return Ok;
}

} // namespace Cli
