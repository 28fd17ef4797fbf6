#include "sessionjson.h"

#include "messagejson.h"

#include "smtp/transcripttext.h"

#include <QDateTime>
#include <QJsonArray>

namespace Api {

namespace {

QJsonValue orNull(const QByteArray &utf8)
{
    return utf8.isEmpty() ? QJsonValue() : QJsonValue(QString::fromUtf8(utf8));
}

// The session's TLS facts under the API's names; null without TLS.
QJsonValue tlsJson(const QJsonObject &tls)
{
    if (tls.isEmpty())
        return QJsonValue();
    const auto text = [&tls](const char *key) {
        const QJsonValue value = tls.value(QLatin1StringView(key));
        return value.isString() ? value : QJsonValue();
    };
    const qint64 startedUs = tls.value(QStringLiteral("started_us")).toInteger();
    return QJsonObject{{QStringLiteral("Version"), text("version")},
                       {QStringLiteral("Cipher"), text("cipher")},
                       {QStringLiteral("ServerName"), text("sni")},
                       {QStringLiteral("Implicit"), tls.value(QStringLiteral("implicit")).toBool()},
                       {QStringLiteral("Established"), startedUs > 0 ? QJsonValue(apiTimeFromUs(startedUs)) : QJsonValue()},
                       {QStringLiteral("Error"), text("error")}};
}

QJsonArray defectsJson(const Records::Defects &defects)
{
    QJsonArray out;
    for (const Records::Defect &d : defects) {
        out.append(QJsonObject{{QStringLiteral("Code"), QString::fromUtf8(d.code)},
                               {QStringLiteral("Text"), d.detail},
                               {QStringLiteral("Count"), d.count},
                               {QStringLiteral("Offset"), d.offset < 0 ? QJsonValue() : QJsonValue(d.offset)}});
    }
    return out;
}

} // namespace

QJsonObject sessionJson(const Records::SessionRecord &s)
{
    QJsonArray rules;
    for (const Records::FaultHit &hit : s.faultRules)
        rules.append(QJsonObject{{QStringLiteral("Rule"), hit.rule}, {QStringLiteral("Count"), hit.count}});
    const bool ended = s.outcome != Records::Outcome::InProgress && s.endedUs > 0;
    return {{QStringLiteral("ID"), QString::number(s.id)},
            {QStringLiteral("Started"), apiTimeFromUs(s.startedUs)},
            {QStringLiteral("Ended"), ended ? QJsonValue(apiTimeFromUs(s.endedUs)) : QJsonValue()},
            {QStringLiteral("ClientAddress"), s.clientAddress},
            {QStringLiteral("ClientPort"), s.clientPort},
            {QStringLiteral("ServerAddress"), s.serverAddress},
            {QStringLiteral("ServerPort"), s.serverPort},
            {QStringLiteral("Helo"), QString::fromUtf8(s.helo)},
            {QStringLiteral("Outcome"), Records::outcomeName(s.outcome)},
            {QStringLiteral("MessageCount"), s.messageCount},
            {QStringLiteral("DroppedMessages"), s.droppedMessages},
            {QStringLiteral("TLS"), tlsJson(s.tls)},
            {QStringLiteral("User"), orNull(s.authUser)},
            {QStringLiteral("Defects"), defectsJson(s.defects)},
            {QStringLiteral("FaultRules"), rules}};
}

QJsonObject transcriptLineJson(const Records::TranscriptLine &line, bool revealPasswords)
{
    QJsonObject o{{QStringLiteral("Time"), apiTimeFromUs(line.timeUs)},
                  {QStringLiteral("Kind"), Records::lineKindName(line.kind)},
                  {QStringLiteral("Direction"), Records::directionName(Records::directionOf(line.kind))},
                  {QStringLiteral("Marker"), Smtp::TranscriptText::marker(line.kind)},
                  {QStringLiteral("Text"), Smtp::TranscriptText::text(line, revealPasswords)}};
    if (line.messageId > 0)
        o.insert(QStringLiteral("MessageID"), QString::number(line.messageId));
    return o;
}

QString transcriptText(const QList<Records::TranscriptLine> &lines, bool revealPasswords)
{
    QString text;
    const qint64 start = lines.isEmpty() ? 0 : lines.first().timeUs;
    for (const Records::TranscriptLine &l : lines) {
        text += QStringLiteral("%1 ").arg((l.timeUs - start) / 1e6, 10, 'f', 6)
              + Smtp::TranscriptText::markedText(l, revealPasswords) + QLatin1Char('\n');
    }
    return text;
}

} // namespace Api
