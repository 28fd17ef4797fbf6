#include "mailfiles.h"

#include "store/reader.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QObject>
#include <QSaveFile>

namespace Ui::MailFiles {

namespace {

// File systems limit a name to 255 octets; Linux stores names as UTF-8.
constexpr qsizetype kMaxNameOctets = 255;

// The character at text[*i], moving *i past it; 0 for a lone surrogate, which is no character.
char32_t nextCharacter(const QString &text, qsizetype *i)
{
    const QChar c = text.at((*i)++);
    if (!c.isSurrogate())
        return c.unicode();
    if (c.isHighSurrogate() && *i < text.size() && text.at(*i).isLowSurrogate())
        return QChar::surrogateToUcs4(c, text.at((*i)++));
    return 0;
}

// The longest prefix of text that fits in octets as UTF-8, never splitting a character.
QString fitOctets(const QString &text, qsizetype octets)
{
    qsizetype used = 0;
    qsizetype end = 0;
    for (qsizetype i = 0; i < text.size();) {
        const char32_t c = nextCharacter(text, &i);
        const qsizetype size = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        if (used + size > octets)
            break;
        used += size;
        end = i;
    }
    return text.left(end);
}

} // namespace

QString safeFileName(const QString &untrusted, const QString &fallback)
{
    QString out;
    out.reserve(untrusted.size());
    for (qsizetype i = 0; i < untrusted.size();) {
        const char32_t c = nextCharacter(untrusted, &i);
        const bool reserved = c < 0x80 && QStringView(u"/\\:*?\"<>|").contains(QChar(char16_t(c)));
        if (QChar::isPrint(c) && !reserved)
            out.append(QStringView(QChar::fromUcs4(c)));
        else
            out.append(QLatin1Char('_'));
    }
    out = out.simplified();
    while (out.startsWith(QLatin1Char('.')) || out.startsWith(QLatin1Char(' ')))
        out.remove(0, 1);
    if (out.toUtf8().size() > kMaxNameOctets) {
        // Keep the extension, which tells the system how to open the file.
        const qsizetype dot = out.lastIndexOf(QLatin1Char('.'));
        const QString extension = dot > 0 && out.size() - dot <= 10 ? out.mid(dot) : QString();
        out = fitOctets(out.left(out.size() - extension.size()), kMaxNameOctets - extension.toUtf8().size()).trimmed()
            + extension;
    }
    while (out.endsWith(QLatin1Char('.')))
        out.chop(1);
    return out.isEmpty() ? fallback : out;
}

QString emlFileName(qint64 id, const QString &subject)
{
    const QString base = QString::number(id) + (subject.isEmpty() ? QString() : QLatin1Char(' ') + subject.left(80));
    return safeFileName(base + QStringLiteral(".eml"), QString::number(id) + QStringLiteral(".eml"));
}

QString uniquePath(const QString &folder, const QString &fileName)
{
    const QDir dir(folder);
    QString candidate = dir.filePath(fileName);
    const QFileInfo info(fileName);
    const QString base = info.completeBaseName();
    const QString suffix = info.suffix().isEmpty() ? QString() : QLatin1Char('.') + info.suffix();
    for (int n = 2; QFileInfo::exists(candidate); ++n)
        candidate = dir.filePath(QStringLiteral("%1 (%2)%3").arg(base).arg(n).arg(suffix));
    return candidate;
}

QByteArray mboxEntry(const QByteArray &raw, const QByteArray &envelopeSender, qint64 receivedUs)
{
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(receivedUs / 1000, Qt::UTC);
    QByteArray out = "From " + (envelopeSender.isEmpty() ? QByteArray("MAILER-DAEMON") : envelopeSender) + ' '
        + when.toString(QStringLiteral("ddd MMM d HH:mm:ss yyyy")).toLatin1() + '\n';
    qsizetype pos = 0;
    while (pos < raw.size()) {
        qsizetype end = raw.indexOf('\n', pos);
        end = end < 0 ? raw.size() : end + 1;
        qsizetype i = pos;
        while (i < end && raw.at(i) == '>')
            ++i;
        if (end - i >= 5 && raw.mid(i, 5) == "From ")
            out += '>';
        out.append(raw.constData() + pos, end - pos);
        pos = end;
    }
    // The blank line that ends an entry uses the message's own line ending, as split() expects.
    const bool crlf = raw.endsWith("\r\n");
    if (!raw.endsWith('\n'))
        out += '\n';
    out += crlf ? "\r\n" : "\n";
    return out;
}

bool exportMessages(const Store::Reader &reader, const QList<qint64> &ids, const QString &path, Format format,
                    QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    // Oldest first, as mail programs expect in an mbox.
    QList<qint64> sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    for (const qint64 id : std::as_const(sorted)) {
        const auto raw = reader.raw(id);
        const auto m = reader.message(id);
        if (!raw || !m)
            continue;
        file.write(format == Format::Eml ? *raw : mboxEntry(*raw, m->mailFrom, m->receivedUs));
        if (format == Format::Eml)
            break;
    }
    if (file.commit())
        return true;
    *error = QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
    return false;
}

} // namespace Ui::MailFiles
