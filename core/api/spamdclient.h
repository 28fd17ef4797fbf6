#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

// SpamAssassin's spamd, asked the way spamc asks (REPORT, SPAMC/1.5, over TCP), and its answer
// as Mailpit's SpamAssassinResponse. The check runs on the caller's thread's event loop, never
// blocking it.
namespace Api {

struct SpamRule
{
    double score = 0;
    QString name;
    QString description;
};

struct SpamCheck
{
    bool isSpam = false;           // Mailpit's rule: a score of 5 or more, whatever spamd's threshold
    double score = 0;              // rounded down to one decimal, as Mailpit does
    std::optional<QList<SpamRule>> rules; // nullopt when the check failed ("Rules": null)
    QString error;                 // why spamd could not be asked; empty when it answered
};

inline constexpr double kSpamScore = 5.0;

QByteArray spamdRequest(const QByteArray &message);
// spamd's whole answer (status line, headers, report) as a check.
SpamCheck parseSpamdReply(const QByteArray &reply);
SpamCheck failedSpamCheck(const QString &error);
QJsonObject toJson(const SpamCheck &check);

// Asks spamd at hostPort ("host:port") about message and calls done once, on this thread:
// with its answer, or with the error (unreachable, closed early, no answer within timeoutMs).
// done is not called if context is destroyed first.
void checkWithSpamd(const QString &hostPort, const QByteArray &message, QObject *context,
                    std::function<void(const SpamCheck &check)> done, int timeoutMs = 8000);

} // namespace Api
