#include "spamdclient.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>

#include <cmath>
#include <memory>
#include <utility>

namespace Api {

namespace {

// Mailpit reads spamd's figures as 32-bit floats and rounds down to one decimal.
double roundedScore(const QString &text)
{
    const double value = double(text.toFloat());
    return std::floor(value * 10) / 10;
}

// The report's lines with each continuation (a line indented to the description column)
// joined to the line before it by one space.
QStringList reportLines(const QString &report)
{
    static const QString indent(28, QLatin1Char(' '));
    QStringList out;
    for (QString line : report.split(QLatin1Char('\n'))) {
        while (line.endsWith(QLatin1Char('\r')) || line.endsWith(QLatin1Char(' ')) || line.endsWith(QLatin1Char('\t')))
            line.chop(1);
        if (line.startsWith(indent) && !out.isEmpty())
            out.last() += QLatin1Char(' ') + line.mid(indent.size());
        else
            out.append(line);
    }
    return out;
}

} // namespace

QByteArray spamdRequest(const QByteArray &message)
{
    return "REPORT SPAMC/1.5\r\nContent-length: " + QByteArray::number(message.size()) + "\r\n\r\n" + message;
}

SpamCheck failedSpamCheck(const QString &error)
{
    SpamCheck check;
    check.error = error;
    return check;
}

SpamCheck parseSpamdReply(const QByteArray &reply)
{
    static const QRegularExpression status(QStringLiteral("^SPAMD/[0-9.]+ +([0-9]+) +(.*)$"));
    static const QRegularExpression spam(QStringLiteral("^Spam: *(\\S+) *; *(-?[0-9.]+) */ *(-?[0-9.]+)$"),
                                         QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression rule(QStringLiteral("^\\s?(-?[0-9.]+)\\s([A-Za-z0-9_]*)\\W*(.*)$"));
    const QStringList lines = reportLines(QString::fromUtf8(reply));
    if (lines.isEmpty() || lines.constFirst().isEmpty())
        return failedSpamCheck(QStringLiteral("spamd closed the connection without an answer"));
    const QRegularExpressionMatch statusLine = status.match(lines.constFirst());
    if (!statusLine.hasMatch())
        return failedSpamCheck(QStringLiteral("spamd answered something that is not SPAMD: %1").arg(lines.constFirst().left(80)));
    if (statusLine.captured(1) != QLatin1String("0"))
        return failedSpamCheck(QStringLiteral("spamd refused the check: %1 %2").arg(statusLine.captured(1), statusLine.captured(2)));

    SpamCheck check;
    check.rules = QList<SpamRule>();
    bool inRules = false;
    for (const QString &line : lines.mid(1)) {
        if (const QRegularExpressionMatch m = spam.match(line); m.hasMatch()) {
            check.score = roundedScore(m.captured(2));
            check.isSpam = check.score >= kSpamScore;
        } else if (line.startsWith(QLatin1String("Content analysis details"))) {
            inRules = true;
        } else if (const QRegularExpressionMatch m = rule.match(line); inRules && m.hasMatch()) {
            check.rules->append({roundedScore(m.captured(1)), m.captured(2), m.captured(3)});
        }
    }
    return check;
}

QJsonObject toJson(const SpamCheck &check)
{
    QJsonValue rules(QJsonValue::Null);
    if (check.rules) {
        QJsonArray list;
        for (const SpamRule &r : *check.rules)
            list.append(QJsonObject{{QStringLiteral("Score"), r.score},
                                    {QStringLiteral("Name"), r.name},
                                    {QStringLiteral("Description"), r.description}});
        rules = list;
    }
    return {
        {QStringLiteral("IsSpam"), check.isSpam},
        {QStringLiteral("Score"), check.score},
        {QStringLiteral("Rules"), rules},
        {QStringLiteral("Error"), check.error},
    };
}

void checkWithSpamd(const QString &hostPort, const QByteArray &message, QObject *context,
                    std::function<void(const SpamCheck &check)> done, int timeoutMs)
{
    const qsizetype colon = hostPort.lastIndexOf(QLatin1Char(':'));
    bool portOk = false;
    const quint16 port = colon > 0 ? hostPort.mid(colon + 1).toUShort(&portOk) : 0;
    if (!portOk || port == 0) {
        done(failedSpamCheck(QStringLiteral("the SpamAssassin address %1 is not HOST:PORT").arg(hostPort)));
        return;
    }
    QString host = hostPort.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);

    // The socket owns the exchange and deletes itself (with its timer) when it ends.
    struct Exchange
    {
        QByteArray reply;
        bool finished = false;
        std::function<void(const SpamCheck &check)> done;
    };
    auto *socket = new QTcpSocket(context);
    auto *timer = new QTimer(socket);
    auto state = std::make_shared<Exchange>();
    state->done = std::move(done);
    auto finish = [socket, state](const SpamCheck &check) {
        if (std::exchange(state->finished, true))
            return;
        socket->abort();
        socket->deleteLater();
        state->done(check);
    };
    QObject::connect(socket, &QTcpSocket::connected, socket, [socket, message] { socket->write(spamdRequest(message)); });
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, state] { state->reply += socket->readAll(); });
    QObject::connect(socket, &QTcpSocket::disconnected, socket, [socket, state, finish] {
        state->reply += socket->readAll();
        finish(parseSpamdReply(state->reply));
    });
    QObject::connect(socket, &QTcpSocket::errorOccurred, socket, [socket, finish](QAbstractSocket::SocketError error) {
        if (error == QAbstractSocket::RemoteHostClosedError)
            return; // the end of the answer: disconnected follows
        finish(failedSpamCheck(QStringLiteral("cannot ask spamd: %1").arg(socket->errorString())));
    });
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, socket, [finish, timeoutMs] {
        finish(failedSpamCheck(QStringLiteral("spamd did not answer within %1 s").arg(timeoutMs / 1000.0)));
    });
    timer->start(timeoutMs);
    socket->connectToHost(host, port);
}

} // namespace Api
