#include "transcripttext.h"

#include "records/authsecret.h"

namespace Smtp::TranscriptText {

QLatin1StringView marker(Records::LineKind kind)
{
    switch (kind) {
    case Records::LineKind::Command:
    case Records::LineKind::AuthResponse:
    case Records::LineKind::AuthSecret:
        return QLatin1StringView("C:");
    case Records::LineKind::Reply:
    case Records::LineKind::AuthChallenge:
        return QLatin1StringView("S:");
    case Records::LineKind::Note:
        return QLatin1StringView("--");
    case Records::LineKind::TlsEvent:
        return QLatin1StringView("-T");
    case Records::LineKind::AuthStep:
        return QLatin1StringView("-A");
    case Records::LineKind::FaultAction:
        return QLatin1StringView("-F");
    case Records::LineKind::DataSummary:
        return QLatin1StringView("-D");
    case Records::LineKind::Defect:
        return QLatin1StringView("-!");
    }
    return QLatin1StringView("--");
}

QString visible(const QByteArray &data)
{
    QByteArrayView line = data;
    if (line.endsWith("\r\n"))
        line.chop(2);
    QString out = QString::fromUtf8(line);
    for (QChar &c : out) {
        if (c.unicode() < 0x20 && c != QLatin1Char('\t'))
            c = QChar(0x2400 + c.unicode()); // Control Pictures: a lone LF shows as ␊
    }
    return out;
}

QString text(const Records::TranscriptLine &line, bool revealPasswords)
{
    if (line.kind != Records::LineKind::AuthSecret)
        return visible(line.data);
    if (const auto secret = Records::AuthSecret::decode(line.data))
        return visible(secret->text(revealPasswords).toUtf8());
    return QStringLiteral("[an AUTH line this version cannot read]");
}

QString markedText(const Records::TranscriptLine &line, bool revealPasswords)
{
    return marker(line.kind) + QLatin1Char(' ') + text(line, revealPasswords);
}

} // namespace Smtp::TranscriptText
