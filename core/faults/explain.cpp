#include "explain.h"

#include "decision.h"

#include <functional>
#include <limits>

namespace Faults {

namespace {

// What occurrences of a stage are called when counted.
QString stageNoun(Stage stage, bool plural)
{
    if (stage == Stage::EndOfData)
        return plural ? QStringLiteral("messages at the end of data") : QStringLiteral("message at the end of data");
    const QString s = plural ? QStringLiteral("s") : QString();
    switch (stage) {
    case Stage::Connect:
        return QStringLiteral("connection") + s;
    case Stage::Greeting:
        return QStringLiteral("greeting") + s;
    case Stage::Data:
        return QStringLiteral("DATA command") + s;
    case Stage::Bdat:
        return QStringLiteral("BDAT chunk") + s;
    case Stage::Any:
        return QStringLiteral("command") + s;
    default:
        return stageLabel(stage) + s;
    }
}

QString seconds(qint64 ms)
{
    return QString::number(ms / 1000.0, 'g', 6) + QStringLiteral(" s");
}

QString rangeText(const Range &r, const QString &unit, const std::function<QString(qint64)> &format)
{
    if (r.min == r.max)
        return format(r.min) + unit;
    return format(r.min) + QStringLiteral(" to ") + format(r.max) + unit;
}

QString list(const QStringList &items, const QString &last)
{
    if (items.size() < 2)
        return items.value(0);
    return items.mid(0, items.size() - 1).join(QStringLiteral(", ")) + QLatin1Char(' ') + last + QLatin1Char(' ')
         + items.last();
}

QString subject(const Rule &rule, bool *plural)
{
    const Conditions &w = rule.when;
    QString s;
    *plural = w.nth.size() > 1;
    if (!w.nth.isEmpty()) {
        QStringList nth;
        for (int n : w.nth)
            nth.append(ordinal(n));
        s = QStringLiteral("The ") + list(nth, QStringLiteral("and")) + QLatin1Char(' ') + stageNoun(rule.stage, *plural);
        if (w.every > 0)
            s += QStringLiteral(", if also a multiple of %1,").arg(w.every);
    } else if (w.every > 1) {
        s = QStringLiteral("Every ") + ordinal(w.every) + QLatin1Char(' ') + stageNoun(rule.stage, false);
    } else {
        s = QStringLiteral("Every ") + stageNoun(rule.stage, false);
    }

    if (!w.argument.isEmpty()) {
        if (rule.stage == Stage::Mail)
            s += QStringLiteral(" from a sender matching ");
        else if (rule.stage == Stage::Rcpt)
            s += QStringLiteral(" to an address matching ");
        else
            s += QStringLiteral(" with an argument matching ");
        s += w.argument;
    }
    if (!w.clients.isEmpty())
        s += QStringLiteral(" from a client in ") + list(w.clients, QStringLiteral("or"));
    if (!w.helo.isEmpty())
        s += QStringLiteral(" after EHLO/HELO matching ") + w.helo;
    if (!w.authUser.isEmpty())
        s += QStringLiteral(" by an AUTH user matching ") + w.authUser;
    if (w.size) {
        const bool open = w.size->max == std::numeric_limits<qint64>::max();
        if (open)
            s += QStringLiteral(" of at least %1 octets").arg(w.size->min);
        else if (w.size->min == 0)
            s += QStringLiteral(" of at most %1 octets").arg(w.size->max);
        else
            s += QStringLiteral(" of %1 to %2 octets").arg(w.size->min).arg(w.size->max);
    }
    if (!w.headerName.isEmpty())
        s += QStringLiteral(" whose %1 header matches %2").arg(w.headerName, w.headerRegex);
    if (w.hasCounter())
        s += w.scope == Scope::Session ? QStringLiteral(" in a session") : QStringLiteral(" counted over all sessions");
    if (w.newSessionsOnly)
        s += QStringLiteral(" in a session begun after the rule was loaded");
    if (w.probability < 100.0)
        s += QStringLiteral(", with a %1% chance,").arg(QString::number(w.probability, 'g', 6));
    return s;
}

QString predicate(const Rule &rule, bool plural)
{
    const Action &a = rule.action;
    const QString gets = plural ? QStringLiteral("get ") : QStringLiteral("gets ");
    const QString is = plural ? QStringLiteral("are ") : QStringLiteral("is ");
    const QString reply = replyText(a.reply.value_or(defaultReply(a.type)));
    const auto ms = [](qint64 v) { return seconds(v).chopped(2); };
    const auto number = [](qint64 v) { return QString::number(v); };
    // Delay and throttle send the normal reply unless the rule gives one.
    const QString answered = a.reply ? QString(gets + reply + QLatin1Char(' ')) : QString(is + QStringLiteral("answered "));
    switch (a.type) {
    case ActionType::Reply:
        return gets + reply;
    case ActionType::Delay:
        return answered + QStringLiteral("after ") + rangeText(a.delayMs, QStringLiteral(" s"), ms);
    case ActionType::Throttle:
        if (rule.stage == Stage::Connect)
            return QStringLiteral("has the whole session sent at ")
                 + rangeText(a.bytesPerSecond, QStringLiteral(" bytes/s"), number);
        return answered + QStringLiteral("at ") + rangeText(a.bytesPerSecond, QStringLiteral(" bytes/s"), number);
    case ActionType::Disconnect:
        return gets + reply + QStringLiteral(" and the connection is closed");
    case ActionType::Close:
        return is + QStringLiteral("answered by closing the connection without a reply");
    case ActionType::Hang:
        return is + QStringLiteral("never answered: the server reads on until the client gives up or the idle "
                                   "timeout closes the connection");
    case ActionType::Drop:
        return gets + reply + QStringLiteral(" but the message is dropped, not stored");
    case ActionType::Hold:
        return is + QStringLiteral("held until a front end chooses the reply; after %1 nobody answered it gets %2")
                        .arg(seconds(a.holdTimeoutMs), reply);
    case ActionType::Greylist:
        return is + QStringLiteral("greylisted: the first attempt of each client, sender and recipient gets %1; a "
                                   "retry %2 or more later is accepted")
                        .arg(reply, seconds(qint64(a.retryAfterSeconds) * 1000));
    case ActionType::RateLimit:
        return gets + reply + QStringLiteral(" once the same %1 has started %2 messages in %3")
                                  .arg(a.per == RatePer::Client ? QStringLiteral("client") : QStringLiteral("sender"))
                                  .arg(a.limit)
                                  .arg(seconds(qint64(a.windowSeconds) * 1000));
    case ActionType::Quota: {
        QStringList limits;
        if (a.quotaMessages > 0)
            limits.append(QStringLiteral("%1 messages").arg(a.quotaMessages));
        if (a.quotaBytes > 0)
            limits.append(QStringLiteral("%1 octets").arg(a.quotaBytes));
        return gets + reply + QStringLiteral(" once the recipient holds ") + limits.join(QStringLiteral(" or "));
    }
    }
    return {};
}

} // namespace

QString ordinal(qint64 n)
{
    const qint64 lastTwo = n % 100;
    const char *suffix = "th";
    if (lastTwo < 11 || lastTwo > 13) {
        switch (n % 10) {
        case 1:
            suffix = "st";
            break;
        case 2:
            suffix = "nd";
            break;
        case 3:
            suffix = "rd";
            break;
        default:
            break;
        }
    }
    return QString::number(n) + QLatin1String(suffix);
}

QString replyText(const Records::Reply &reply)
{
    QString text = QString::number(reply.code);
    if (!reply.enhanced.isEmpty())
        text += QLatin1Char(' ') + QString::fromLatin1(reply.enhanced);
    QStringList lines;
    for (const QByteArray &line : reply.lines)
        lines.append(QString::fromUtf8(line));
    const QString joined = lines.join(QStringLiteral(" / "));
    if (!joined.isEmpty())
        text += QLatin1Char(' ') + joined;
    return text;
}

QString explain(const Rule &rule)
{
    bool plural = false;
    QString s = subject(rule, &plural);
    s += QLatin1Char(' ') + predicate(rule, plural);
    if (rule.when.times > 0)
        s += QStringLiteral(", the next %1 times only").arg(rule.when.times);
    return s;
}

QString describe(const Decision &d)
{
    QString what;
    const QString reply = d.reply ? replyText(*d.reply) : QString();
    switch (d.kind) {
    case Decision::Kind::None:
        return {};
    case Decision::Kind::Reply:
        what = QStringLiteral("reply ") + reply;
        break;
    case Decision::Kind::Delay:
        what = QStringLiteral("delay the reply by %1 ms").arg(d.delayMs);
        break;
    case Decision::Kind::Throttle:
        what = QStringLiteral("send at %1 bytes/s").arg(d.bytesPerSecond);
        break;
    case Decision::Kind::Disconnect:
        what = QStringLiteral("reply %1 and close").arg(reply);
        break;
    case Decision::Kind::Close:
        what = QStringLiteral("close the connection without a reply");
        break;
    case Decision::Kind::Hang:
        what = QStringLiteral("hang: read on, never answer");
        break;
    case Decision::Kind::Drop:
        what = QStringLiteral("reply %1 but drop the message (not stored)").arg(reply);
        break;
    case Decision::Kind::Hold:
        what = QStringLiteral("hold for a front end's answer, %1 after %2 ms").arg(reply).arg(d.holdTimeoutMs);
        break;
    }
    if ((d.kind == Decision::Kind::Delay || d.kind == Decision::Kind::Throttle) && d.reply)
        what += QStringLiteral(", reply ") + reply;
    if (!d.detail.isEmpty())
        what += QStringLiteral(" (") + d.detail + QLatin1Char(')');
    return QStringLiteral("Fault rule \"%1\": %2").arg(d.rule, what);
}

} // namespace Faults
