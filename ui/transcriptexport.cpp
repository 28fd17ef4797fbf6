#include "transcriptexport.h"

#include "models/smtpexplain.h"
#include "models/transcriptmodel.h"
#include "smtp/transcripttext.h"
#include "store/reader.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSaveFile>

namespace Ui::TranscriptExport {

namespace {

QString stamp(qint64 timeUs)
{
    return QDateTime::fromMSecsSinceEpoch(timeUs / 1000, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString title(const Records::SessionRecord &s)
{
    return QStringLiteral("SMTP session %1 from %2:%3").arg(s.id).arg(s.clientAddress).arg(s.clientPort);
}

} // namespace

QString toText(const Records::SessionRecord &session, const QList<Records::TranscriptLine> &lines, bool reveal)
{
    QString out = QStringLiteral("# ") + title(session) + QStringLiteral(", times in UTC\n");
    for (const Records::TranscriptLine &line : lines)
        out += stamp(line.timeUs) + QLatin1Char(' ') + Smtp::TranscriptText::markedText(line, reveal) + QLatin1Char('\n');
    return out;
}

QString toHtml(const Records::SessionRecord &session, const QList<Records::TranscriptLine> &lines, bool reveal)
{
    QString rows;
    SmtpExplain::EhloKeywords keywords;
    for (const Records::TranscriptLine &line : lines) {
        const SmtpExplain::Explanation e = TranscriptModel::explain(line, keywords.next(line));
        const char *cls = Records::isClient(line.kind) ? "c" : Records::isServer(line.kind) ? "s" : "n";
        rows += QStringLiteral("<tr class=\"%1\"><td>%2</td><td>%3</td><td><code>%4</code></td><td title=\"%6\">%5</td></tr>\n")
                    .arg(QLatin1String(cls), stamp(line.timeUs), Smtp::TranscriptText::marker(line.kind),
                         Smtp::TranscriptText::text(line, reveal).toHtmlEscaped(), e.brief.toHtmlEscaped(), e.detail.toHtmlEscaped());
    }
    return QStringLiteral(
               "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%1</title><style>"
               "body{font-family:sans-serif} table{border-collapse:collapse} td{padding:2px 8px;vertical-align:top}"
               " tr.c code{color:#1a4fb0} tr.s code{color:#1b7530} tr.n{color:#666;font-style:italic}"
               "</style></head><body><h1>%1</h1><p>Times in UTC. Hover a meaning for the details.</p>\n"
               "<table><tr><th>Time</th><th></th><th>Line</th><th>Meaning</th></tr>\n%2</table></body></html>\n")
        .arg(title(session).toHtmlEscaped(), rows);
}

bool writeFile(const QString &databasePath, qint64 sessionId, const QString &path, bool html, QString *error)
{
    const Store::Reader reader(databasePath);
    const auto session = reader.session(sessionId);
    if (!session) {
        *error = QCoreApplication::translate("Ui::TeachingDocks", "Session %1 is not in the database.").arg(sessionId);
        return false;
    }
    const QList<Records::TranscriptLine> lines = reader.transcript(sessionId);
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly)) {
        file.write((html ? toHtml(*session, lines) : toText(*session, lines)).toUtf8());
        if (file.commit())
            return true;
    }
    *error = QCoreApplication::translate("Ui::TeachingDocks", "Cannot write %1: %2").arg(path, file.errorString());
    return false;
}

} // namespace Ui::TranscriptExport
